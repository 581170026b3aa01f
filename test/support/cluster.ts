// A KRaft cluster of N nodes of a test's own, started by infra/up.sh in a state directory of its
// own on spare ports, beside the shared broker: a test may SIGKILL its nodes (infra/broker.sh),
// which it must never do to the shared one. Its SCRAM users get the shared broker's passwords
// (its credentials file is copied in before the storage is formatted), so every client and child
// process logs in with the KAFKA_SASL_* settings it already has.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localCredentialsFile } from './kafka-credentials.ts';

const infra = fileURLToPath(new URL('../../infra/', import.meta.url));

export interface Cluster {
  readonly brokers: readonly string[];
  /** infra/'s settings for this cluster (state directory, ports) and KAFKA_BROKERS: what infra/broker.sh needs. */
  readonly env: Record<string, string>;
  /** Stops every node and removes the state directory. */
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first base from 19092 on, in steps of 100, with every node's two ports free. */
async function spareBase(nodes: number): Promise<number> {
  for (let base = 19_092; base < 30_000; base += 100) {
    const ports = Array.from({ length: 2 * nodes }, (_, k) => base + k);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no spare ports for the cluster');
}

/** Runs an infra/ script; resolves with its stdout. */
export function infraScript(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(infra, script), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${script} exited with ${code}`)),
    );
  });
}

/** The `export NAME=value` lines infra/up.sh prints. */
const exported = (stdout: string): Record<string, string> =>
  Object.fromEntries([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map(([, name, value]) => [name!, value!]));

export async function startCluster(nodes: number): Promise<Cluster> {
  const stateDir = mkdtempSync(join(tmpdir(), 'swarmgate-cluster-'));
  const base = await spareBase(nodes);
  const infraEnv = {
    SWARMGATE_STATE_DIR: stateDir,
    SWARMGATE_KAFKA_PORT: String(base),
    SWARMGATE_KAFKA_CONTROLLER_PORT: String(base + 1),
  };
  const credentials = localCredentialsFile({ ...process.env, ...infraEnv });
  mkdirSync(dirname(credentials), { recursive: true });
  copyFileSync(localCredentialsFile(), credentials);
  const scriptEnv = { ...process.env, ...infraEnv };
  const stop = async () => {
    await infraScript('down.sh', [], scriptEnv);
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    const settings = exported(await infraScript('up.sh', ['kafka', '--brokers', String(nodes)], scriptEnv));
    const brokers = settings.KAFKA_BROKERS!.split(',');
    return { brokers, env: { ...infraEnv, KAFKA_BROKERS: settings.KAFKA_BROKERS! }, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

// A single-node KRaft broker of this test's own, from the Kafka distribution infra/ fetched, in a
// temporary directory on free ports, secured as the shipped one (SASL/SCRAM, the authorizer on):
// a test may SIGKILL and restart it, which it must never do to the shared broker. Its admin user
// has the shared broker's admin password, so clients log in from the same KAFKA_SASL_* settings.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../bus/kafka/security.ts';
import { retrying } from '../../bus/retry.ts';

const infra = fileURLToPath(new URL('../../infra/', import.meta.url));

function kafkaHome(env = process.env): string {
  const cache = env.SWARMGATE_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'swarmgate');
  return join(cache, `kafka-${env.SWARMGATE_KAFKA_VERSION ?? '4.1.1'}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Kafka's cluster ids are 16 random bytes in URL-safe base64, without padding. */
const clusterId = () => randomBytes(16).toString('base64url');

export interface PrivateBroker {
  /** host:port of its client listener. */
  readonly address: string;
  /** SIGKILL: no shutdown, no flush, as a machine that dies. */
  kill(): Promise<void>;
  /** Starts it again on the same storage and ports; resolves once it answers metadata requests. */
  restart(): Promise<void>;
  /** Kills it and removes its directory. */
  remove(): Promise<void>;
}

export async function startPrivateBroker(): Promise<PrivateBroker> {
  const adminPassword = process.env.KAFKA_SASL_PASSWORD;
  if (!adminPassword || process.env.KAFKA_SASL_USERNAME !== 'admin')
    throw new Error('a private broker needs the tests to log in as admin (test/global-setup.ts)');
  const dir = mkdtempSync(join(tmpdir(), 'swarmgate-broker-'));
  mkdirSync(join(dir, 'logs'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const config = join(dir, 'server.properties');
  const controllerPassword = randomBytes(12).toString('hex');
  writeFileSync(
    config,
    readFileSync(join(infra, 'kafka/server.properties'), 'utf8')
      .replaceAll('@DATA_DIR@', join(dir, 'data'))
      .replaceAll('@NODE_ID@', '1')
      .replaceAll('@PORT@', String(port))
      .replaceAll('@CONTROLLER_PORT@', String(controllerPort))
      .replaceAll('@CONTROLLER_QUORUM@', `127.0.0.1:${controllerPort}`)
      .replaceAll('@REPLICATION_FACTOR@', '1')
      .replaceAll('@MIN_ISR@', '1')
      .replaceAll('@ADMIN_PASSWORD@', adminPassword)
      .replaceAll('@CONTROLLER_PASSWORD@', controllerPassword),
  );
  const java = (args: readonly string[], log: string): ChildProcess =>
    spawn(
      'java',
      [
        '-Xms256m',
        '-Xmx512m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(infra, 'kafka/log4j2.yaml')}`,
        `-Dkafka.logs.dir=${join(dir, 'logs')}`,
        '-cp',
        `${join(kafkaHome(), 'lib')}/*`,
        ...args,
      ],
      { stdio: ['ignore', openSync(join(dir, 'logs', log), 'a'), openSync(join(dir, 'logs', log), 'a')] },
    );
  const exitOf = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const format = java(
    [
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      '-t',
      clusterId(),
      '-c',
      config,
      '--add-scram',
      `SCRAM-SHA-512=[name=admin,password=${adminPassword}]`,
    ],
    'format.log',
  );
  if ((await exitOf(format)) !== 0)
    throw new Error(`formatting the private broker's storage failed: see ${dir}/logs/format.log`);

  const address = `127.0.0.1:${port}`;
  let broker: ChildProcess | undefined;
  const start = async () => {
    const child = java(['kafka.Kafka', config], 'kafka.out');
    broker = child;
    let exited = false;
    const died = exitOf(child).then((code) => {
      exited = true;
      return code;
    });
    const client = new Kafka({
      brokers: [address],
      logLevel: logLevel.NOTHING,
      ...kafkaSecurityFromEnv(),
      retry: { retries: 0 },
    });
    // Answering metadata requests is the condition; the broker's own exit ends the wait.
    const answered = retrying(
      async () => {
        if (exited)
          throw Object.assign(new Error('private broker exited while starting'), { retriable: false });
        const admin = client.admin();
        try {
          await admin.connect();
          await admin.listTopics();
        } finally {
          await admin.disconnect();
        }
      },
      { backoff: { initialMs: 100, maxMs: 500 } },
    );
    await Promise.race([
      answered,
      died.then((code) => Promise.reject(new Error(`private broker exited with ${code} while starting`))),
    ]);
  };
  const kill = async () => {
    const child = broker;
    broker = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = exitOf(child);
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    address,
    kill,
    restart: async () => {
      await kill();
      await start();
    },
    remove: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

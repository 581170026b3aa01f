// infra/up.sh checks every port it is to listen on before it fetches or starts anything, and names
// the one taken; a service that exits while starting is reported at once. Only the shell functions
// run here (in a state directory of their own, on spare ports): no service is started.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const infra = fileURLToPath(new URL('../infra/', import.meta.url));

function listen(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

async function freePort(): Promise<number> {
  const server = await listen();
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Checked {
  readonly code: number | null;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs SCRIPT in bash after sourcing infra's env.sh, kafka.sh and ports.sh, as up.sh does. */
function infraShell(script: string, env: Record<string, string>): Promise<Checked> {
  const sourced = ['env.sh', 'kafka.sh', 'ports.sh'].map((file) => `source "${infra}${file}"`).join(' && ');
  const started = Date.now();
  // stdin not a socket: bash would take itself for a remote shell and read ~/.bashrc.
  const child = spawn('bash', ['-c', `${sourced} && ${script}`], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.once('close', (code) => resolve({ code, stderr, ms: Date.now() - started })),
  );
}

/** `check_ports SERVICES` as up.sh runs it, with these settings. */
const checkPorts = (services: string, env: Record<string, string>) =>
  infraShell(`check_ports ${services}`, env);

describe('infra port checks', () => {
  const state = mkdtempSync(join(tmpdir(), 'swarmgate-ports-'));
  let taken: Server;
  let settings: Record<string, string>;

  beforeAll(async () => {
    taken = await listen();
    settings = {
      SWARMGATE_STATE_DIR: state,
      SWARMGATE_KAFKA_PORT: String(await freePort()),
      SWARMGATE_KAFKA_CONTROLLER_PORT: String(await freePort()),
      SWARMGATE_REGISTRY_PORT: String(await freePort()),
      SWARMGATE_REGISTRY_MANAGEMENT_PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    await new Promise((resolve) => taken.close(resolve));
    rmSync(state, { recursive: true, force: true });
  });

  it('passes when every port is free', async () => {
    expect(await checkPorts('all', settings)).toMatchObject({ code: 0, stderr: '' });
  });

  it.each([
    ['SWARMGATE_REGISTRY_MANAGEMENT_PORT', 'schema registry management'],
    ['SWARMGATE_REGISTRY_PORT', 'schema registry'],
    ['SWARMGATE_KAFKA_PORT', 'kafka'],
    ['SWARMGATE_KAFKA_CONTROLLER_PORT', 'kafka controller'],
  ])('fails at once when %s is taken, naming the port', async (variable, name) => {
    const port = portOf(taken);
    const checked = await checkPorts('all', { ...settings, [variable]: String(port) });
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`port ${port} (${name}) is already in use`);
    expect(checked.stderr).toContain(`set ${variable} to a free port`);
    expect(checked.ms).toBeLessThan(10_000);
  });

  it("leaves the registry's ports alone when only the broker starts", async () => {
    const checked = await checkPorts('kafka', {
      ...settings,
      SWARMGATE_REGISTRY_MANAGEMENT_PORT: String(portOf(taken)),
    });
    expect(checked).toMatchObject({ code: 0, stderr: '' });
  });

  it('reports a service that exits while starting at once, with the end of its log', async () => {
    const log = join(state, 'service.out');
    const checked = await infraShell(
      [
        `echo "Port ${portOf(taken)} seems to be in use by another process" > "${log}"`,
        `sleep 0.2 & echo $! > "${state}/service.pid"`,
        'status=0',
        `wait_for service 120 "${state}/service.pid" false || status=$?`,
        `started_or_die service 120 "${log}" "$status"`,
      ].join('\n'),
      settings,
    );
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`Port ${portOf(taken)} seems to be in use by another process`);
    expect(checked.stderr).toContain(`service exited while starting: see ${log}`);
    expect(checked.ms).toBeLessThan(10_000);
  });

  it('refuses a port that is not a number', async () => {
    const checked = await checkPorts('all', { ...settings, SWARMGATE_REGISTRY_MANAGEMENT_PORT: '90000' });
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain('port 90000 (schema registry management) is not a port number');
  });
});

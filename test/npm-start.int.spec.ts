// `npm start` as the README's quick start runs it, on a machine with nothing configured: it feeds
// the sample, prints the summary and ready tokens from the local token key, and its API admits
// exactly what each token's roles allow. It keeps its data in the data directory: killed and
// started again, it resumes with every workflow and audit row, and the audit verifies.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockHolder } from '../bus/memory/dir-lock.ts';
import { embeddedLogDir } from '../projector/settings.ts';
import { scrape } from './support/prometheus.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Started {
  readonly lines: string[];
  /** Resolves with the first line matching; rejects when the process exits before it. */
  line(pattern: RegExp): Promise<string>;
  /** Signals the whole process group (npm, node) and resolves once npm has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `npm start -- <args>` in its own process group, with only PATH and a fresh HOME. */
function npmStart(home: string, args: readonly string[]): Started {
  const child = spawn('npm', ['start', '--', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const output = (stream: NodeJS.ReadableStream) =>
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const check of waiters) check();
    });
  output(child.stdout);
  output(child.stderr);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    lines,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find((l) => pattern.test(l));
          if (found === undefined) return;
          waiters.delete(check);
          resolve(found);
        };
        void exited.then(() =>
          reject(new Error(`npm start exited before printing ${pattern}:\n${lines.join('\n')}`)),
        );
        waiters.add(check);
        check();
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, signal);
      await exited;
    },
  };
}

/** The token printed on the line after a role's heading in the access help. */
function tokenAfter(lines: readonly string[], heading: RegExp): string {
  const at = lines.findIndex((line) => heading.test(line));
  const token = lines[at + 1]?.trim() ?? '';
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  return token;
}

const urlOf = (serving: string) => /(http:\/\/127\.0\.0\.1:\d+)/.exec(serving)![1]!;

/** Polls `read` until `done` holds for its answer; fails after a minute. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface AuditEntry {
  readonly seq: number;
  readonly decision: { readonly origin: { topic: string; partition: number; offset: number } };
}

/** Through the API: the workflows listed and every audit row of each, page by page. */
async function holdings(url: string, token: string) {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const { workflows } = await get<{ workflows: { correlationId: string }[] }>('/workflows?limit=1000');
  const trail = async (workflow: string): Promise<AuditEntry[]> => {
    const entries: AuditEntry[] = [];
    for (let after: number | null | undefined; after !== null;) {
      const page = await get<{ entries: AuditEntry[]; next: number | null }>(
        `/audit?workflow=${workflow}&limit=1000${after === undefined ? '' : `&after=${after}`}`,
      );
      entries.push(...page.entries);
      after = page.next;
    }
    return entries;
  };
  const rows: AuditEntry[] = [];
  for (let i = 0; i < workflows.length; i += 20)
    rows.push(...(await Promise.all(workflows.slice(i, i + 20).map((w) => trail(w.correlationId)))).flat());
  const origins = new Set(rows.map(({ decision: { origin: o } }) => `${o.topic}/${o.partition}/${o.offset}`));
  return {
    workflows: workflows.length,
    rows: rows.length,
    /** Distinct records decided: as many as rows when nothing was decided twice. */
    origins: origins.size,
    lastSeq: Math.max(0, ...rows.map((row) => row.seq)),
    trail,
  };
}

describe('npm start, as the quick start runs it', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmgate-home-'));
  let started: Started;
  let url: string;

  beforeAll(async () => {
    started = npmStart(home, ['--port', '0']);
    const serving = await started.line(/^Serving http:\/\/127\.0\.0\.1:\d+\./);
    url = urlOf(serving);
  }, 300_000);
  afterAll(async () => {
    await started?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('prints a summary of the sample and ready tokens that the API verifies, role by role', async () => {
    const first = `swarmgate up (embedded, data in ${join(home, '.swarmgate', 'data')}) — API on ${url}`;
    expect(started.lines).toContain(first);
    const operator = tokenAfter(started.lines, /^ {2}operator {2}/);
    const ingest = tokenAfter(started.lines, /^ {2}ingest {4}/);
    const workflows = (token?: string) =>
      fetch(`${url}/workflows?limit=5`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

    const anonymous = await workflows();
    const asOperator = await workflows(operator);
    const asIngest = await workflows(ingest);

    expect(anonymous.status).toBe(401);
    expect(asOperator.status).toBe(200);
    expect(((await asOperator.json()) as { workflows: unknown[] }).workflows.length).toBeGreaterThan(0);
    expect(asIngest.status).toBe(403);
    expect(await asIngest.text()).toMatch(/read/);
  });

  it("serves the gate's, every agent's and the projector's metrics on the API's /metrics, one registry for the process", async () => {
    const operator = tokenAfter(started.lines, /^ {2}operator {2}/);
    const read = () => scrape(url, { authorization: `Bearer ${operator}` });
    // Decisions still being projected (a deadline's tick) are counted once the projector has them.
    const metrics = await until(read, (m) => {
      const decided = m.sum('swarmgate_gate_decisions_total');
      return decided > 0 && m.sum('swarmgate_projector_audit_rows_total') === decided;
    });
    expect(metrics.sum('swarmgate_gate_decisions_total')).toBeGreaterThan(0);
    expect(metrics.sum('swarmgate_projector_audit_rows_total')).toBe(
      metrics.sum('swarmgate_gate_decisions_total'),
    );
    const agents = new Set(metrics.of('swarmgate_agent_records_total').map((s) => s.labels.agent));
    expect([...agents].sort()).toEqual([
      'advisor',
      'aml-monitor',
      'analyst',
      'compliance',
      'fraud',
      'responder',
    ]);
    expect(metrics.sum('swarmgate_agent_records_total', { outcome: 'produced' })).toBeGreaterThan(0);
    expect(metrics.of('swarmgate_gate_consumer_lag').length).toBeGreaterThan(0);
    expect(metrics.sum('swarmgate_api_requests_total')).toBeGreaterThan(0);
  });

  it('keeps every workflow and audit row across a SIGKILL, resumes without deciding anything twice or feeding the sample again, and its audit verifies', async () => {
    const dataDir = join(home, '.swarmgate', 'data');
    const before = await holdings(url, tokenAfter(started.lines, /^ {2}operator {2}/));
    expect(before.workflows).toBeGreaterThan(0);
    expect(before.rows).toBeGreaterThanOrEqual(before.workflows);

    await started.stop('SIGKILL');
    // npm has exited; the swarm's own process may take a moment longer to die.
    await expect.poll(() => lockHolder(embeddedLogDir(dataDir)), { timeout: 60_000 }).toBeUndefined();
    started = npmStart(home, ['--port', '0', '--data-dir', dataDir]);
    url = urlOf(await started.line(/^Serving http:\/\/127\.0\.0\.1:\d+\./));
    const operator = tokenAfter(started.lines, /^ {2}operator {2}/);
    const after = await until(
      () => holdings(url, operator),
      (now) => now.rows >= before.rows,
    );

    expect(started.lines).toContain(`swarmgate up (embedded, data in ${dataDir}) — API on ${url}`);
    expect(started.lines.some((line) => /^The sample is fed on the first start only/.test(line))).toBe(true);
    expect(started.lines.some((line) => /^upstream events decided/.test(line))).toBe(false);
    expect(after.workflows).toBe(before.workflows);
    expect(after.rows).toBe(before.rows);
    expect(after.origins).toBe(after.rows); // no upstream or proposed record decided twice

    // The chain continues: a new event's decisions are appended after the rows from before the kill.
    const event = {
      type: 'banking.CustomerRequestReceived',
      source: 'channel-gateway',
      actor: { userId: '42', roles: ['customer'], tenantId: 'retail-us', region: 'US' },
      consent: ['analytics', 'profiling', 'advice'],
      payload: {
        requestId: 'after-restart',
        customerId: '42',
        channel: 'app',
        text: 'What is my balance?',
        receivedAt: Date.now(),
      },
    };
    const posted = await fetch(`${url}/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokenAfter(started.lines, /^ {2}ingest {4}/)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(event),
    });
    expect(posted.status).toBe(202);
    const { correlationId } = (await posted.json()) as { correlationId: string };
    const trail = await until(
      () => after.trail(correlationId).catch(() => []),
      (entries) => entries.length > 0,
    );
    expect(trail[0]!.seq).toBeGreaterThan(before.lastSeq);

    await started.stop();
    const verified = await promisify(execFile)(
      process.execPath,
      ['cli/swarmgate.js', 'audit', 'verify', '--offline', '--json'],
      { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: home } },
    );
    const report = JSON.parse(verified.stdout) as { ok: boolean; rows: number; checkpoints: number };
    expect(report.ok).toBe(true);
    expect(report.rows).toBeGreaterThan(before.rows);
  }, 300_000);
});

describe('npm start -- --ephemeral', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmgate-home-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('says it keeps nothing, and keeps nothing', async () => {
    const started = npmStart(home, ['--port', '0', '--ephemeral', '--no-events']);
    try {
      const serving = await started.line(/^Serving http:\/\/127\.0\.0\.1:\d+\./);
      expect(started.lines).toContain(
        `swarmgate up (embedded, ephemeral: in memory, gone when it stops) — API on ${urlOf(serving)}`,
      );
      expect(existsSync(join(home, '.swarmgate', 'data'))).toBe(false);
    } finally {
      await started.stop();
    }
  }, 300_000);
});

// `swarmgate up` takes the options of the components it composes, and every CLI command works
// against it: through its API while it runs (the data directory is its own then), through its data
// directory once it has stopped, or, for what only applies to Kafka, a clear refusal (exit 2).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadComposite } from '../orchestrator/policy/composite.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'swarmgate.js');
const shippedPolicy = join(root, 'orchestrator', 'policies.yaml');
const sample = join(root, 'cli', 'samples', 'banking.ndjson');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('swarmgate up and the CLI against it', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmgate-up-cli-'));
  const dataDir = join(home, 'swarm');
  // The shipped policy, from a path of its own: `up --policy` must be what the gate loads.
  const policy = join(home, 'bank-policies.yaml');
  const events = join(home, 'events.ndjson');
  const env = { PATH: process.env.PATH ?? '', HOME: home };
  const lines: string[] = [];
  let up: ReturnType<typeof spawn>;
  let exited: Promise<void>;
  let url: string;
  let operator: string;
  let reviewer: string;
  let escalated: string;

  const swarmgate = (args: readonly string[], extra: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(process.execPath, [cli, ...args], { env: { ...env, ...extra } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  const token = async (roles: string) =>
    (await swarmgate(['token', '--sub', `it-${roles}`, '--roles', roles, '--tenants', '*'])).stdout.trim();

  beforeAll(async () => {
    // The compiled CLI, as `npm start` runs it.
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    copyFileSync(shippedPolicy, policy);
    writeFileSync(events, readFileSync(sample, 'utf8').split('\n').slice(0, 200).join('\n'));
    up = spawn(
      process.execPath,
      [cli, 'up', '--port', '0', '--data-dir', dataDir, '--policy', policy, '--events', events],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    exited = new Promise((resolve) => up.once('exit', () => resolve()));
    const serving = new Promise<string>((resolve, reject) => {
      for (const stream of [up.stdout!, up.stderr!])
        createInterface({ input: stream }).on('line', (line) => {
          lines.push(line);
          const match = /^Serving (http:\/\/127\.0\.0\.1:\d+)\./.exec(line);
          if (match) resolve(match[1]!);
        });
      void exited.then(() => reject(new Error(`swarmgate up exited:\n${lines.join('\n')}`)));
    });
    url = await serving;
    [operator, reviewer] = await Promise.all([
      token('read,operate'),
      token('read,review,compliance-reviewer'),
    ]);
    const listed = await fetch(`${url}/workflows?status=escalated&limit=1`, {
      headers: { authorization: `Bearer ${operator}` },
    });
    const { workflows } = (await listed.json()) as { workflows: { correlationId: string }[] };
    escalated = workflows[0]!.correlationId;
  }, 300_000);

  afterAll(async () => {
    if (up && up.exitCode === null) up.kill('SIGTERM');
    await exited;
    rmSync(home, { recursive: true, force: true });
  });

  it('runs the gate on the policy file --policy names, as `swarmgate gate --policy` does', async () => {
    const version = loadComposite(policy).version;
    expect(lines).toContain(
      `policy           ${policy} (version ${version.slice(0, 12)}); agents analyst, fraud, aml-monitor, advisor, compliance, responder`,
    );
    const status = await swarmgate(['status', escalated, '--data-dir', dataDir, '--token', operator]);
    expect(status.stdout).toContain(`policy        ${version}`);
    const missing = await swarmgate([
      'up',
      '--ephemeral',
      '--port',
      '0',
      '--policy',
      join(home, 'none.yaml'),
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(join(home, 'none.yaml'));
  });

  it('answers status, audit verify, replay and audit export through its API, with a token', async () => {
    const reach = ['--data-dir', dataDir, '--token', operator];
    const status = await swarmgate(['status', escalated, '--json', ...reach]);
    const verify = await swarmgate(['audit', 'verify', '--json', ...reach]);
    const replay = await swarmgate([
      'replay',
      '--from',
      'earliest',
      '--workflow',
      escalated,
      '--drop',
      '--json',
      ...reach,
    ]);
    const exported = await swarmgate(['audit', 'export', escalated, ...reach]);
    const anonymous = await swarmgate(['status', escalated, '--data-dir', dataDir]);

    expect(status.code, status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as { workflow: { status: string } }).workflow.status).toBe('escalated');
    expect(verify.code, verify.stderr).toBe(0);
    const verified = JSON.parse(verify.stdout) as { ok: boolean; rows: number; recordsChecked: boolean };
    expect(verified).toMatchObject({ ok: true, recordsChecked: true });
    expect(verified.rows).toBeGreaterThan(0);
    expect(replay.code, replay.stderr).toBe(0);
    const replayed = JSON.parse(replay.stdout) as { applied: number; comparison: { identical: boolean } };
    expect(replayed.comparison.identical).toBe(true);
    expect(replayed.applied).toBeGreaterThan(0);
    expect(exported.code, exported.stderr).toBe(0);
    const caseFile = JSON.parse(exported.stdout) as { correlationId: string; entries: unknown[] };
    expect(caseFile.correlationId).toBe(escalated);
    expect(caseFile.entries.length).toBeGreaterThan(0);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/needs a bearer token with role read/);
  }, 300_000);

  it('records a decision with decide and follows it to compliance through the API', async () => {
    const decided = await swarmgate(['decide', escalated, 'approve', '--api', url, '--token', reviewer]);
    expect(decided.code, decided.stderr).toBe(0);
    const recorded = JSON.parse(decided.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(recorded).toMatchObject({ event: 'decide.recorded', workflow: escalated, outcome: 'DELIVERED' });
    expect(recorded.effect).toBe('completed');
  }, 120_000);

  it('refuses, with the reason and exit 2, what only applies to Kafka or needs its log while it runs', async () => {
    const operatorKey = { SWARMGATE_OPERATOR_KEY_FILE: join(home, '.swarmgate', 'keys', 'operator.pem') };
    const runs = await Promise.all([
      swarmgate(['gate']),
      swarmgate(['agent', 'fraud']),
      swarmgate(['projector']),
      swarmgate(['topics']),
      swarmgate(['acls']),
      swarmgate(['schemas']),
      swarmgate(['kill', 'fraud', '--reason', 'drill'], { ...operatorKey, SWARMGATE_DATA_DIR: dataDir }),
    ]);
    for (const run of runs) expect(run.code, run.stdout).toBe(2);
    const [gate, agent, projector, topics, acls, schemas, kill] = runs.map((run) => run.stderr);
    expect(gate).toMatch(/runs its gate inside `swarmgate up`/);
    expect(agent).toMatch(/runs its agents inside `swarmgate up`/);
    expect(projector).toMatch(/runs its projector inside `swarmgate up`/);
    expect(topics).toMatch(/creates its topics itself/);
    expect(acls).toMatch(/has no broker/);
    expect(schemas).toMatch(/every schema built in/);
    expect(kill).toMatch(/goes through its API and needs a bearer token with role operate/);
  }, 120_000);

  it('kills and resumes an agent through its API, issued by the token subject', async () => {
    const reach = { SWARMGATE_DATA_DIR: dataDir };
    const killed = await swarmgate(['kill', 'fraud', '--reason', 'drill', '--token', operator], reach);
    const resumed = await swarmgate(
      ['resume', 'fraud', '--reason', 'drill over', '--token', operator],
      reach,
    );
    for (const run of [killed, resumed]) {
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({
        event: 'control.sent',
        target: 'fraud',
        issuedBy: 'it-read,operate',
      });
    }
  }, 120_000);

  /** Resolves once the workflow has the status; rejects when `swarmgate up` exits first. */
  const untilStatus = async (workflow: string, status: string) => {
    const headers = { authorization: `Bearer ${operator}` };
    let stopped = false;
    const gone = exited.then(() => {
      stopped = true;
      throw new Error(`swarmgate up exited while ${workflow} was not ${status}:\n${lines.join('\n')}`);
    });
    const poll = async () => {
      while (!stopped) {
        const response = await fetch(`${url}/workflows/${workflow}`, { headers });
        if (response.ok && ((await response.json()) as { status: string }).status === status) return;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.race([poll(), gone]);
  };

  const lastJson = (run: Run) => JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

  it('publishes through its API with an ingest token; an approval short of dual control is held', async () => {
    const workflow = `wf-dual-${process.pid}`;
    const request = join(home, 'dual-control.ndjson');
    const line = {
      type: 'banking.CustomerRequestReceived',
      correlationId: workflow,
      source: 'channel-gateway',
      actor: { userId: 'adv-ines', roles: ['advisor'], tenantId: 'retail-eu', region: 'EU' },
      consent: ['analytics', 'profiling', 'advice'],
      classification: 'INTERNAL',
      payload: {
        requestId: `req-${workflow}`,
        customerId: '4711',
        accountId: 'ACC-4711',
        channel: 'branch',
        language: null,
        text: 'The client wants to move EUR 250,000.00 from savings into a term deposit: please advise.',
        receivedAt: Date.now(),
      },
    };
    writeFileSync(request, `${JSON.stringify(line)}\n`);
    const reach = { SWARMGATE_DATA_DIR: dataDir };
    const anonymous = await swarmgate(['publish', request], reach);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/needs a bearer token with role ingest/);

    const published = await swarmgate(['publish', request, '--token', await token('ingest,advisor')], reach);
    expect(published.code, published.stderr).toBe(0);
    expect(lastJson(published)).toMatchObject({
      event: 'publish.done',
      published: 1,
      workflows: 1,
      via: `${url}/`,
    });
    await untilStatus(workflow, 'escalated');

    const first = await swarmgate(['decide', workflow, 'approve', '--api', url, '--token', reviewer]);
    expect(first.code, first.stderr).toBe(0);
    expect(lastJson(first)).toMatchObject({ effect: 'awaiting', approvals: 1, requiredApprovals: 2 });
    const bob = await swarmgate([
      'token',
      '--sub',
      'bob',
      '--roles',
      'read,review,compliance-reviewer',
      '--tenants',
      '*',
    ]);
    const second = await swarmgate([
      'decide',
      workflow,
      'approve',
      '--api',
      url,
      '--token',
      bob.stdout.trim(),
    ]);
    expect(second.code, second.stderr).toBe(0);
    expect(lastJson(second)).toMatchObject({ approver: 'bob', effect: 'completed' });
    await untilStatus(workflow, 'completed');
  }, 120_000);

  it('drills an agent through its API: its fallback answers and the incident is audited', async () => {
    const reach = { SWARMGATE_DATA_DIR: dataDir };
    const anonymous = await swarmgate(['drill', 'fraud'], reach);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/needs a bearer token with role operate and read/);
    const drilled = await swarmgate(['drill', 'fraud', '--token', operator], reach);
    expect(drilled.code, drilled.stdout + drilled.stderr).toBe(0);
    expect(drilled.stdout).toMatch(
      /^PASS drill [0-9a-f-]{36} of fraud: incident \S+ audited as (DELIVERED|NO_RECIPIENT) /,
    );
  }, 120_000);

  it('lists and signs registrations through its API with an operate token', async () => {
    const reach = { SWARMGATE_DATA_DIR: dataDir };
    const listed = await swarmgate(['agents', 'list', '--token', operator], reach);
    expect(listed.code, listed.stderr).toBe(0);
    const names = listed.stdout
      .trim()
      .split('\n')
      .map((entry) => (JSON.parse(entry) as { name: string }).name);
    expect(names.sort()).toEqual([
      'advisor',
      'aml-monitor',
      'analyst',
      'case-desk',
      'compliance',
      'fraud',
      'responder',
    ]);

    // Registering fraud again with the key it runs with changes no grant: the swarm carries on.
    const fraudKey = join(home, '.swarmgate', 'keys', 'fraud.pem');
    const registered = await swarmgate(
      ['agents', 'register', 'fraud', '--public-key', fraudKey, '--token', operator],
      reach,
    );
    expect(registered.code, registered.stderr).toBe(0);
    const changes = registered.stdout
      .trim()
      .split('\n')
      .map((entry) => JSON.parse(entry) as Record<string, unknown>);
    expect(changes[0]).toEqual({ event: 'agents.changes', name: 'fraud', changes: [] });
    expect(changes[1]).toMatchObject({
      event: 'agents.registered',
      name: 'fraud',
      issuedBy: 'it-read,operate',
      inEffect: true,
    });

    const unknown = await swarmgate(['agents', 'retire', 'payout-bot', '--token', operator], reach);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe(
      'the API answered 409 Conflict: agent "payout-bot" has no registration in effect to retire',
    );
  }, 120_000);

  it('once stopped, reads its data directory: status, audit verify, and a signed resume into its log', async () => {
    up.kill('SIGTERM');
    await exited;
    const reach = ['--data-dir', dataDir];
    const status = await swarmgate(['status', escalated, '--json', ...reach]);
    const verify = await swarmgate(['audit', 'verify', '--json', ...reach]);
    const resume = await swarmgate(['resume', 'fraud'], {
      SWARMGATE_OPERATOR_KEY_FILE: join(home, '.swarmgate', 'keys', 'operator.pem'),
      SWARMGATE_DATA_DIR: dataDir,
    });

    expect(status.code, status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as { workflow: { status: string } }).workflow.status).not.toBe(
      'escalated',
    );
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, recordsChecked: true });
    expect(resume.code, resume.stderr).toBe(0);
    expect(JSON.parse(resume.stdout)).toMatchObject({
      event: 'control.sent',
      kind: 'RESUME',
      target: 'fraud',
    });
  }, 120_000);
});

import { randomUUID } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import type { OffsetCommit } from '../../bus/port.ts';
import { ConfigError, dataDirectory, onKafka, type Config } from '../config.ts';
import { readyTokens } from '../local-tokens.ts';
import { stopOnSignals } from '../connect.ts';
import { sampleRecords, samplePath } from '../up/sample.ts';
import {
  agentList,
  agentsOption,
  apiHostOption,
  apiPortOption,
  bankingConfigOption,
  budgetOption,
  dataDirOption,
  deadlineOption,
  decideAttemptsOption,
  policyOption,
} from '../options.ts';
import type { AgentOptions } from '../start/agent.ts';
import type { ApiAddressOptions } from '../start/api.ts';
import type { GateOptions } from '../start/gate.ts';
import { startSwarm, type Swarm } from '../up/swarm.ts';
import { projectorConfig } from './projector.ts';
import { Tally } from '../up/tally.ts';

/** Workflows by status: of the given ones, or of the whole installation. */
async function workflowStatuses(swarm: Swarm, ids?: ReadonlySet<string>): Promise<Map<string, number>> {
  const { rows } = await swarm.db.query(
    `SELECT status, count(*)::int AS n FROM "${swarm.schema}".workflows
      WHERE $1::text[] IS NULL OR correlation_id = ANY($1::text[]) GROUP BY status`,
    [ids ? [...ids] : null],
  );
  return new Map(rows.map((row) => [String(row.status), Number(row.n)]));
}

/**
 * Counts every decision committed after `since` (the decisions topic's end offsets before the
 * feed: an installation may hold earlier ones); resolves `decided` once `expected` upstream
 * events are decided.
 */
function follow(
  swarm: Swarm,
  tally: Tally,
  expected: number,
  bar: SingleBar,
  since: readonly OffsetCommit[],
) {
  let done: () => void = () => {};
  const decided = new Promise<void>((resolve) => (done = resolve));
  const start = new Map(since.map((end) => [end.partition, BigInt(end.offset)]));
  const subscription = swarm.bus.consume({
    groupId: `swarmgate-up-${randomUUID()}`,
    topics: [swarm.names.decisions],
    commit: 'after-handle',
    handle: async (batch) => {
      const after = start.get(batch.partition) ?? 0n;
      for (const record of batch.records.filter((r) => BigInt(r.offset) >= after))
        tally.add(await swarm.codec.decodeAs('swarmgate.v1.Decision', record.value), swarm.names.ingress);
      bar.update(Math.min(tally.upstreamDecided, expected), { answers: tally.answered.size });
      if (tally.upstreamDecided >= expected) done();
    },
  });
  return { decided, stop: () => subscription.stop() };
}

async function audited(swarm: Swarm): Promise<number> {
  const { rows } = await swarm.db.query(`SELECT count(*)::int AS n FROM "${swarm.schema}".audit_log`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Waits, up to a minute, for the workflows to settle: every delivered customer request answered
 * (answers come at the latest at the responder's deadline) and the projector caught up.
 */
async function settle(swarm: Swarm, tally: Tally, auditedBefore: number): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const answeredAll = tally.answered.size >= tally.requestsDelivered;
    if (answeredAll && (await audited(swarm)) - auditedBefore >= tally.decisions) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * How a reviewer decides an escalation with `token`. On Kafka, `swarmgate decide` (it follows the
 * outcome on Kafka, with this shell's settings); the embedded log lives in this process, so there
 * the API's decision route itself.
 */
function decideHelp(swarm: Swarm, token: string): string {
  if (swarm.mode === 'kafka')
    return `Decide an escalation: SWARMGATE_TOKEN=${token} swarmgate decide <workflow> approve --api ${swarm.url}`;
  return `Decide an escalation: curl -X POST -H "Authorization: Bearer ${token}" -H 'content-type: application/json' -d '{"decision":"approve"}' ${swarm.url}/workflows/<workflow>/decision`;
}

/** How to call the API: ready tokens from the local key, or a word about the configured IdP. */
async function accessHelp(swarm: Swarm): Promise<string> {
  if (!swarm.tokenAuthority)
    return [
      'The API takes bearer tokens from the identity provider set in SWARMGATE_AUTH_*.',
      decideHelp(swarm, "<a reviewer's token>"),
    ].join('\n');
  const tokens = await readyTokens(swarm.tokenAuthority);
  return [
    'API tokens (valid 8h; more with `swarmgate token --sub <who> --roles <roles> --tenants <tenants>`):',
    `  operator  read, operate (all tenants)`,
    `    ${tokens.operator}`,
    `  reviewer  read, review, compliance-reviewer (all tenants)`,
    `    ${tokens.reviewer}`,
    `  ingest    ingest, may publish as system or advisor (all tenants)`,
    `    ${tokens.ingest}`,
    `Dashboard: ${swarm.url}/dashboard#token=${tokens.operator}`,
    `Try: curl -H "Authorization: Bearer $TOKEN" ${swarm.url}/workflows?limit=5`,
    decideHelp(swarm, tokens.reviewer),
  ].join('\n');
}

/** Records on sg.ingress: none in an installation that was never fed. */
async function upstreamEvents(swarm: Swarm): Promise<number> {
  const ends = await swarm.bus.endOffsets(swarm.names.ingress);
  return ends.reduce((sum, end) => sum + Number(end.offset), 0);
}

/** The first line's word on where the data lives. */
function storage(swarm: Swarm, config: Config): string {
  if (swarm.mode === 'kafka') return 'kafka';
  if (swarm.dataDir === undefined) return 'embedded, ephemeral: in memory, gone when it stops';
  if (config.DATABASE_URL) return `embedded, log in ${swarm.dataDir}, database at DATABASE_URL`;
  return `embedded, data in ${swarm.dataDir}`;
}

interface UpOptions extends GateOptions, AgentOptions, ApiAddressOptions {
  readonly events?: string | false;
  readonly agents: string;
  readonly dataDir?: string;
  readonly ephemeral?: boolean;
}

/** What to feed: the file asked for, nothing, or the sample into an installation never fed before. */
async function eventsToFeed(swarm: Swarm, options: UpOptions): Promise<string | undefined> {
  if (options.events === false) return undefined;
  if (options.events !== undefined) return options.events;
  const held = await upstreamEvents(swarm);
  if (held === 0) return samplePath;
  console.log(
    `The sample is fed on the first start only: this installation already holds ${held.toLocaleString('en-US')} upstream events (--events <file> feeds more).`,
  );
  return undefined;
}

async function feed(swarm: Swarm, file: string): Promise<void> {
  const records = await sampleRecords(swarm.codec, swarm.names.ingress, file);
  const since = await swarm.bus.endOffsets(swarm.names.decisions);
  const auditedBefore = await audited(swarm);
  const tally = new Tally();
  const bar = new SingleBar(
    { format: 'upstream events decided {bar} {value}/{total} | customer answers {answers}' },
    Presets.shades_classic,
  );
  bar.start(records.length, 0, { answers: 0 });
  const followed = follow(swarm, tally, records.length, bar, since);
  for (let i = 0; i < records.length; i += 100) await swarm.bus.send(records.slice(i, i + 100));
  await followed.decided;
  await settle(swarm, tally, auditedBefore);
  await followed.stop();
  bar.stop();
  console.log(`\n${tally.summary(await workflowStatuses(swarm, tally.workflows))}\n`);
}

/** What an installation that was not fed on this start holds. */
async function holdings(swarm: Swarm): Promise<string> {
  const statuses = await workflowStatuses(swarm);
  const workflows = [...statuses.values()].reduce((a, b) => a + b, 0);
  const list = [...statuses].map(([status, n]) => `${status} ${n}`).join(', ') || 'none';
  return `installation     ${workflows} workflows (${list}), ${await audited(swarm)} audit rows`;
}

export function upCommand(program: Command): void {
  program
    .command('up')
    .description(
      'run the whole swarm in one process, feed it the sample banking stream on its first start, then keep serving the API',
    )
    .option(
      '--events <file.ndjson>',
      'upstream events to publish (default: the shipped sample, when the installation holds none yet)',
    )
    .option('--no-events', 'publish nothing; just run')
    .addOption(apiPortOption())
    .addOption(apiHostOption())
    .addOption(dataDirOption())
    .option('--ephemeral', 'embedded default in memory only: a throw-away run, nothing kept')
    .addOption(policyOption())
    .addOption(agentsOption('to run'))
    .addOption(bankingConfigOption())
    .addOption(deadlineOption())
    .addOption(decideAttemptsOption())
    .addOption(budgetOption())
    .addHelpText(
      'after',
      `
The embedded default (no KAFKA_BROKERS, SCHEMA_REGISTRY_URL) keeps its in-process log and its
PGlite in the data directory and resumes from them on the next start; remove the directory to
start afresh. Writes there outlive a killed process; SWARMGATE_FSYNC=true makes them outlive a
machine crash too. The sample is fed into an installation that holds no upstream events yet.

It runs the gate, agents, projector and API of \`swarmgate gate|agent|projector|api\`, with their
options (--policy, --config, --deadline-ms, --budget-micros, --port, --host) and settings
(SWARMGATE_POLICY, SWARMGATE_PROJECTOR_SCHEMA, SWARMGATE_CHECKPOINT_EVERY, SWARMGATE_AUDIT_KEY, ...).
While it runs, the other commands reach it through its API (--api, --token; \`swarmgate token\`
issues one); once stopped, status, replay and audit read its data directory.

Examples:
  npm start                                  # embedded: no servers needed, data in ~/.swarmgate/data
  npm start -- --ephemeral                   # a throw-away run in memory
  swarmgate up --data-dir ./demo --events my-events.ndjson
  swarmgate up --policy ./policies.yaml --agents analyst,fraud --deadline-ms 20000
  KAFKA_BROKERS=127.0.0.1:9092 SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7 \\
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test swarmgate up --port 8080`,
    )
    .action(async (options: UpOptions) => {
      const config = projectorConfig();
      if (onKafka(config) && (options.dataDir !== undefined || options.ephemeral))
        throw new ConfigError(
          '--data-dir and --ephemeral are for the embedded default; on Kafka the data lives in Kafka and DATABASE_URL',
        );
      if (options.dataDir !== undefined && options.ephemeral)
        throw new ConfigError('--data-dir or --ephemeral, not both');
      const dataDir = options.ephemeral ? undefined : dataDirectory(config, options.dataDir);
      const swarm = await startSwarm(config, { ...options, dataDir, agents: agentList(options.agents) });
      console.log(`swarmgate up (${storage(swarm, config)}) — API on ${swarm.url}`);
      console.log(
        `policy           ${String(swarm.policy.policyFile)} (version ${String(swarm.policy.policyVersion).slice(0, 12)}); agents ${swarm.agents.join(', ')}`,
      );
      stopOnSignals(() => swarm.stop());
      const file = await eventsToFeed(swarm, options);
      if (file === undefined) console.log(`${await holdings(swarm)}\n`);
      else await feed(swarm, file);
      console.log(`${await accessHelp(swarm)}\nServing ${swarm.url}. Ctrl-C to stop.`);
    });
}

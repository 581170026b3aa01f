// npm run chaos — the multi-process swarm on Kafka, with random components killed by SIGKILL
// while workflows run, then the invariants: every workflow ended (answered or escalated), no
// agent output duplicated, the projections equal a clean replay, the audit chain verifies.
//   CHAOS_WORKFLOWS=20000 CHAOS_KILLS=20 npm run chaos
import { fileURLToPath } from 'node:url';
import { createKafka } from '../../bus/kafka/config.ts';
import { KafkaBus } from '../../bus/kafka/index.ts';
import { topicNames, topicSpecs } from '../../bus/topics.ts';
import { openProjectorDb } from '../../projector/index.ts';
import type { Db } from '../../projector/store/db.ts';
import { replayAndCompare } from '../../projector/replay.ts';
import { loadVerifyingKey } from '../../projector/signing-key.ts';
import { verifyAuditTrail } from '../../projector/verify-trail.ts';
import { approveRequests, testOperator } from '../../registry/testing.ts';
import { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope } from '../../schemas/envelope.ts';
import type { Decision } from '../../schemas/generated/types.ts';
import { collect } from '../support/collect.ts';
import { initializedKeyDir } from '../support/key-dir.ts';
import { uniqueName } from '../support/names.ts';
import { agentNames, components, killAndRestart, start, stopAll, type Component } from './components.ts';
import { isTerminal, workflowProposal } from './workflows.ts';

export interface ChaosOptions {
  readonly workflows: number;
  readonly kills: number;
  /** Workflows published per second, so the kills land while workflows are in flight. */
  readonly rate?: number;
  readonly brokers: readonly string[];
  readonly registryUrl: string;
  readonly databaseUrl: string;
  readonly log?: (line: string) => void;
  /** Keep the run's topics and schemas for inspection (CHAOS_KEEP=1); dropped by default. */
  readonly keep?: boolean;
}

export interface ChaosReport {
  readonly kills: number;
  /** Kills that hit while workflows were still being published or had not ended. */
  readonly killsInFlight: number;
  readonly workflows: number;
  readonly ended: number;
  readonly lost: number;
  /** Agent outputs delivered twice, or a transactional output proposed twice: must be 0. */
  readonly duplicated: number;
  /** Deadlines proposed again after a restart because the earlier proposal was not delivered. */
  readonly deadlineRetries: number;
  readonly replayIdentical: boolean;
  readonly auditOk: boolean;
}

/**
 * Kills spread evenly over the publishing span, each at a random component that is not
 * restarting already; restarts run alongside, so a slow restart does not push the later kills
 * past the end of the stream. Resolves when every restarted component is ready again.
 */
async function killOnSchedule(
  swarm: readonly Component[],
  env: Record<string, string>,
  plan: {
    readonly kills: number;
    readonly spanMs: number;
    /** Called before each kill; true when workflows are in flight. */
    readonly before: (victim: Component, k: number) => Promise<boolean>;
  },
): Promise<{ kills: number; killsInFlight: number }> {
  const began = Date.now();
  const restarting = new Map<Component, Promise<void>>();
  const failed: unknown[] = [];
  let killsInFlight = 0;
  for (let k = 0; k < plan.kills; k++) {
    const due = began + (plan.spanMs * (k + 0.5 + Math.random() * 0.5)) / (plan.kills + 1);
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    while (restarting.size === swarm.length) await Promise.race(restarting.values());
    const candidates = swarm.filter((component) => !restarting.has(component));
    const victim = candidates[Math.floor(Math.random() * candidates.length)]!;
    if (await plan.before(victim, k)) killsInFlight += 1;
    const restart = killAndRestart(victim, env)
      .catch((error: unknown) => void failed.push(error))
      .finally(() => restarting.delete(victim));
    restarting.set(victim, restart);
  }
  await Promise.all(restarting.values());
  if (failed.length > 0) throw new Error('a component did not restart', { cause: failed[0] });
  return { kills: plan.kills, killsInFlight };
}

/** Drops what a run made: its projector schemas, then (its clients closed) its topics. */
async function dropSchemas(db: Db, schema: string): Promise<void> {
  for (const name of [schema, `${schema}_shadow`]) await db.exec(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
}

async function dropTopics(brokers: readonly string[], prefix: string): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'swarmgate-chaos-cleanup' }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const prefix = `${uniqueName('chaos')}.`;
  const schema = uniqueName('chaos').replaceAll('-', '_');
  const keyDir = initializedKeyDir([...agentNames]);
  const env = {
    KAFKA_BROKERS: options.brokers.join(','),
    SCHEMA_REGISTRY_URL: options.registryUrl,
    DATABASE_URL: options.databaseUrl,
    SWARMGATE_TOPIC_PREFIX: prefix,
    SWARMGATE_PROJECTOR_SCHEMA: schema,
    SWARMGATE_KEY_DIR: keyDir,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...testOperator().env,
  };
  const bus = new KafkaBus({ brokers: [...options.brokers] });
  const codec = Codec.connect(options.registryUrl);
  await codec.registerAll();
  const names = topicNames(prefix);
  await bus.createTopics(topicSpecs(names, { partitions: 3, agents: [...agentNames] }));
  const swarm = components();
  for (const component of swarm) await start(component, env);
  await approveRequests(bus, codec, names, agentNames);
  log(`chaos: ${swarm.length} processes up on ${prefix}`);

  const ended = new Set<string>();
  // Per agent output: how often it was decided, how often delivered, and whether it is a
  // deadline (proposed at least once by design, so a restart may propose one again).
  const outputsSeen = new Map<string, { decided: number; delivered: number; deadline: boolean }>();
  const decisions = collect(bus, uniqueName('chaos-reader'), [names.decisions]);
  let decoded = 0;
  const absorb = async () => {
    const records = decisions.records.slice(decoded);
    decoded += records.length;
    for (const record of records) {
      const decision: Decision = await codec.decodeAs('swarmgate.v1.Decision', record.value);
      if (isTerminal(decision)) ended.add(decision.correlationId);
      if (agentNames.includes(decision.sender as never)) {
        const seen = outputsSeen.get(decision.eventId) ?? {
          decided: 0,
          delivered: 0,
          deadline: decision.eventType === 'workflow.DeadlineReached',
        };
        seen.decided += 1;
        if (decision.outcome === 'DELIVERED') seen.delivered += 1;
        outputsSeen.set(decision.eventId, seen);
      }
    }
  };

  // Publish in the background while the killer works.
  const published: string[] = [];
  const rate = options.rate ?? 100;
  const began = Date.now();
  const publishing = (async () => {
    for (let i = 0; i < options.workflows; i += 50) {
      const due = began + (i / rate) * 1000;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const batch = Array.from({ length: Math.min(50, options.workflows - i) }, (_, j) =>
        workflowProposal(i + j),
      );
      const records = await Promise.all(
        batch.map(async ({ fields, payload }) => {
          published.push(fields.correlationId);
          return {
            topic: names.ingress,
            key: fields.correlationId,
            value: await encodeEnvelope(codec, await sealEnvelope(codec, fields, payload)),
          };
        }),
      );
      await bus.send(records);
    }
  })();

  const inFlight = () => ended.size < published.length || published.length < options.workflows;
  const { kills, killsInFlight } = await killOnSchedule(swarm, env, {
    kills: options.kills,
    spanMs: (options.workflows / rate) * 1000,
    before: async (victim, k) => {
      await absorb();
      log(
        `chaos: kill ${k + 1}/${options.kills}: ${victim.name} (published ${published.length}, ended ${ended.size})`,
      );
      return inFlight();
    },
  });
  await publishing;

  // Every workflow must end; the responder's deadline answers at the latest. A backlog drains
  // for as long as it takes; two minutes without a new decision means something is stuck.
  let lastProgress = Date.now();
  let lastLog = Date.now();
  while (ended.size < published.length && Date.now() - lastProgress < 2 * 60_000) {
    const more = decisions.until((r) => r.length > decoded);
    await Promise.race([more, new Promise((resolve) => setTimeout(resolve, 1000))]);
    if (decisions.records.length > decoded) lastProgress = Date.now();
    await absorb();
    if (Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      log(`chaos: draining: ended ${ended.size}/${published.length}`);
    }
  }
  // Stop everything that writes decisions, then let the projector apply the last of them.
  await stopAll(swarm.filter((component) => component.name !== 'projector'));
  let total = 0;
  await bus.replay(names.decisions, { offset: '0' }, () => void (total += 1));
  const { db } = await openProjectorDb({ url: options.databaseUrl, schema });
  const audited = async () =>
    Number((await db.query(`SELECT count(*)::int AS n FROM "${schema}".audit_log`)).rows[0]?.n ?? 0);
  // The projector may be far behind after its last restart: wait while it makes progress.
  let applied = await audited();
  let progressedAt = Date.now();
  while (applied < total && Date.now() - progressedAt < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await audited();
    if (now > applied) progressedAt = Date.now();
    applied = now;
  }
  if (applied < total)
    log(`chaos: the projector stopped ${total - applied} decisions short of the topic's ${total}`);
  await stopAll(swarm);
  await decisions.stop();

  const replay = await replayAndCompare({
    bus,
    codec,
    topic: names.decisions,
    db,
    shadowSchema: `${schema}_shadow`,
    liveSchema: schema,
    from: { offset: '0' },
  });
  if (!replay.comparison.identical)
    log(`chaos: replay diverges from live state: ${JSON.stringify(replay.comparison.divergence)}`);
  const publicKey = loadVerifyingKey({ keyDir });
  const audit = await verifyAuditTrail({ db, schema, bus, codec, names, publicKey });
  if (!options.keep) await dropSchemas(db, schema);
  await db.close();
  await bus.close();
  if (!options.keep) await dropTopics(options.brokers, prefix);
  const outputs = [...outputsSeen.values()];
  const duplicated = outputs.filter((o) => o.delivered > 1 || (!o.deadline && o.decided > 1)).length;
  const deadlineRetries = outputs.filter((o) => o.deadline && o.decided > 1).length;
  const report: ChaosReport = {
    kills,
    killsInFlight,
    workflows: published.length,
    ended: ended.size,
    lost: published.length - ended.size,
    duplicated,
    deadlineRetries,
    replayIdentical: replay.comparison.identical,
    auditOk: audit.ok,
  };
  log(
    `chaos: kills ${report.kills} (${report.killsInFlight} mid-stream), workflows ${report.workflows}, ended ${report.ended}, lost ${report.lost}, duplicated ${report.duplicated} (deadlines re-proposed ${report.deadlineRetries}), replay ${report.replayIdentical ? 'identical' : 'DIVERGENT'}, audit ${report.auditOk ? 'verified' : 'FAILED'}`,
  );
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runChaos({
    workflows: Number(process.env.CHAOS_WORKFLOWS ?? 20_000),
    rate: Number(process.env.CHAOS_RATE ?? 100),
    kills: Number(process.env.CHAOS_KILLS ?? 20),
    keep: process.env.CHAOS_KEEP === '1',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    registryUrl: process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  });
  const ok = report.lost === 0 && report.duplicated === 0 && report.replayIdentical && report.auditOk;
  process.exit(ok ? 0 : 1);
}

// npm run chaos — the multi-process swarm on Kafka, as many instances of each component as asked,
// with random members killed by SIGKILL and new ones added while workflows run, then the
// invariants: every workflow ended (answered or escalated), no event delivered twice, no workflow
// over its budget, no actor or sender over its rate limit, structuring across workflows of one
// account alerted, no process exited by itself, the projections equal a clean replay, the audit
// chain verifies. Prints the longest stall.
//   CHAOS_WORKFLOWS=20000 CHAOS_KILLS=20 CHAOS_GATES=3 CHAOS_AGENTS=2 CHAOS_PROJECTORS=2 npm run chaos
// On the cluster `npm run infra:up -- --brokers 3` started, CHAOS_BROKER_KILLS=1,2 also SIGKILLs
// one broker, then two (CHAOS_BROKER_DOWN_MS each), and creates the topics with 3 replicas.
import { fileURLToPath } from 'node:url';
import { KafkaBus } from '../../bus/kafka/index.ts';
import { topicNames, topicSpecs } from '../../bus/topics.ts';
import { loadPolicyConfig } from '../../orchestrator/policy/config.ts';
import { openProjectorDb } from '../../projector/index.ts';
import { replayAndCompare } from '../../projector/replay.ts';
import { loadVerifyingKey } from '../../projector/signing-key.ts';
import { verifyAuditTrail } from '../../projector/verify-trail.ts';
import { approveRequests, testOperator } from '../../registry/testing.ts';
import { Codec } from '../../schemas/codec.ts';
import { defaultPolicyPath } from '../support/gate-harness.ts';
import { initializedKeyDir } from '../support/key-dir.ts';
import { uniqueName } from '../support/names.ts';
import { brokerKills } from './brokers.ts';
import { agentNames, components, Swarm, type Instances, type UnexpectedExit } from './components.ts';
import {
  deliveredTwice,
  longestStallMs,
  overBudget,
  overRate,
  structuringMissed,
  type Breach,
} from './invariants.ts';
import { DecisionObserver } from './observer.ts';
import { publishOnSchedule, streamOf } from './stream.ts';
import { killOnSchedule, scaleOutOnSchedule } from './schedule.ts';
import { dropSchemas, dropTopics, projectorCaughtUp } from './teardown.ts';

/** Something done to the cluster while workflows run (e.g. brokers killed); resolves when it is over. */
export type Disturbance = (run: {
  readonly spanMs: number;
  readonly log: (line: string) => void;
}) => Promise<void>;

export interface ChaosOptions {
  readonly workflows: number;
  readonly kills: number;
  /** Workflows published per second, so the kills land while workflows are in flight. */
  readonly rate?: number;
  /** Instances of each component at the start (default one of each). */
  readonly instances?: Instances;
  /** Instances added mid-stream, of each kind in turn. */
  readonly scaleOuts?: number;
  /** Requests one teller sends at once (default 150, past the shipped 120 a minute). */
  readonly tellerBurst?: number;
  /** Accounts given three structuring deposits each, in workflows of their own (default 3). */
  readonly structuringAccounts?: number;
  readonly partitions?: number;
  readonly replication?: { readonly factor: number; readonly minInsync: number };
  readonly disturb?: Disturbance;
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
  readonly scaleOuts: number;
  readonly workflows: number;
  readonly ended: number;
  readonly lost: number;
  /** Agent outputs delivered twice, or a transactional output proposed twice: must be 0. */
  readonly duplicated: number;
  /** Deadlines proposed again after a restart because the earlier proposal was not delivered. */
  readonly deadlineRetries: number;
  /** The duplicated outputs by event type. */
  readonly duplicatedTypes: Readonly<Record<string, number>>;
  /** A few duplicated outputs with each of their decisions, to tell who repeated them. */
  readonly duplicatedSamples: readonly string[];
  readonly deliveredTwice: readonly Breach[];
  readonly overBudget: readonly Breach[];
  readonly overRate: readonly Breach[];
  /** The teller's requests the rate limit denied: shows the limit fired. */
  readonly tellerDenied: number;
  readonly structuringMissed: readonly Breach[];
  readonly unexpectedExits: readonly UnexpectedExit[];
  /** The longest time without a decision while workflows were published. */
  readonly longestStallMs: number;
  readonly replayIdentical: boolean;
  readonly auditOk: boolean;
}

export const chaosPassed = (r: ChaosReport): boolean =>
  r.lost === 0 &&
  r.duplicated === 0 &&
  [r.deliveredTwice, r.overBudget, r.overRate, r.structuringMissed, r.unexpectedExits].every(
    (b) => b.length === 0,
  ) &&
  r.replayIdentical &&
  r.auditOk;

const summary = (r: ChaosReport): string =>
  [
    `kills ${r.kills} (${r.killsInFlight} mid-stream), scale-outs ${r.scaleOuts}`,
    `workflows ${r.workflows}, ended ${r.ended}, lost ${r.lost}`,
    `duplicated ${r.duplicated} ${JSON.stringify(r.duplicatedTypes)} (deadlines re-proposed ${r.deadlineRetries})${r.duplicatedSamples.map((d) => ` [${d}]`).join('')}, delivered twice ${r.deliveredTwice.length}`,
    `over budget ${r.overBudget.length}, over rate ${r.overRate.length} (teller denied ${r.tellerDenied})`,
    `structuring missed ${r.structuringMissed.length}, unexpected exits ${r.unexpectedExits.length}`,
    `longest stall ${r.longestStallMs} ms`,
    `replay ${r.replayIdentical ? 'identical' : 'DIVERGENT'}, audit ${r.auditOk ? 'verified' : 'FAILED'}`,
  ].join(', ');

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
  await bus.createTopics(
    topicSpecs(names, {
      partitions: options.partitions ?? 3,
      agents: [...agentNames],
      ...(options.replication
        ? { replicationFactor: options.replication.factor, minInsyncReplicas: options.replication.minInsync }
        : {}),
    }),
  );
  const swarm = new Swarm(env, log);
  for (const member of components(options.instances)) await swarm.start(member);
  await approveRequests(bus, codec, names, agentNames);
  log(`chaos: ${swarm.members.length} processes up on ${prefix}`);

  const observer = new DecisionObserver(bus, codec, names.decisions);
  const stream = streamOf(options.workflows, options.tellerBurst ?? 150, options.structuringAccounts ?? 3);
  const rate = options.rate ?? 100;
  const spanMs = (stream.batches.flat().length / rate) * 1000;
  const began = Date.now();
  const publishing = publishOnSchedule(bus, codec, names.ingress, stream.batches, rate);
  const inFlight = () => observer.endedOf(stream.workflows) < stream.workflows.size || !publishing.done();
  const [{ kills, killsInFlight }, added] = await Promise.all([
    killOnSchedule(swarm, {
      kills: options.kills,
      spanMs,
      before: async (victim, k) => {
        await observer.absorb();
        log(
          `chaos: kill ${k + 1}/${options.kills}: ${victim.name} (published ${publishing.sent()}, ended ${observer.endedOf(stream.workflows)})`,
        );
        return inFlight();
      },
    }),
    scaleOutOnSchedule(swarm, { count: options.scaleOuts ?? 0, spanMs, log }),
    options.disturb?.({ spanMs, log }),
    publishing.finished,
  ]);
  const publishedUntil = Date.now();

  // Every workflow must end (the responder's deadline answers at the latest) and every account
  // alert. A backlog drains for as long as it takes; two minutes without a decision means stuck.
  const settled = () =>
    observer.endedOf(stream.workflows) === stream.workflows.size &&
    structuringMissed(observer.decided, stream.depositsByAccount).length === 0;
  let lastProgress = Date.now();
  let lastLog = Date.now();
  await observer.absorb();
  while (!settled() && Date.now() - lastProgress < 2 * 60_000) {
    if (await observer.more(1000)) lastProgress = Date.now();
    await observer.absorb();
    if (Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      log(`chaos: draining: ended ${observer.endedOf(stream.workflows)}/${stream.workflows.size}`);
    }
  }
  // Stop everything that writes decisions, then let the projectors apply the last of them.
  await swarm.stop(swarm.members.filter((member) => member.kind !== 'projector'));
  let total = 0;
  await bus.replay(names.decisions, { offset: '0' }, () => void (total += 1));
  const { db } = await openProjectorDb({ url: options.databaseUrl, schema });
  const applied = await projectorCaughtUp(db, schema, total);
  if (applied < total)
    log(`chaos: the projector stopped ${total - applied} decisions short of the topic's ${total}`);
  await swarm.stop();
  await observer.absorb();
  await observer.stop();

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

  const { policies } = loadPolicyConfig(defaultPolicyPath).config;
  const decided = observer.decided;
  const ended = observer.endedOf(stream.workflows);
  const report: ChaosReport = {
    kills,
    killsInFlight,
    scaleOuts: added.length,
    workflows: stream.workflows.size,
    ended,
    lost: stream.workflows.size - ended,
    ...observer.outputCounts(),
    deliveredTwice: deliveredTwice(decided),
    overBudget: overBudget(decided, policies.budget),
    overRate: overRate(decided, policies['rate-limit']),
    tellerDenied: decided.filter((d) => stream.tellerWorkflows.has(d.correlationId) && d.outcome === 'DENIED')
      .length,
    structuringMissed: structuringMissed(decided, stream.depositsByAccount),
    unexpectedExits: swarm.unexpectedExits,
    longestStallMs: longestStallMs(decided, began, publishedUntil),
    replayIdentical: replay.comparison.identical,
    auditOk: audit.ok,
  };
  for (const breach of [
    ...report.deliveredTwice,
    ...report.overBudget,
    ...report.overRate,
    ...report.structuringMissed,
  ])
    log(`chaos: breach: ${breach.subject}: ${breach.detail}`);
  log(`chaos: ${summary(report)}`);
  return report;
}

/** The broker rounds CHAOS_BROKER_KILLS asks for, on the cluster KAFKA_BROKERS names. */
function brokerChaos(brokers: readonly string[]): Pick<ChaosOptions, 'disturb' | 'replication'> {
  const rounds = process.env.CHAOS_BROKER_KILLS?.split(',').map((n) => (n === '2' ? 2 : 1));
  const replication =
    brokers.length > 1
      ? { replication: { factor: Math.min(3, brokers.length), minInsync: Math.min(2, brokers.length) } }
      : {};
  if (!rounds) return replication;
  const downMs = Number(process.env.CHAOS_BROKER_DOWN_MS ?? 10_000);
  return { ...replication, disturb: brokerKills({ brokers: brokers.length, kills: rounds, downMs }) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const report = await runChaos({
    ...brokerChaos(brokers),
    workflows: count('CHAOS_WORKFLOWS', 20_000),
    rate: count('CHAOS_RATE', 100),
    kills: count('CHAOS_KILLS', 20),
    instances: {
      gates: count('CHAOS_GATES', 1),
      agents: count('CHAOS_AGENTS', 1),
      projectors: count('CHAOS_PROJECTORS', 1),
    },
    scaleOuts: count('CHAOS_SCALE_OUTS', 0),
    partitions: count('CHAOS_PARTITIONS', 3),
    keep: process.env.CHAOS_KEEP === '1',
    brokers,
    registryUrl: process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  });
  process.exit(chaosPassed(report) ? 0 : 1);
}

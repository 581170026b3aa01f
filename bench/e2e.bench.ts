// npm run bench:e2e — the whole banking swarm end to end on Kafka, in this one process (the gate
// and the six agents, scripted model): customer requests offered at fixed rates, each a workflow
// that ends with response.CustomerAnswered. Prints workflows/s and the end-to-end latency
// (ingress record timestamp → decision time of the answer) p50/p95/p99 per rate.
// BENCH_RATES (workflows/s, default 50,200,500), BENCH_SECONDS (default 60), BENCH_DRAIN_SECONDS
// (default 120: how long to wait for answers once offering stops). Needs `npm run infra:up`.
import { randomUUID } from 'node:crypto';
import { bankingAgents } from '../agents/banking/index.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { buildComposite } from '../orchestrator/policy/composite.ts';
import { loadPolicyConfig } from '../orchestrator/policy/config.ts';
import { Codec } from '../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope } from '../schemas/envelope.ts';
import { defaultPolicyPath } from '../test/support/gate-harness.ts';
import { customerRequestIn, startSwarm } from '../test/support/swarm-harness.ts';
import { brokers, format, percentile, registryUrl } from './support.ts';

const rates = (process.env.BENCH_RATES ?? '50,200,500').split(',').map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const drainSeconds = Number(process.env.BENCH_DRAIN_SECONDS ?? 120);
const tickMs = 10;

/**
 * The default policy with the per-sender rate limits lifted for the agents: policies.yaml allows
 * an agent 1,200 records a minute, which would make this a benchmark of the rate limiter.
 */
function benchPolicy() {
  const { config } = loadPolicyConfig(defaultPolicyPath);
  const rate = config.policies['rate-limit'];
  const lifted = Object.fromEntries(bankingAgents.map((agent) => [agent.name, 1_000_000_000]));
  const perSource = { ...rate.perSource, overrides: { ...rate.perSource.overrides, ...lifted } };
  return buildComposite({
    ...config,
    policies: { ...config.policies, 'rate-limit': { ...rate, perSource } },
  });
}

interface Workflow {
  admittedFrom?: number;
  answeredAt?: number;
}

const bus = new KafkaBus({ brokers });
const codec = Codec.connect(registryUrl);
await codec.registerAll();
const waiters = new Set<() => void>();
let crashed: string | undefined;
const onCrash = (error: unknown) => {
  crashed ??= error instanceof Error ? error.message : String(error);
  for (const check of waiters) check();
};
// An overloaded swarm fails in kafkajs timers, outside any caller: report it and stop the run.
process.on('unhandledRejection', onCrash);
const swarm = await startSwarm(bus, codec, { composite: benchPolicy(), decisionLog: false, onCrash });
const workflows = new Map<string, Workflow>();
/** Denied decisions by id with their reason; a redelivered record counts once. */
const denials = new Map<string, string>();
// Never commits (the reader keeps no position worth keeping), so a rebalance under load cannot
// fail a commit; records redelivered after one only set the same values again.
const reader = bus.consume({
  groupId: `bench-e2e-${randomUUID()}`,
  topics: [swarm.names.decisions],
  commit: 'by-handler',
  handle: async (batch) => {
    for (const record of batch.records) {
      const decision = await codec.decodeAs('swarmgate.v1.Decision', record.value);
      const workflow = workflows.get(decision.correlationId);
      if (!workflow) continue;
      if (decision.outcome === 'DENIED') {
        const reason = decision.verdicts
          .filter((v) => v.verdict === 'DENY')
          .map((v) => `${decision.eventType} ${v.policy}: ${v.reason.replace(/\d+/g, 'N')}`)
          .join('; ');
        denials.set(decision.decisionId, reason);
      }
      if (decision.eventType === 'banking.CustomerRequestReceived')
        workflow.admittedFrom = decision.origin.timestamp;
      if (decision.eventType === 'response.CustomerAnswered') workflow.answeredAt = decision.decidedAt;
    }
    for (const check of waiters) check();
  },
});
await reader.ready;

async function offer(rate: number, ids: string[]): Promise<void> {
  const total = rate * seconds;
  const began = Date.now();
  let sent = 0;
  while (sent < total && crashed === undefined) {
    const due = Math.min(total, Math.floor(((Date.now() - began) / 1000) * rate) + 1);
    const records = [];
    for (; sent < due; sent += 1) {
      // A distinct advisor per workflow: the per-actor rate limit is about people, not load.
      const actor = { userId: `advisor-${sent}`, roles: ['advisor'], tenantId: 'retail-eu', region: 'EU' };
      const { fields, payload } = customerRequestIn('Should I move my savings into a fixed deposit?', {
        actor,
      });
      workflows.set(fields.correlationId, {});
      ids.push(fields.correlationId);
      records.push({
        topic: swarm.names.ingress,
        key: fields.correlationId,
        value: await encodeEnvelope(codec, await sealEnvelope(codec, fields, payload)),
      });
    }
    await bus.send(records);
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
}

function drained(ids: readonly string[]): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(finish, drainSeconds * 1000);
    function finish() {
      clearTimeout(timer);
      waiters.delete(check);
      resolve();
    }
    function check() {
      if (crashed !== undefined || ids.every((id) => workflows.get(id)?.answeredAt !== undefined)) finish();
    }
    waiters.add(check);
    check();
  });
}

console.log(
  `bench:e2e — banking swarm in one process (gate + ${bankingAgents.length} agents, scripted model) on Kafka ${brokers.join(',')}, 3 partitions`,
);
console.log(
  `offered customer requests for ${seconds} s per rate; latency = ingress record timestamp -> decision of response.CustomerAnswered\n`,
);
console.log('offered/s  answered     workflows/s  p50 ms   p95 ms   p99 ms   denied');
for (const rate of rates) {
  const ids: string[] = [];
  denials.clear();
  const began = Date.now();
  await offer(rate, ids);
  await drained(ids);
  const done = ids
    .map((id) => workflows.get(id)!)
    .filter((w) => w.answeredAt !== undefined && w.admittedFrom !== undefined);
  const latencies = done.map((w) => w.answeredAt! - w.admittedFrom!);
  const throughput = done.length / ((Math.max(...done.map((w) => w.answeredAt!)) - began) / 1000);
  const cell = (value: number) => (done.length > 0 ? format(value) : '-').padStart(6);
  const reasons = new Map<string, number>();
  for (const reason of denials.values()) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  console.log(
    `${String(rate).padStart(9)}  ${`${done.length}/${ids.length}`.padEnd(11)}  ${(done.length > 0 ? format(throughput) : '-').padStart(11)}  ${cell(percentile(latencies, 50))}   ${cell(percentile(latencies, 95))}   ${cell(percentile(latencies, 99))}   ${denials.size}`,
  );
  for (const [reason, count] of reasons) console.log(`           denied ${count}x ${reason}`);
  if (crashed !== undefined) {
    console.log(`           stopped: a swarm process crashed: ${crashed}`);
    break;
  }
}
await reader.stop();
await swarm.stop();
await bus.close();

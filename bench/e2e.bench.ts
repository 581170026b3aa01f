// npm run bench:e2e — the banking swarm end to end on Kafka, every part its own process: the
// gate, the six agents (scripted model) and the projector started as `swarmgate` commands, and
// the load generator (bench/e2e/load.ts) offering customer requests at fixed rates, each a
// workflow that ends with response.CustomerAnswered. Prints per rate the workflows/s and the
// end-to-end latency (ingress record timestamp → decision of the answer) p50/p95/p99, the hops
// read from the processes' spans, and each process's RSS; then the highest rate with p99 ≤ 1 s.
// BENCH_RATES (workflows/s, default 50,100,200,400), BENCH_SECONDS (default 30),
// BENCH_DRAIN_SECONDS (default 60). Needs `npm run infra:up` (and its KAFKA_SASL_* exports).
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { KafkaBus } from '../bus/kafka/index.ts';
import { openProjectorDb } from '../projector/index.ts';
import { Codec } from '../schemas/codec.ts';
import { startChild } from '../test/support/child.ts';
import { startSpanCollector } from './e2e/collector.ts';
import { hopFigures } from './e2e/hops.ts';
import { databaseUrl, startSwarmProcesses } from './e2e/swarm.ts';
import { dropTopicsWithPrefix } from './e2e/cleanup.ts';
import { brokers, format, percentile, registryUrl } from './support.ts';

const rates = (process.env.BENCH_RATES ?? '50,100,200,400').split(',').map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const drainSeconds = Number(process.env.BENCH_DRAIN_SECONDS ?? 60);
const loadScript = fileURLToPath(new URL('./e2e/load.ts', import.meta.url));

interface Workflow {
  admittedFrom: number;
  answeredAt?: number;
}

const bus = new KafkaBus({ brokers });
const codec = Codec.connect(registryUrl);
await codec.registerAll();
const collector = await startSpanCollector();
const swarm = await startSwarmProcesses(bus, codec, {
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url,
  OTEL_BSP_SCHEDULE_DELAY: '500',
  OTEL_BSP_MAX_QUEUE_SIZE: '100000',
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2000',
});
let phase = new Map<string, Workflow>();
const denials = new Map<string, string>();
let seen = 0;
const reader = bus.consume({
  groupId: `bench-e2e-${randomUUID()}`,
  topics: [swarm.names.decisions],
  commit: 'by-handler', // keeps no position: records redelivered after a rebalance set the same values
  handle: async (batch) => {
    for (const record of batch.records) {
      const decision = await codec.decodeAs('swarmgate.v1.Decision', record.value);
      seen += 1;
      if (decision.eventType === 'banking.CustomerRequestReceived')
        phase.set(decision.correlationId, { admittedFrom: decision.origin.timestamp });
      const workflow = phase.get(decision.correlationId);
      if (!workflow) continue;
      if (decision.outcome === 'DENIED')
        denials.set(
          decision.decisionId,
          decision.verdicts
            .filter((v) => v.verdict === 'DENY')
            .map((v) => `${decision.eventType} ${v.policy}: ${v.reason.replace(/\d+/g, 'N')}`)
            .join('; '),
        );
      if (decision.eventType === 'response.CustomerAnswered') workflow.answeredAt = decision.decidedAt;
    }
  },
});
await reader.ready;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function offer(rate: number): Promise<number> {
  const load = startChild(loadScript, {
    ...swarm.env,
    LOAD_RATE: String(rate),
    LOAD_SECONDS: String(seconds),
  });
  const done = await load.waitForLine(/^load\.done /);
  return Number(done.split(' ')[1]);
}

/** Waits until every offered workflow is answered, or the drain time passes without progress. */
async function drain(offered: number): Promise<void> {
  let progressAt = Date.now();
  let last = seen;
  const answered = () => [...phase.values()].filter((w) => w.answeredAt !== undefined).length;
  while (answered() < offered && Date.now() - progressAt < drainSeconds * 1000) {
    await pause(200);
    if (seen > last) [progressAt, last] = [Date.now(), seen];
  }
}

const row = (cells: readonly string[], widths: readonly number[]) =>
  cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ');

try {
  console.log(
    `bench:e2e — gate, six agents (scripted model) and projector as separate processes on Kafka ${brokers.join(',')}, 3 partitions, shipped policies`,
  );
  console.log(
    `offered customer requests for ${seconds} s per rate from a load process; latency = ingress record timestamp -> decision of response.CustomerAnswered\n`,
  );
  const underOneSecond: number[] = [];
  for (const rate of rates) {
    phase = new Map();
    denials.clear();
    const began = Date.now();
    const offered = await offer(rate);
    await drain(offered);
    await pause(1500); // the processes export their spans every 500 ms
    const done = [...phase.values()].filter((w) => w.answeredAt !== undefined);
    const latencies = done.map((w) => w.answeredAt! - w.admittedFrom);
    const throughput = done.length / ((Math.max(...done.map((w) => w.answeredAt!)) - began) / 1000);
    const cell = (value: number) => (done.length > 0 ? format(value) : '-');
    const widths = [9, 11, 11, 7, 7, 7, 6];
    console.log(
      row(['offered/s', 'answered', 'workflows/s', 'p50 ms', 'p95 ms', 'p99 ms', 'denied'], widths),
    );
    console.log(
      row(
        [
          String(rate),
          `${done.length}/${offered}`,
          cell(throughput),
          cell(percentile(latencies, 50)),
          cell(percentile(latencies, 95)),
          cell(percentile(latencies, 99)),
          String(denials.size),
        ],
        widths,
      ),
    );
    const reasons = new Map<string, number>();
    for (const reason of denials.values()) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    for (const [reason, count] of reasons) console.log(`  denied ${count}x ${reason}`);
    if (done.length === offered && percentile(latencies, 99) <= 1000) underOneSecond.push(rate);
    console.log('  hop                                    spans     p50 ms    p99 ms');
    for (const { hop, count, p50, p99 } of hopFigures(collector.spans, began, Date.now()))
      console.log(
        `  ${hop.padEnd(36)} ${String(count).padStart(7)}  ${(count ? p50.toFixed(1) : '-').padStart(9)} ${(count ? p99.toFixed(1) : '-').padStart(9)}`,
      );
    console.log(
      `  RSS MB: ${Object.entries(swarm.rss())
        .map(([name, mb]) => `${name} ${mb}`)
        .join(', ')}\n`,
    );
    collector.spans.length = 0;
  }
  console.log(
    underOneSecond.length > 0
      ? `highest offered rate with every workflow answered and p99 <= 1 s: ${Math.max(...underOneSecond)}/s`
      : 'no offered rate had every workflow answered with p99 <= 1 s',
  );
} finally {
  // Whatever happened above: the run's processes stopped, its topics and its schema gone.
  await reader.stop();
  await swarm.stop();
  await collector.close();
  const { db } = await openProjectorDb({ url: databaseUrl, schema: swarm.schema });
  await db.exec(`DROP SCHEMA IF EXISTS "${swarm.schema}" CASCADE`);
  await db.close();
  await bus.close();
  await dropTopicsWithPrefix(swarm.prefix);
}

// npm run bench:bus — produce and consume-transform-produce throughput with ~1 KB envelopes and
// exactly-once on: through swarmgate's Kafka adapter, through a raw kafkajs loop, and Kafka's own
// ProducerPerformance tool as this broker's limit on this machine. Needs `npm run infra:up`.
import { logLevel, Partitioners, type Kafka } from 'kafkajs';
import { createKafka } from '../bus/kafka/config.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { runExactlyOnce } from '../bus/processor.ts';
import { Codec } from '../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope } from '../schemas/envelope.ts';
import { envelopeFields, transactionPosted } from '../test/support/envelopes.ts';
import { dropTopicsWithPrefix } from './e2e/cleanup.ts';
import { brokers, format, javaClientConfig, median, registryUrl, runJava, uniqueTopic } from './support.ts';

const messages = Number(process.env.BENCH_MESSAGES ?? 20_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const batchSize = 500;

const bus = new KafkaBus({ brokers });
const kafka = createKafka({ brokers, client: { logLevel: logLevel.NOTHING } });

async function envelopes(): Promise<Buffer[]> {
  const codec = Codec.connect(registryUrl);
  await codec.registerAll();
  const memo = 'x'.repeat(760); // pads the encoded envelope to about 1 KB
  const one = await encodeEnvelope(
    codec,
    await sealEnvelope(codec, envelopeFields(), transactionPosted({ memo })),
  );
  return Array.from({ length: messages }, () => one);
}

/** Every topic of this run starts with it, so the run deletes what it created, however it ends. */
const runPrefix = uniqueTopic('bus');

async function topic(name: string, partitions = 3): Promise<string> {
  const topic = `${runPrefix}-${name}`;
  await bus.createTopics([{ topic, partitions }]);
  return topic;
}

async function timed(action: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await action();
  return messages / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function produceWithBus(values: Buffer[]): Promise<number> {
  const target = await topic('produce');
  return timed(async () => {
    for (let i = 0; i < values.length; i += batchSize) {
      await bus.send(
        values
          .slice(i, i + batchSize)
          .map((value, j) => ({ topic: target, key: `wf-${(i + j) % 997}`, value })),
      );
    }
  });
}

async function produceRaw(values: Buffer[]): Promise<number> {
  const target = await topic('produce-raw');
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    return await timed(async () => {
      for (let i = 0; i < values.length; i += batchSize) {
        const batch = values
          .slice(i, i + batchSize)
          .map((value, j) => ({ key: `wf-${(i + j) % 997}`, value }));
        await producer.send({ topic: target, messages: batch, acks: -1 });
      }
    });
  } finally {
    await producer.disconnect();
  }
}

async function filledTopic(values: Buffer[]): Promise<string> {
  const input = await topic('ctp-in');
  for (let i = 0; i < values.length; i += batchSize) {
    await bus.send(
      values.slice(i, i + batchSize).map((value, j) => ({ topic: input, key: `wf-${(i + j) % 997}`, value })),
    );
  }
  return input;
}

/** Resolves when `count` records were processed; the last one is committed by then. */
function counter() {
  let seen = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  return { finished, add: (n: number) => void ((seen += n) >= messages && done()) };
}

async function transformWithBus(values: Buffer[]): Promise<number> {
  const [input, output] = [await filledTopic(values), await topic('ctp-out')];
  const group = uniqueTopic('group');
  const progress = counter();
  return timed(async () => {
    const subscription = runExactlyOnce({
      bus,
      groupId: group,
      topics: [input],
      transactionalIdPrefix: group,
      process: async (batch) => {
        const out = batch.records.map((r) => ({ topic: output, key: r.key, value: r.value }));
        setImmediate(() => progress.add(batch.records.length));
        return out;
      },
    });
    await progress.finished;
    await subscription.stop();
  });
}

async function transformRaw(values: Buffer[]): Promise<number> {
  const [input, output] = [await filledTopic(values), await topic('ctp-out-raw')];
  const group = uniqueTopic('group-raw');
  const progress = counter();
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 50 });
  const producers = new Map<number, ReturnType<Kafka['producer']>>();
  return timed(async () => {
    await consumer.connect();
    await consumer.subscribe({ topic: input, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        let producer = producers.get(batch.partition);
        if (!producer) {
          producer = kafka.producer({
            transactionalId: `${group}-${batch.partition}`,
            idempotent: true,
            maxInFlightRequests: 1,
          });
          await producer.connect();
          producers.set(batch.partition, producer);
        }
        const tx = await producer.transaction();
        await tx.send({
          topic: output,
          messages: batch.messages.map((m) => ({ key: m.key, value: m.value })),
        });
        const offset = (BigInt(batch.lastOffset()) + 1n).toString();
        await tx.sendOffsets({
          consumerGroupId: group,
          topics: [{ topic: input, partitions: [{ partition: batch.partition, offset }] }],
        });
        await tx.commit();
        progress.add(batch.messages.length);
      },
    });
    await progress.finished;
    await consumer.disconnect();
    await Promise.all([...producers.values()].map((p) => p.disconnect()));
  });
}

function producerPerformance(): number {
  const target = `${runPrefix}-perf`;
  runJava([
    'org.apache.kafka.tools.TopicCommand',
    '--bootstrap-server',
    brokers[0]!,
    '--create',
    '--topic',
    target,
    '--partitions',
    '3',
    '--command-config',
    javaClientConfig(),
  ]);
  const output = runJava([
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    target,
    '--num-records',
    String(Math.max(messages * 10, 200_000)),
    '--record-size',
    '1024',
    '--throughput',
    '-1',
    '--producer.config',
    javaClientConfig(),
    '--producer-props',
    `bootstrap.servers=${brokers[0]}`,
    'acks=all',
    'enable.idempotence=true',
    'batch.size=524288',
    'linger.ms=10',
  ]);
  const summary = output.trim().split('\n').at(-1) ?? '';
  return Number(/([\d.]+) records\/sec/.exec(summary)?.[1] ?? NaN);
}

async function main(): Promise<void> {
  const values = await envelopes();
  console.log(
    `bench:bus — ${format(messages)} envelopes of ${values[0]!.length} bytes, ${runs} runs each after a warm-up, median shown`,
  );
  // Paths alternate within each round, so a slow moment of the machine hits all of them alike.
  const paths = {
    produceBus: () => produceWithBus(values),
    produceRaw: () => produceRaw(values),
    transformBus: () => transformWithBus(values),
    transformRaw: () => transformRaw(values),
    limit: () => Promise.resolve(producerPerformance()),
  };
  const results = Object.fromEntries(Object.keys(paths).map((k) => [k, [] as number[]])) as Record<
    keyof typeof paths,
    number[]
  >;
  for (let round = 0; round <= runs; round += 1) {
    for (const [name, measure] of Object.entries(paths) as [keyof typeof paths, () => Promise<number>][]) {
      const rate = await measure();
      if (round > 0) results[name].push(rate); // round 0 warms up the JIT and the connections
    }
  }
  const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)])) as Record<
    keyof typeof results,
    number
  >;
  const rows = [
    [
      'produce, swarmgate Kafka adapter (idempotent)',
      m.produceBus,
      m.produceBus / m.produceRaw,
      m.produceBus / m.limit,
    ],
    ['produce, raw kafkajs (idempotent)', m.produceRaw, 1, m.produceRaw / m.limit],
    [
      'consume-transform-produce, swarmgate (exactly-once)',
      m.transformBus,
      m.transformBus / m.transformRaw,
      m.transformBus / m.limit,
    ],
    ['consume-transform-produce, raw kafkajs (exactly-once)', m.transformRaw, 1, m.transformRaw / m.limit],
    ['Kafka ProducerPerformance (Java, acks=all, idempotent)', m.limit, NaN, 1],
  ] as const;
  console.log(
    ['path'.padEnd(56), 'msgs/s'.padStart(10), 'vs raw'.padStart(8), 'vs limit'.padStart(9)].join(' '),
  );
  for (const [name, rate, vsRaw, vsLimit] of rows) {
    const ratio = (r: number) => (Number.isNaN(r) ? '' : `${r.toFixed(2)}x`);
    console.log(
      [name.padEnd(56), format(rate).padStart(10), ratio(vsRaw).padStart(8), ratio(vsLimit).padStart(9)].join(
        ' ',
      ),
    );
  }
  console.log(
    'per-run figures:',
    JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.map(Math.round)]))),
  );
  await bus.close();
}

try {
  await main();
} finally {
  await dropTopicsWithPrefix(runPrefix);
}

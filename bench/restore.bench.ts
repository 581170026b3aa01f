// How long a restart or a rebalance takes to restore state, as history grows: an agent
// (aml-monitor) and a gate, each with H records of history behind it, then a new instance
// restoring its 3 partitions (median of 3). Side by side for the agent: the full inbox replay the
// state topic replaced. The repartition step's cost is printed by `npm run bench:gate`.
//   BENCH_HISTORIES=10000,100000,1000000 BENCH_GATE_HISTORIES=10000,100000 npm run bench:restore
import { randomUUID } from 'node:crypto';
import { KafkaBus } from '../bus/kafka/index.ts';
import { topicNames, topicSpecs } from '../bus/topics.ts';
import { Codec } from '../schemas/codec.ts';
import { dropTopicsWithPrefix } from './e2e/cleanup.ts';
import { agentRestore } from './restore/agent.ts';
import { accounts } from './restore/history.ts';
import { gateRestore } from './restore/gate.ts';
import { brokers, format, median, registryUrl } from './support.ts';

const sizes = (name: string, fallback: string) =>
  (process.env[name] ?? fallback).split(',').filter(Boolean).map(Number);
const agentHistories = sizes('BENCH_HISTORIES', '10000,100000,1000000');
const gateHistories = sizes('BENCH_GATE_HISTORIES', '10000,100000');

const codec = Codec.connect(registryUrl);
await codec.registerAll();

/**
 * Fresh topics and a fresh client per measurement, dropped afterwards (a kafkajs client keeps
 * refreshing the metadata of topics it once used, and fails once they are deleted).
 */
async function withTopics<T>(
  run: (bus: KafkaBus, names: ReturnType<typeof topicNames>) => Promise<T>,
): Promise<T> {
  const prefix = `bench-restore-${randomUUID().slice(0, 8)}.`;
  const names = topicNames(prefix);
  const bus = new KafkaBus({ brokers });
  await bus.createTopics(topicSpecs(names, { partitions: 3, agents: ['aml-monitor'] }));
  try {
    return await run(bus, names);
  } finally {
    await bus.close();
    await dropTopicsWithPrefix(prefix);
  }
}

{
  console.log(`aml-monitor, ${format(accounts)} accounts, 3 inbox partitions:`);
  for (const history of agentHistories) {
    const r = await withTopics((bus, names) => agentRestore(bus, codec, names, history));
    const restore = median(r.restoreMs);
    console.log(
      `  history ${format(history).padStart(9)}: restore ${format(restore)} ms (median of 3, ${format(r.stateRecords)} state records) | inbox replay ${format(r.inboxReplayMs)} ms (${(r.inboxReplayMs / restore).toFixed(1)}×) | processed ${format(r.processedPerSecond)} events/s`,
    );
  }
  console.log('gate, shipped policies, 3 partitions:');
  for (const history of gateHistories) {
    const r = await withTopics((bus, names) => gateRestore(bus, codec, names, history));
    console.log(
      `  history ${format(history).padStart(9)}: restore ${format(median(r.restoreMs))} ms (median of 3, ${format(r.stateRecords)} state records) | decided ${format(r.decidedPerSecond)} records/s`,
    );
  }
}

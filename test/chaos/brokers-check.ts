// npx tsx test/chaos/brokers-check.ts — what the bus's producer does through broker failures: a
// 3-node cluster of its own (own state directory, spare ports, beside any running broker), a topic
// with 3 replicas of which 2 must acknowledge, one writer sending with KafkaBus without pause while
// brokerKills SIGKILLs one node, then two. Prints the acknowledged records lost (must be 0) and the
// longest time without an acknowledgement in each round; then stops the cluster and removes it.
//   BROKERS_CHECK_DOWN_MS=10000 BROKERS_CHECK_SPAN_MS=80000 BROKERS_CHECK_KILLS=1,2 \
//     npx tsx test/chaos/brokers-check.ts
import { KafkaBus } from '../../bus/kafka/index.ts';
import { retrying, sleep } from '../../bus/retry.ts';
import { startCluster } from '../support/cluster.ts';
import { brokerKills, type BrokerRound } from './brokers.ts';

const nodes = 3;
const topic = 'brokers-check';
const downMs = Number(process.env.BROKERS_CHECK_DOWN_MS ?? 10_000);
const spanMs = Number(process.env.BROKERS_CHECK_SPAN_MS ?? 80_000);
/** How many nodes each round kills, e.g. BROKERS_CHECK_KILLS=1,1,1,2. */
const kills = (process.env.BROKERS_CHECK_KILLS ?? '1,2').split(',').map((n) => (n === '2' ? 2 : 1));
const log = (line: string) => console.log(line);

interface Writer {
  /** When each acknowledged record was acknowledged, by sequence number. */
  readonly acked: Map<number, number>;
  readonly failures: number;
  /** How often each kind of failed send happened, by message. */
  readonly errors: Map<string, number>;
  stop(): Promise<void>;
}

/** Sends one record at a time, without pause; a failed send is tried again with the same record. */
function startWriter(bus: KafkaBus, began: number): Writer {
  // A send that takes seconds shows which wait the stall is made of.
  const slow = (sentAt: number, outcome: string) => {
    const ms = Date.now() - sentAt;
    if (ms >= 2_000)
      log(
        `  t=${((sentAt - began) / 1000).toFixed(1)} s a send took ${(ms / 1000).toFixed(1)} s: ${outcome}`,
      );
  };
  const acked = new Map<number, number>();
  const errors = new Map<string, number>();
  let failures = 0;
  let running = true;
  const loop = (async () => {
    for (let seq = 0; running;) {
      const sentAt = Date.now();
      try {
        await bus.send([{ topic, key: `k${seq % 12}`, value: Buffer.from(String(seq)) }]);
        acked.set(seq, Date.now());
        seq += 1;
        slow(sentAt, 'acknowledged');
      } catch (error) {
        slow(sentAt, `failed (${(error as Error).message})`);
        failures += 1;
        const message = `${(error as Error).name}: ${(error as Error).message}`;
        errors.set(message, (errors.get(message) ?? 0) + 1);
        await sleep(50);
      }
    }
  })();
  return {
    acked,
    errors,
    get failures() {
      return failures;
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** The longest gap between acknowledgements that ends between this round's kill and the next's. */
function longestStall(ackTimes: readonly number[], from: number, until: number): number {
  let longest = 0;
  for (let k = 1; k < ackTimes.length; k++) {
    const [previous, current] = [ackTimes[k - 1]!, ackTimes[k]!];
    if (current >= from && current < until) longest = Math.max(longest, current - previous);
  }
  return longest;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const cluster = await startCluster(nodes);
  log(
    `cluster of ${nodes} up on ${cluster.brokers.join(',')} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
  );
  let bus: KafkaBus | undefined;
  try {
    bus = new KafkaBus({ brokers: [...cluster.brokers], clientId: 'brokers-check' });
    await bus.createTopics([
      { topic, partitions: 3, replicationFactor: 3, config: { 'min.insync.replicas': '2' } },
    ]);
    const began = Date.now();
    const writer = startWriter(bus, began);
    const rounds: BrokerRound[] = [];
    await brokerKills({
      brokers: nodes,
      kills,
      downMs,
      env: cluster.env,
      onRound: (round) => rounds.push(round),
    })({ spanMs, log });
    // Writes go on until one is acknowledged after the last recovery.
    const last = rounds.at(-1)!.recoveredAt;
    while (![...writer.acked.values()].some((time) => time > last)) await sleep(100);
    await writer.stop();

    const written = new Set<number>();
    // A group coordinator that moved with a partition leader may still be loading: try again.
    await retrying(() =>
      bus!.replay(topic, { offset: '0' }, (record) => void written.add(Number(record.value!.toString()))),
    );
    const lost = [...writer.acked.keys()].filter((seq) => !written.has(seq));
    const ackTimes = [...writer.acked.values()].sort((a, b) => a - b);
    log(
      `acknowledged ${writer.acked.size}, failed sends ${writer.failures}, acknowledged records lost: ${lost.length}`,
    );
    for (const [message, count] of writer.errors) log(`  failed ${count}x: ${message}`);
    for (const [k, round] of rounds.entries()) {
      const until = rounds[k + 1]?.killedAt ?? Infinity;
      const stall = longestStall(ackTimes, round.killedAt, until);
      log(
        `round ${k + 1} (${round.victims.length} down): longest time without an acknowledgement ` +
          `${(stall / 1000).toFixed(1)} s; recovered ${((round.recoveredAt - round.killedAt) / 1000).toFixed(1)} s after the kill`,
      );
    }
    if (lost.length > 0) process.exitCode = 1;
  } finally {
    await bus?.close();
    await cluster.stop().catch((error: unknown) => log(`down.sh: ${String(error)}`));
  }
}

await main();

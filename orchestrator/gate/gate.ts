// The gatekeeper process: every record on sg.ingress and sg.proposed is evaluated by the
// composite policy, then its deliveries, its decision, the state it changed (sg.gate-state) and
// the consumer offsets are written in one Kafka transaction. The gate never calls an agent.
// Any number of gates share the work: partition n of every input topic goes to one gate, which
// owns partition n's state (see partitions.ts) and counts the rate keys hashing to n (stages.ts).
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { ConsumerPositions, groupLag } from '../../bus/consumer-lag.ts';
import { partitionOfKey } from '../../bus/partition.ts';
import type { Bus } from '../../bus/port.ts';
import { gateGroupId, type TopicNames } from '../../bus/topics.ts';
import { startRegistryCheck } from '../../registry/check.ts';
import { followRegistry, type FollowedRegistry } from '../../registry/follow.ts';
import type { OperatorKeys } from '../../registry/operator-keys.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { Composite } from '../policy/composite.ts';
import { AgentDirectory } from '../state/directory.ts';
import { PartitionLedger } from '../state/ledger.ts';
import type { StateStore } from '../../bus/state-store.ts';
import { runPartitioned } from '../../bus/partitioned.ts';
import { gateMetrics } from './metrics.ts';
import { processBatch } from './stages.ts';

export interface GateOptions {
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly composite: Composite;
  /** Operator keys: only registrations and control commands they signed take effect. */
  readonly operatorKeys: OperatorKeys;
  /** Consumer group shared by every gate instance; scale by starting more instances. */
  readonly groupId?: string;
  readonly instanceId?: string;
  readonly clock?: () => number;
  readonly onCrash?: (error: unknown) => void;
  /** The process's Prometheus registry (what /metrics serves): the gate's metrics go on it. */
  readonly metrics?: Registry;
  /** Called once a partition's state is restored from sg.gate-state, with the records read. */
  readonly onRestored?: (partition: number, records: number) => void;
}

export interface Gate {
  readonly directory: AgentDirectory;
  /** Resolves once the predicate holds for the gate's registry fold (for tests and tools). */
  readonly registryUntil: FollowedRegistry['until'];
  /** The state of the partition numbers this gate holds now. */
  readonly stores: () => ReadonlyMap<number, Promise<StateStore>>;
  /** A workflow's spend as this gate holds it; undefined when another gate owns the workflow. */
  spentMicros(correlationId: string): Promise<number | undefined>;
  stop(): Promise<void>;
}

export { gateGroupId };

/** The gate's input topics, co-partitioned: all must have the same number of partitions. */
async function inputPartitions(bus: Bus, topics: readonly string[]): Promise<number> {
  const counts = await Promise.all(topics.map(async (topic) => (await bus.endOffsets(topic)).length));
  if (new Set(counts).size !== 1)
    throw new Error(
      `the gate's topics must have the same number of partitions: ${topics.map((t, i) => `${t}=${counts[i]}`).join(', ')}`,
    );
  return counts[0]!;
}

export async function startGate(options: GateOptions): Promise<Gate> {
  const { bus, codec, names, composite } = options;
  const clock = options.clock ?? Date.now;
  const instanceId = options.instanceId ?? `gate-${randomUUID().slice(0, 8)}`;
  const groupId = options.groupId ?? gateGroupId(names);
  const topics = [names.ingress, names.proposed, names.gateRepartition];
  const partitions = await inputPartitions(bus, [...topics, names.gateState]);
  const follower = await followRegistry(bus, codec, names, options.operatorKeys, {
    groupId: `gate-directory-${randomUUID()}`,
    onCrash: options.onCrash,
  });
  const directory = new AgentDirectory(follower.fold);
  // The gate dead-letters untrusted registry and control records, once for all gate instances.
  const registryCheck = startRegistryCheck({
    bus,
    codec,
    names,
    keys: options.operatorKeys,
    onCrash: options.onCrash,
  });
  await follower.caughtUp;

  const metrics = gateMetrics(options.metrics ?? new Registry());
  const positions = new ConsumerPositions();
  const context = { codec, names, composite, directory, instanceId, partitions, groupId, clock, metrics };
  const subscription = runPartitioned({
    bus,
    groupId,
    topics,
    changelog: names.gateState,
    // Every partition number at once: the gate's throughput is bounded by transactions per second.
    concurrency: 8,
    process: (batch, store) => processBatch(context, batch, store),
    onCrash: options.onCrash,
    onRestored: (partition, _store, records) => options.onRestored?.(partition, records),
    onCommitted: (batch, seconds) => {
      positions.passed(batch);
      metrics.transactionSeconds.observe(seconds);
    },
  });
  await Promise.all([subscription.ready, registryCheck.ready]);
  const unwatch = metrics.lag.watch({
    group: groupId,
    read: () => groupLag(bus, groupId, topics, positions),
  });
  return {
    directory,
    registryUntil: (predicate) => follower.until(predicate),
    stores: subscription.stores,
    spentMicros: async (correlationId) => {
      const store = await subscription.stores().get(partitionOfKey(correlationId, partitions));
      return store && new PartitionLedger(store).spentMicros(correlationId);
    },
    stop: async () => {
      unwatch();
      await subscription.stop();
      await registryCheck.stop();
      await follower.stop();
    },
  };
}

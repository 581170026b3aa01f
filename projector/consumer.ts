// The projector's Kafka side: consumes sg.decisions and applies each batch in one database
// transaction with its offsets (exactly-once effect), dead-letters what never decodes, and
// publishes the checkpoints each transaction signed once it has committed.
import type { KeyObject } from 'node:crypto';
import { Registry } from 'prom-client';
import type { Bus, ConsumedRecord, RecordBatch, Subscription } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';
import { recordApplier, type AppliedBatch } from './apply-records.ts';
import type { SignedCheckpoint } from './audit/checkpoint.ts';
import { checkpointNow } from './audit/checkpoints.ts';
import { checkpointPublisher, type CheckpointPublisher } from './checkpoint-publisher.ts';
import { checkpointsTopic } from './checkpoint-topic.ts';
import { projectorPartitionLag } from './lag.ts';
import { countBatch, projectorMetrics } from './metrics.ts';
import { loadOffsets } from './offsets.ts';
import { consumeRejoining } from './rejoin.ts';
import { partitionsAhead, replayGap } from './resume.ts';
import type { Db } from './store/db.ts';
import type { PartitionPosition } from './types.ts';

export const DEFAULT_GROUP = 'projector';
export const DEFAULT_CHECKPOINT_EVERY = 1000;

export interface ProjectorOptions {
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly db: Db;
  readonly schema: string;
  /** The consumer group whose positions the database stores; `projector` by default. */
  readonly group?: string;
  /** Ed25519 key that signs checkpoints of the chain head; without it none are signed. */
  readonly checkpointKey?: KeyObject;
  /** Sign a checkpoint every this many audit rows (and one on stop). */
  readonly checkpointEvery?: number;
  /** The process's Prometheus registry (what /metrics serves): the projector's metrics go on it. */
  readonly metrics?: Registry;
  /** Called after a checkpoint is published. */
  readonly onCheckpoint?: (checkpoint: SignedCheckpoint) => void;
  /** Called after each batch commits. */
  readonly onBatch?: (batch: AppliedBatch) => void;
  /** The consumer stopped on an error it cannot retry; logs to stderr by default. */
  readonly onCrash?: (error: unknown) => void;
  /** The consumer lost its place in the Kafka group and rejoins; the database says where to resume. */
  readonly onRejoin?: (error: unknown) => void;
}

export interface Projector {
  /** The Kafka consumer group; one per installation, schema and group, so schemas never share one. */
  readonly groupId: string;
  /** Where the database said each partition resumes. */
  readonly resumedFrom: readonly PartitionPosition[];
  readonly checkpointsTopic: string;
  /** Records replayed because Kafka's group was ahead of the database. */
  readonly replayedGap: number;
  /** Finishes the batch in flight, signs and publishes the head, stops. */
  stop(): Promise<void>;
}

export const projectorGroupPrefix = (names: TopicNames): string => `swarmgate-projector.${names.decisions}.`;
export const projectorGroupId = (names: TopicNames, schema: string, group: string): string =>
  `${projectorGroupPrefix(names)}${schema}.${group}`;

async function requireTopic(bus: Bus, topic: string): Promise<void> {
  try {
    await bus.endOffsets(topic);
  } catch (error) {
    throw new Error(`cannot read topic ${topic} (create it with \`swarmgate topics\`): ${String(error)}`, {
      cause: error,
    });
  }
}

function publishing(publisher: CheckpointPublisher, onCheckpoint: ProjectorOptions['onCheckpoint']) {
  return {
    topic: publisher.topic,
    publishMissed: () => publisher.publishMissed(),
    async publish(checkpoints: readonly SignedCheckpoint[]) {
      const published = await publisher.publish(checkpoints);
      for (const checkpoint of published) onCheckpoint?.(checkpoint);
      return published;
    },
  };
}

export async function startProjector(options: ProjectorOptions): Promise<Projector> {
  const { bus, codec, names, db, schema } = options;
  const group = options.group ?? DEFAULT_GROUP;
  const groupId = projectorGroupId(names, schema, group);
  await requireTopic(bus, names.decisions);
  const publisher = publishing(
    await checkpointPublisher(bus, checkpointsTopic(names), db, schema),
    options.onCheckpoint,
  );
  await publisher.publishMissed();
  const signing = options.checkpointKey && {
    privateKey: options.checkpointKey,
    every: options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY,
  };
  const stored = await loadOffsets(db, schema, group);
  const applier = recordApplier({
    bus,
    codec,
    db,
    schema,
    group,
    stored,
    signing,
    publisher,
    dlqTopic: names.dlq,
    consumerName: groupId,
  });
  const metrics = projectorMetrics(options.metrics ?? new Registry());
  const apply = async (records: readonly ConsumedRecord[], through?: string) => {
    const started = performance.now();
    const applied = await applier.apply(records, through);
    if (!applied) return;
    countBatch(metrics, applied, (performance.now() - started) / 1000);
    options.onBatch?.(applied);
  };
  // Past the batch's records and the transaction markers the gate's commits leave after them.
  const applyBatchOf = ({ topic, partition, records, nextOffset }: RecordBatch) =>
    records.length > 0 ? apply(records, nextOffset) : applier.pass({ topic, partition, nextOffset });
  const gaps = await partitionsAhead(bus, groupId, names.decisions, stored);
  const replayedGap = await replayGap(bus, names.decisions, gaps, apply);

  const subscription: Subscription = consumeRejoining(bus, {
    groupId,
    topics: [names.decisions],
    fromBeginning: true,
    commit: 'after-handle',
    handleEmpty: true,
    handle: applyBatchOf,
    onCrash: options.onCrash,
    onRejoin: options.onRejoin,
  });
  await subscription.ready;
  const unwatch = metrics.lag.watch({
    group: groupId,
    read: async () => (await projectorPartitionLag(db, schema, bus, names.decisions, group)).partitions,
  });

  return {
    groupId,
    resumedFrom: stored,
    checkpointsTopic: publisher.topic,
    replayedGap,
    async stop() {
      unwatch();
      await subscription.stop();
      if (!signing) return;
      const head = await checkpointNow(db, schema, signing);
      if (head) await publisher.publish([head]);
    },
  };
}

// The gatekeeper process: every record on sg.ingress and sg.proposed is evaluated by the
// composite policy, then its deliveries, its decision and the consumer offsets are written in
// one Kafka transaction. The gate never calls an agent.
import { randomUUID } from 'node:crypto';
import { decodeOrDeadLetter } from '../../bus/dead-letters.ts';
import type { Bus, OutgoingRecord, RecordBatch } from '../../bus/port.ts';
import { runExactlyOnce, type Produced } from '../../bus/processor.ts';
import type { TopicNames } from '../../bus/topics.ts';
import { startRegistryCheck } from '../../registry/check.ts';
import { followRegistry, type FollowedRegistry } from '../../registry/follow.ts';
import type { OperatorKeys } from '../../registry/operator-keys.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { Composite } from '../policy/composite.ts';
import { AgentDirectory } from '../state/directory.ts';
import { PendingLedger, type Ledger } from '../state/ledger.ts';
import { rebuildLedger } from '../state/rebuild.ts';
import { decideRecord } from './decide.ts';

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
}

export interface Gate {
  readonly directory: AgentDirectory;
  /** Resolves once the predicate holds for the gate's registry fold (for tests and tools). */
  readonly registryUntil: FollowedRegistry['until'];
  readonly ledger: Ledger;
  stop(): Promise<void>;
}

/** The gates' consumer group; it also prefixes their transactional ids (one per input partition). */
export const gateGroupId = (names: TopicNames): string => `${names.ingress}.gate`;

export async function startGate(options: GateOptions): Promise<Gate> {
  const { bus, codec, names, composite } = options;
  const clock = options.clock ?? Date.now;
  const instanceId = options.instanceId ?? `gate-${randomUUID().slice(0, 8)}`;
  const groupId = options.groupId ?? gateGroupId(names);
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
  const ledger = await rebuildLedger(bus, codec, names.decisions, clock());
  await follower.caughtUp;

  const process = async (batch: RecordBatch): Promise<Produced> => {
    const pending = new PendingLedger(ledger);
    const origin = batch.topic === names.proposed ? 'proposed' : 'ingress';
    const deadLetters = { codec, topic: names.dlq, consumer: groupId };
    const context = () => ({ codec, names, composite, directory, ledger: pending, instanceId, now: clock() });
    // Records that cannot be opened as an envelope are dead letters; the others each get a decision.
    const sorted = await decodeOrDeadLetter(
      batch.records,
      async (record) => decideRecord(context(), record, origin),
      deadLetters,
    );
    const records: OutgoingRecord[] = [
      ...sorted.decoded.flatMap(({ value }) => value),
      ...sorted.deadLetters,
    ];
    const afterCommit = () => {
      pending.commit();
      ledger.pruneOccasionally(clock());
    };
    return { records, afterCommit };
  };

  const subscription = runExactlyOnce({
    bus,
    groupId,
    topics: [names.ingress, names.proposed],
    transactionalIdPrefix: groupId,
    process,
    onCrash: options.onCrash,
  });
  await Promise.all([subscription.ready, registryCheck.ready]);
  return {
    directory,
    registryUntil: (predicate) => follower.until(predicate),
    ledger,
    stop: async () => {
      await subscription.stop();
      await registryCheck.stop();
      await follower.stop();
    },
  };
}

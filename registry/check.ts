// Who dead-letters an untrusted registry or control record: this check, run by the gate, in a
// consumer group shared by every gate instance, with each dead letter written in the same
// transaction as the group's offsets. So each record is judged once, however many gates, API
// instances and agents follow the topics; the followers just ignore what it rejects.
import { deadLetterFor } from '../bus/dead-letters.ts';
import type { Bus, Subscription } from '../bus/port.ts';
import { runExactlyOnce } from '../bus/processor.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';
import type { OperatorKeys } from './operator-keys.ts';
import { readChange } from './records.ts';

export interface RegistryCheckOptions {
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly keys: OperatorKeys;
  readonly onCrash?: (error: unknown) => void;
}

export const registryCheckGroup = (names: TopicNames): string => `${names.registry}.check`;

export function startRegistryCheck(options: RegistryCheckOptions): Subscription {
  const { bus, codec, names, keys } = options;
  const groupId = registryCheckGroup(names);
  const target = { codec, topic: names.dlq, consumer: groupId };
  return runExactlyOnce({
    bus,
    groupId,
    topics: [names.registry, names.control],
    transactionalIdPrefix: groupId,
    fromBeginning: true,
    onCrash: options.onCrash,
    process: async (batch) => {
      const deadLetters = [];
      for (const record of batch.records) {
        const change = await readChange(codec, keys, names, record);
        if (change.kind === 'rejected') deadLetters.push(await deadLetterFor(target, record, change.error));
      }
      return deadLetters;
    },
  });
}

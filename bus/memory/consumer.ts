import { randomUUID } from 'node:crypto';
import { isRetriable } from '../../schemas/errors.ts';
import type { BusHealth } from '../health.ts';
import type { ConsumeOptions, Subscription } from '../port.ts';
import { backoffDelay, sleep } from '../retry.ts';
import type { Assignment, MemoryGroup } from './group.ts';
import type { MemoryLog } from './log.ts';

const maxBatch = 500;

/** One member of an in-process consumer group: the same contract as the Kafka consumer. */
export function consumeFromMemory(
  log: MemoryLog,
  group: MemoryGroup,
  options: ConsumeOptions,
  health: BusHealth,
): Subscription {
  const member = randomUUID();
  let failures = 0;
  const positions = new Map<string, bigint>();
  let running = true;
  let generation = -1;

  const positionOf = ({ topic, partition }: Assignment): bigint => {
    const key = `${topic}/${partition}`;
    const known = positions.get(key);
    if (known !== undefined) return known;
    const start =
      log.committedOffset(options.groupId, topic, partition) ??
      ((options.fromBeginning ?? true) ? 0n : log.endOffset(topic, partition));
    positions.set(key, start);
    return start;
  };

  const pollOnce = async (): Promise<boolean> => {
    if (generation !== group.generation) {
      const assigned = group.generation;
      positions.clear(); // after a rebalance, resume from committed offsets like Kafka does
      await options.onAssigned?.(group.assignmentOf(member)); // a failure retries it on the next poll
      generation = assigned;
    }
    let delivered = false;
    for (const assignment of group.assignmentOf(member)) {
      const from = positionOf(assignment);
      const records = log.read(assignment.topic, assignment.partition, from, maxBatch);
      if (records.length === 0) continue;
      const next = from + BigInt(records.length);
      await options.handle({ ...assignment, records, nextOffset: next.toString() });
      if (options.commit === 'after-handle')
        log.commit(options.groupId, assignment.topic, assignment.partition, next);
      positions.set(`${assignment.topic}/${assignment.partition}`, next);
      delivered = true;
    }
    return delivered;
  };

  const loop = async (): Promise<void> => {
    while (running) {
      const changed = log.changed();
      try {
        const delivered = await pollOnce();
        if (failures > 0) health.recover(options.groupId);
        failures = 0;
        if (delivered) continue;
      } catch (error) {
        if (isRetriable(error)) {
          positions.clear(); // redeliver from the last commit, as the Kafka consumer does
          health.degrade(options.groupId, error);
          await sleep(backoffDelay(failures++));
          continue;
        }
        (options.onCrash ?? ((e: unknown) => console.error(`consumer ${options.groupId} stopped:`, e)))(
          error,
        );
        break;
      }
      await changed;
    }
    group.leave(member);
  };

  group.join(member);
  const finished = loop();
  return {
    ready: Promise.resolve(),
    stop: async () => {
      running = false;
      log.notify();
      await finished;
    },
  };
}

// Follows sg.registry and sg.control from the start, in a consumer group of its own (every
// process sees every record), into a RegistryFold. Followers never dead-letter: the gate's
// registry check does that once per record (check.ts); a rejected record is only counted here.
import { randomUUID } from 'node:crypto';
import { catchUp } from '../bus/catch-up.ts';
import type { Bus } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';
import { RegistryFold } from './fold.ts';
import type { OperatorKeys } from './operator-keys.ts';
import { readChange } from './records.ts';

export interface RegistryHealth {
  readonly ok: boolean;
  /** Every record that existed when following started has been applied. */
  readonly caughtUp: boolean;
  /** Records that had no effect: undecodable, unsigned (tombstones too), forged or signed by an unknown key. */
  readonly rejected: number;
  readonly error: string | null;
}

export interface FollowedRegistry {
  readonly fold: RegistryFold;
  readonly caughtUp: Promise<void>;
  /** Resolves once the predicate holds for the fold, checked after every applied batch. */
  until(predicate: (fold: RegistryFold) => boolean): Promise<RegistryFold>;
  /** Resolves once the fold has applied every record both topics hold now (read-your-writes). */
  readNow(): Promise<void>;
  health(): RegistryHealth;
  stop(): Promise<void>;
}

export interface FollowRegistryOptions {
  readonly groupId?: string;
  readonly onCrash?: (error: unknown) => void;
}

export async function followRegistry(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  keys: OperatorKeys,
  options: FollowRegistryOptions = {},
): Promise<FollowedRegistry> {
  const fold = new RegistryFold();
  const topics = [names.registry, names.control];
  const progress = await catchUp(bus, topics);
  let rejected = 0;
  let failure: string | null = null;
  const waiters = new Set<() => void>();

  const subscription = bus.consume({
    groupId: options.groupId ?? `registry-follower-${randomUUID()}`,
    topics,
    fromBeginning: true,
    commit: 'after-handle',
    handle: async (batch) => {
      for (const record of batch.records) {
        const change = await readChange(codec, keys, names, record);
        if (change.kind === 'rejected') rejected += 1;
        fold.apply(change);
      }
      progress.advance(batch);
      for (const check of waiters) check();
    },
    onCrash: (error) => {
      failure = `registry follower stopped: ${error instanceof Error ? error.message : String(error)}`;
      options.onCrash?.(error);
    },
  });
  return {
    fold,
    caughtUp: progress.done,
    until: (predicate) =>
      new Promise((resolve) => {
        const check = () => {
          if (!predicate(fold)) return;
          waiters.delete(check);
          resolve(fold);
        };
        waiters.add(check);
        check();
      }),
    readNow: () => progress.now(),
    health: () => ({ ok: failure === null, caughtUp: progress.isDone(), rejected, error: failure }),
    stop: () => subscription.stop(),
  };
}

/** The fold as of now, read once from the start of both topics (for the CLI's one-shot commands). */
export async function replayRegistry(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  keys: OperatorKeys,
): Promise<RegistryFold> {
  const fold = new RegistryFold();
  for (const topic of [names.registry, names.control])
    await bus.replay(topic, { offset: '0' }, async (record) =>
      fold.apply(await readChange(codec, keys, names, record)),
    );
  return fold;
}

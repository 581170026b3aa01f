// The live agent inventory: follows sg.registry and sg.control from the start in a consumer
// group of its own, so every API instance sees every record. A record that does not decode is
// skipped (the gate dead-letters it) and counted; a registry outage stops the follower, and
// health() says so until the process is restarted.
import { randomUUID } from 'node:crypto';
import type { Bus, ConsumedRecord } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';
import { isRetriable } from '../schemas/errors.ts';
import { catchUp } from './catch-up.ts';
import { AgentInventory, type InventoryAgent } from './inventory-state.ts';

export type { InventoryAgent, KillSwitch } from './inventory-state.ts';
export { AgentInventory } from './inventory-state.ts';

export interface InventoryHealth {
  readonly ok: boolean;
  /** Every record that existed when following started has been applied. */
  readonly caughtUp: boolean;
  readonly skipped: number;
  readonly error: string | null;
}

export interface Inventory {
  agents(): InventoryAgent[];
  health(): InventoryHealth;
}

export interface FollowedInventory extends Inventory {
  readonly caughtUp: Promise<void>;
  /** Resolves once the predicate holds for the agents, checked after every applied batch. */
  until(predicate: (agents: readonly InventoryAgent[]) => boolean): Promise<InventoryAgent[]>;
  stop(): Promise<void>;
}

export interface FollowOptions {
  /** Called for a record that does not decode; it is skipped. */
  readonly onSkip?: (record: ConsumedRecord, error: unknown) => void;
}

export async function followInventory(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  options: FollowOptions = {},
): Promise<FollowedInventory> {
  const state = new AgentInventory();
  const topics = [names.registry, names.control];
  const progress = await catchUp(bus, topics);
  let skipped = 0;
  let failure: string | null = null;
  const waiters = new Set<() => void>();

  const apply = async (record: ConsumedRecord) => {
    const key = record.key?.toString() ?? '';
    if (record.value === null) return record.topic === names.registry ? state.retire(key) : state.lift(key);
    try {
      if (record.topic === names.registry)
        state.announce(await codec.decodeAs('swarmgate.v1.AgentAnnounced', record.value));
      else state.control(await codec.decodeAs('swarmgate.v1.ControlCommand', record.value));
    } catch (error) {
      if (isRetriable(error)) throw error;
      skipped += 1;
      options.onSkip?.(record, error);
    }
  };

  const subscription = bus.consume({
    groupId: `api-inventory-${randomUUID()}`,
    topics,
    fromBeginning: true,
    commit: 'after-handle',
    handle: async (batch) => {
      for (const record of batch.records) await apply(record);
      progress.advance(batch);
      for (const check of waiters) check();
    },
    onCrash: (error) => {
      failure = `inventory follower stopped: ${error instanceof Error ? error.message : String(error)}`;
    },
  });
  return {
    caughtUp: progress.done,
    agents: () => state.agents(),
    until: (predicate) =>
      new Promise((resolve) => {
        const check = () => {
          const agents = state.agents();
          if (!predicate(agents)) return;
          waiters.delete(check);
          resolve(agents);
        };
        waiters.add(check);
        check();
      }),
    health: () => ({ ok: failure === null, caughtUp: progress.isDone(), skipped, error: failure }),
    stop: () => subscription.stop(),
  };
}

// The live agent inventory: the shared registry follower (registry/follow.ts) read through
// inventoryOf. A record that does not decode or is not operator-signed has no effect and is
// counted (the gate dead-letters it); a registry outage stops the follower, and health() says
// so until the process is restarted.
import { randomUUID } from 'node:crypto';
import type { Bus } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import { followRegistry, type FollowedRegistry } from '../registry/follow.ts';
import type { OperatorKeys } from '../registry/operator-keys.ts';
import type { Codec } from '../schemas/codec.ts';
import { inventoryOf, type InventoryAgent } from './inventory-state.ts';

export type { InventoryAgent, KillSwitch } from './inventory-state.ts';
export { inventoryOf } from './inventory-state.ts';

export interface InventoryHealth {
  readonly ok: boolean;
  /** Every record that existed when following started has been applied. */
  readonly caughtUp: boolean;
  /** Records without effect: undecodable, unsigned, forged or signed by an unknown key. */
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
  /** The followed registry itself, for the routes that sign changes to it and the watchdog. */
  readonly registry: Pick<FollowedRegistry, 'fold' | 'until' | 'readNow'>;
}

export async function followInventory(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  operatorKeys: OperatorKeys,
): Promise<FollowedInventory> {
  const followed = await followRegistry(bus, codec, names, operatorKeys, {
    groupId: `api-inventory-${randomUUID()}`,
  });
  return {
    caughtUp: followed.caughtUp,
    agents: () => inventoryOf(followed.fold),
    until: async (predicate) => inventoryOf(await followed.until((fold) => predicate(inventoryOf(fold)))),
    health: () => {
      const { ok, caughtUp, rejected, error } = followed.health();
      return { ok, caughtUp, skipped: rejected, error };
    },
    stop: () => followed.stop(),
    registry: followed,
  };
}

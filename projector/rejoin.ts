// Kafka group trouble — a session that expired while a long batch was applied, a rebalance
// during the offset commit — stops a bus consumer. For the projector that is no reason to stop:
// the database holds its positions, so it rejoins the group and carries on, skipping what it
// already applied. An error from applying decisions still stops it, as does a group that keeps
// failing without a single batch applied in between.
import type { Bus, ConsumeOptions, Subscription } from '../bus/port.ts';

export interface RejoinOptions {
  /** Told about each rejoin and the error that caused it. */
  readonly onRejoin?: (error: unknown) => void;
  /** Consecutive rejoins without an applied batch before giving up; 10 by default. */
  readonly maxRejoins?: number;
}

export function consumeRejoining(bus: Bus, options: ConsumeOptions & RejoinOptions): Subscription {
  const fromHandler = new WeakSet<object>();
  const maxRejoins = options.maxRejoins ?? 10;
  const giveUp = options.onCrash ?? ((error: unknown) => console.error('projector consumer stopped:', error));
  let rejoinsWithoutProgress = 0;
  let stopped = false;
  let joined = false; // a consumer that never joined has a problem rejoining will not fix
  let restarting = Promise.resolve();

  const handle: ConsumeOptions['handle'] = async (batch) => {
    try {
      await options.handle(batch);
      rejoinsWithoutProgress = 0;
    } catch (error) {
      if (typeof error === 'object' && error !== null) fromHandler.add(error);
      throw error;
    }
  };
  const onCrash = (error: unknown) => {
    if (stopped) return;
    const applyFailed = typeof error === 'object' && error !== null && fromHandler.has(error);
    if (applyFailed || !joined || rejoinsWithoutProgress >= maxRejoins) {
      giveUp(error);
      return;
    }
    rejoinsWithoutProgress += 1;
    options.onRejoin?.(error);
    restarting = restarting.then(async () => {
      await current.stop().catch(() => undefined);
      if (!stopped) current = subscribe();
    });
  };
  const subscribe = () => bus.consume({ ...options, handle, onCrash });
  let current = subscribe();
  void current.ready.then(
    () => (joined = true),
    () => undefined,
  );

  return {
    ready: current.ready,
    async stop() {
      stopped = true;
      await restarting;
      await current.stop();
    },
  };
}

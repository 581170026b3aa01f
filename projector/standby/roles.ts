// Active or standby: an instance applies decisions only while it holds the lease, and otherwise
// tries to take it every `retryMs`. When the lease is lost it stops applying at once (the role
// changes before the consumer has finished stopping), steps down, and goes back to trying once
// the standbys have had the lock to themselves for `yieldMs` since it was lost. A process that
// was stopped lost it long before it noticed: it tries again at once, as any standby would.
import { isLeaseLost, type Lease } from './lease.ts';

export type Role = 'active' | 'standby';

export interface Running {
  stop(): Promise<void>;
}

export type RoleChange<T> =
  | { readonly role: 'active'; readonly lease: Lease; readonly running: T }
  | { readonly role: 'standby'; readonly reason: string };

export interface RoleOptions<T extends Running> {
  /** The lease, or null while another instance holds it. */
  readonly acquire: () => Promise<Lease | null>;
  /** Starts applying under the lease. */
  readonly activate: (lease: Lease) => Promise<T>;
  readonly retryMs: number;
  /** How long an instance that lost the lease leaves it to the standbys before trying again. */
  readonly yieldMs: number;
  readonly onChange: (change: RoleChange<T>) => void;
  /** A lost term has stopped and released its lease; the next try follows in `yieldsMs`. */
  readonly onSteppedDown?: (stepped: SteppedDown) => void;
  /** A try to take the lease failed (the database is unreachable); the next try follows. */
  readonly onAcquireError: (error: unknown) => void;
  readonly clock?: () => number;
}

export interface SteppedDown {
  /** From noticing the loss to the lease released (the batch in flight, the consumer's stop). */
  readonly tookMs: number;
  readonly yieldsMs: number;
}

export interface Roles {
  /** Resolves once the first role is settled; rejects if the first activation fails. */
  readonly ready: Promise<void>;
  /** Rejects when an activation fails for another reason than a lost lease. */
  readonly failed: Promise<never>;
  stop(): Promise<void>;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function runRoles<T extends Running>(options: RoleOptions<T>): Roles {
  const clock = options.clock ?? Date.now;
  let stopping = false;
  let wake: () => void = () => {};
  const stopped = new Promise<'stop'>((resolve) => (wake = () => resolve('stop')));
  let settle: () => void = () => {};
  const ready = new Promise<void>((resolve) => (settle = resolve));
  let standingBy = false;
  const standBy = (reason: string) => {
    settle();
    if (standingBy) return;
    standingBy = true;
    options.onChange({ role: 'standby', reason });
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      void stopped.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  /** Releases a lost lease; resolves with how long to leave the lock to the standbys. */
  const stepDown = async (lease: Lease, noticedAt: number): Promise<number> => {
    await lease.release();
    const now = clock();
    const yieldsMs = Math.max(0, lease.lostAt() + options.yieldMs - now);
    options.onSteppedDown?.({ tookMs: now - noticedAt, yieldsMs });
    return yieldsMs;
  };

  /** Resolves with the pause before the next try: a yield when the lease was lost. */
  const term = async (lease: Lease): Promise<number> => {
    let running: T;
    try {
      running = await options.activate(lease);
    } catch (error) {
      if (!isLeaseLost(error)) {
        await lease.release();
        throw error;
      }
      standBy(reasonOf(error));
      return stepDown(lease, clock());
    }
    standingBy = false;
    options.onChange({ role: 'active', lease, running });
    settle();
    const ended = await Promise.race([lease.lost, stopped]);
    const noticedAt = clock();
    if (ended !== 'stop') standBy(reasonOf(ended));
    await running.stop().catch((error: unknown) => {
      if (!isLeaseLost(error) && ended === 'stop') throw error;
    });
    if (ended !== 'stop') return stepDown(lease, noticedAt);
    await lease.release();
    return options.retryMs;
  };

  const loop = async (): Promise<void> => {
    while (!stopping) {
      let why = 'another instance holds the active lock';
      const lease = await options.acquire().catch((error: unknown) => {
        options.onAcquireError(error);
        why = `cannot try the active lock: ${reasonOf(error)}`;
        return null;
      });
      let pauseMs = options.retryMs;
      if (lease && !stopping) pauseMs = await term(lease);
      else if (lease) await lease.release();
      else standBy(why);
      if (!stopping) await pause(pauseMs);
    }
  };
  const running = loop();
  const failed = running.then(
    () => new Promise<never>(() => {}),
    (error: unknown) => {
      throw error;
    },
  );
  failed.catch(() => undefined); // callers observe it through ready or failed
  return {
    ready: Promise.race([ready, failed]),
    failed,
    async stop() {
      stopping = true;
      wake();
      await running;
    },
  };
}

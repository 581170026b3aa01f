// The active role of a projector schema is a PostgreSQL session advisory lock, held on a
// connection of its own for as long as the instance is active. PostgreSQL releases it when that
// connection ends — a killed process, a dropped network, a terminated backend — and ends the
// session of a process that stops talking (SIGSTOP, a hung host) through idle_session_timeout,
// kept short by a heartbeat. The lock alone does not stop a deposed active that has not noticed
// yet: `fence` does, inside every transaction (fenced-db.ts).
import pg from 'pg';
import type { Queryable } from '../store/db.ts';
import { ProjectorError } from '../errors.ts';

/** This instance no longer holds the active lock: it must apply nothing more. */
export class LeaseLostError extends ProjectorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, false, options);
  }
}

export const isLeaseLost = (error: unknown): boolean => {
  for (let at = error; at; at = (at as { cause?: unknown }).cause) {
    if (at instanceof LeaseLostError) return true;
  }
  return false;
};

export interface LeaseOptions {
  /** postgres:// URL; the lock connection logs in as the projector does. */
  readonly url: string;
  readonly schema: string;
  /** A session (or an open transaction) silent for this long is ended by PostgreSQL. */
  readonly timeoutMs: number;
}

export interface Lease {
  /** The backend holding the lock: what `fence` looks for in pg_locks. */
  readonly pid: number;
  /** Settles when the lock connection fails or stops answering; never rejects. */
  readonly lost: Promise<LeaseLostError>;
  /**
   * When the lock was lost, as far as this process can tell: now, unless its lock connection had
   * been silent longer than the session timeout (the process was stopped), in which case
   * PostgreSQL ended the session, and freed the lock, that long after the last answer.
   */
  lostAt(): number;
  /** Throws LeaseLostError unless this lease still holds the lock; run it inside a transaction. */
  fence(tx: Queryable): Promise<void>;
  release(): Promise<void>;
}

export const activeLockName = (schema: string): string => `swarmgate:projector-active:${schema}`;

const HELD = `SELECT EXISTS (
  SELECT FROM pg_locks
   WHERE locktype = 'advisory' AND granted AND pid = $1 AND objsubid = 1
     AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($2, 0)) AS held,
  set_config('idle_in_transaction_session_timeout', $3, true)`;

/**
 * Pings the lock connection every `everyMs`. A ping that fails loses the lease at once; one that
 * is slow (a loaded host) only after `timeoutMs` without an answer, when PostgreSQL would have
 * ended the session anyway.
 */
function heartbeat(
  client: pg.Client,
  timing: { readonly everyMs: number; readonly timeoutMs: number },
  lose: (error: LeaseLostError) => void,
): { stop(): void; answeredAt(): number } {
  let pending = false;
  let answeredAt = Date.now();
  const timer = setInterval(() => {
    if (pending) {
      if (Date.now() - answeredAt >= timing.timeoutMs)
        lose(new LeaseLostError(`the lock connection did not answer for ${timing.timeoutMs} ms`));
      return;
    }
    pending = true;
    client.query('SELECT 1').then(
      () => {
        pending = false;
        answeredAt = Date.now();
      },
      (error: unknown) =>
        lose(new LeaseLostError('the lock connection failed a heartbeat', { cause: error })),
    );
  }, timing.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), answeredAt: () => answeredAt };
}

/** Takes the schema's active lock if it is free; null when another instance holds it. */
export async function tryLease(options: LeaseOptions): Promise<Lease | null> {
  const name = activeLockName(options.schema);
  const client = new pg.Client({
    connectionString: options.url,
    application_name: 'swarmgate-projector-lock',
  });
  let lose: (error: LeaseLostError) => void = () => {};
  const lost = new Promise<LeaseLostError>((resolve) => (lose = resolve));
  client.on('error', (error) => lose(new LeaseLostError('the lock connection failed', { cause: error })));
  client.on('end', () => lose(new LeaseLostError('the lock connection ended')));
  await client.connect();
  const { rows } = await client
    .query<{ held: boolean; pid: number }>(
      `SELECT set_config('idle_session_timeout', $2, false), pg_try_advisory_lock(hashtextextended($1, 0)) AS held,
              pg_backend_pid() AS pid`,
      [name, String(options.timeoutMs)],
    )
    .catch(async (error: unknown) => {
      await client.end().catch(() => undefined);
      throw error;
    });
  const row = rows[0];
  if (!row?.held) {
    await client.end();
    return null;
  }
  const everyMs = Math.max(100, Math.floor(options.timeoutMs / 4));
  const beat = heartbeat(client, { everyMs, timeoutMs: options.timeoutMs }, lose);
  void lost.then(() => beat.stop());
  const { pid } = row;
  return {
    pid,
    lost,
    lostAt: () => Math.min(Date.now(), beat.answeredAt() + options.timeoutMs),
    async fence(tx) {
      const result = await tx.query<{ held: boolean }>(HELD, [pid, name, String(options.timeoutMs)]);
      if (!result.rows[0]?.held) {
        lose(new LeaseLostError(`backend ${pid} no longer holds the active lock`));
        throw new LeaseLostError(
          `this instance is no longer the active projector (lock backend ${pid} lost it)`,
        );
      }
    },
    async release() {
      beat.stop();
      lose(new LeaseLostError('released'));
      await client.end().catch(() => undefined);
    },
  };
}

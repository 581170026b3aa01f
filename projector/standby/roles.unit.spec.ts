import { describe, expect, it } from 'vitest';
import { LeaseLostError, type Lease } from './lease.ts';
import { runRoles, type RoleChange, type Running, type SteppedDown } from './roles.ts';

function fakeLease(pid: number) {
  let lose: (error: LeaseLostError) => void = () => {};
  const lost = new Promise<LeaseLostError>((resolve) => (lose = resolve));
  let lostAt = 0;
  const lease: Lease & { released: boolean } = {
    pid,
    lost,
    lostAt: () => lostAt,
    released: false,
    fence: async () => {},
    release: async () => {
      lease.released = true;
    },
  };
  /** Loses the lease; `at` is when the lock went (by default now). */
  const loseAt = (reason: string, at = Date.now()) => {
    lostAt = at;
    lose(new LeaseLostError(reason));
  };
  return { lease, lose: loseAt };
}

/** A lock the test hands out: null until `free()`, then one lease per free(). */
function fakeLock() {
  const offered: ReturnType<typeof fakeLease>[] = [];
  let next = 0;
  return {
    offered,
    free: () => offered.push(fakeLease(offered.length + 1)),
    acquire: async (): Promise<Lease | null> => (offered[next] ? offered[next++]!.lease : null),
  };
}

function recorder<C = RoleChange<Running>>() {
  const changes: C[] = [];
  const waiters: (() => void)[] = [];
  return {
    changes,
    onChange: (change: C) => {
      changes.push(change);
      waiters.splice(0).forEach((wake) => wake());
    },
    until: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (changes.length >= count ? resolve() : waiters.push(check));
        check();
      }),
  };
}

const roles = (changes: readonly RoleChange<Running>[]) => changes.map((change) => change.role);

describe('active or standby', () => {
  it('stands by while the lock is held elsewhere, then takes over, and stands by again when the lease is lost', async () => {
    const lock = fakeLock();
    const seen = recorder();
    let stops = 0;
    const run = runRoles({
      acquire: lock.acquire,
      activate: async () => ({ stop: async () => void (stops += 1) }),
      retryMs: 1,
      yieldMs: 1,
      onChange: seen.onChange,
      onAcquireError: () => {},
    });
    await run.ready;
    expect(roles(seen.changes)).toEqual(['standby']);

    lock.free();
    await seen.until(2);
    lock.offered[0]!.lose('the lock connection ended');
    await seen.until(3);
    expect(seen.changes[2]).toEqual({ role: 'standby', reason: 'the lock connection ended' });

    lock.free();
    await seen.until(4);
    await run.stop();
    expect(roles(seen.changes)).toEqual(['standby', 'active', 'standby', 'active']);
    expect(stops).toBe(2);
    expect(lock.offered.every((offer) => offer.lease.released)).toBe(true);
  });

  it('stands by when the lease is lost while activating, and fails when activation fails otherwise', async () => {
    const lock = fakeLock();
    lock.free();
    const seen = recorder();
    const deposed = runRoles({
      acquire: lock.acquire,
      activate: () => Promise.reject(new LeaseLostError('no longer the active projector')),
      retryMs: 1,
      yieldMs: 1,
      onChange: seen.onChange,
      onAcquireError: () => {},
    });
    await deposed.ready;
    expect(seen.changes).toEqual([{ role: 'standby', reason: 'no longer the active projector' }]);
    await deposed.stop();

    const broken = fakeLock();
    broken.free();
    const failing = runRoles({
      acquire: broken.acquire,
      activate: () => Promise.reject(new Error('cannot read topic sg.decisions')),
      retryMs: 1,
      yieldMs: 1,
      onChange: () => {},
      onAcquireError: () => {},
    });
    await expect(failing.ready).rejects.toThrow('cannot read topic');
    expect(broken.offered[0]!.lease.released).toBe(true);
  });

  it('keeps trying while the database cannot be reached, and says why', async () => {
    const errors: unknown[] = [];
    let tries = 0;
    const seen = recorder();
    const lease = fakeLease(7).lease;
    const run = runRoles({
      acquire: async () => {
        tries += 1;
        if (tries < 3) throw new Error('connect ECONNREFUSED');
        return lease;
      },
      activate: async () => ({ stop: async () => {} }),
      retryMs: 1,
      yieldMs: 1,
      onChange: seen.onChange,
      onAcquireError: (error) => errors.push(error),
    });
    await seen.until(2);
    await run.stop();
    expect(errors).toHaveLength(2);
    expect(roles(seen.changes)).toEqual(['standby', 'active']);
  });

  it('after a term it lost just now, leaves the lock to the standbys; after one a stopped process lost long ago, tries at once', async () => {
    const now = 1_000_000;
    const lock = fakeLock();
    lock.free();
    const seen = recorder();
    const stepped = recorder<SteppedDown>();
    const run = runRoles({
      acquire: lock.acquire,
      activate: async () => ({ stop: async () => {} }),
      retryMs: 1,
      yieldMs: 60_000,
      clock: () => now,
      onChange: seen.onChange,
      onSteppedDown: stepped.onChange,
      onAcquireError: () => {},
    });
    await seen.until(1);
    // the lock connection went silent two minutes ago: PostgreSQL freed the lock back then
    lock.offered[0]!.lose('the lock connection failed a heartbeat', now - 120_000);
    await stepped.until(1);
    lock.free();
    await seen.until(3);
    expect(roles(seen.changes)).toEqual(['active', 'standby', 'active']);
    expect(stepped.changes).toEqual([{ tookMs: 0, yieldsMs: 0 }]);

    lock.offered[1]!.lose('the lock connection ended', now);
    await stepped.until(2);
    expect(stepped.changes[1]).toEqual({ tookMs: 0, yieldsMs: 60_000 });
    lock.free();
    await run.stop(); // cuts the yield short
    expect(lock.offered[2]!.lease.released).toBe(false); // never taken: the standbys' turn
  });
});

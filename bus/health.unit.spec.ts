import { describe, expect, it } from 'vitest';
import { BusHealth } from './health.ts';

describe('bus health', () => {
  it('is degraded while any source recovers, and counts each recovery once', async () => {
    const health = new BusHealth(() => 42);
    const back = health.until((report) => report.status === 'ok' && report.recoveries === 2);
    health.degrade('consumer gate', new Error('broker down'));
    health.degrade('consumer gate', new Error('broker still down'));
    health.degrade('producer', new Error('broker down'));
    expect(health.report()).toMatchObject({
      status: 'degraded',
      degraded: [
        { source: 'consumer gate', since: 42, attempts: 2, error: 'Error: broker still down' },
        { source: 'producer', attempts: 1 },
      ],
    });
    health.recover('consumer gate');
    health.recover('never failed');
    expect(health.report().status).toBe('degraded');
    health.recover('producer');
    expect(await back).toEqual({ status: 'ok', degraded: [], recoveries: 2 });
  });
});

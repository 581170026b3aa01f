// The short chaos run for CI (`npm run chaos` is the long one): the multi-process swarm on Kafka
// with components killed by SIGKILL while workflows are in flight.
import { describe, expect, it } from 'vitest';
import { expectInvariantsHeld } from './chaos/expect.ts';
import { runChaos } from './chaos/run.ts';
import { services } from './support/services.ts';

describe('chaos', () => {
  it('loses and duplicates nothing when random components are killed mid-stream', async () => {
    const report = await runChaos({
      workflows: Number(process.env.CHAOS_WORKFLOWS ?? 600),
      kills: Number(process.env.CHAOS_KILLS ?? 5),
      rate: 8,
      brokers: services.brokers,
      registryUrl: services.registryUrl,
      databaseUrl: services.databaseUrl,
    });

    expect(report.kills).toBeGreaterThanOrEqual(5);
    expect(report.killsInFlight).toBeGreaterThanOrEqual(3);
    expectInvariantsHeld(report);
  }, 900_000);
});

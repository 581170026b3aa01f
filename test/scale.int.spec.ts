// Every stateful control with several instances of every process, on the real broker: 3 gates,
// 2 instances of each agent and 2 projectors (active and standby), with members SIGKILLed and
// new ones added while 5,000 workflows run. The invariants are checked from sg.decisions as an
// auditor would (test/chaos/invariants.ts).
import { describe, expect, it } from 'vitest';
import { expectInvariantsHeld } from './chaos/expect.ts';
import { runChaos } from './chaos/run.ts';
import { services } from './support/services.ts';

describe('scale-out', () => {
  it(
    'holds budget, rate limit, one delivery per event and structuring alerts across instances, kills and additions',
    async () => {
      const report = await runChaos({
        workflows: Number(process.env.SCALE_WORKFLOWS ?? 5_000),
        kills: 6,
        scaleOuts: 3,
        rate: 30,
        partitions: 6,
        instances: { gates: 3, agents: 2, projectors: 2 },
        brokers: services.brokers,
        registryUrl: services.registryUrl,
        databaseUrl: services.databaseUrl,
      });

      expect(report.workflows).toBeGreaterThanOrEqual(5_000);
      expect(report.killsInFlight).toBeGreaterThanOrEqual(4);
      expect(report.scaleOuts).toBe(3);
      expectInvariantsHeld(report);
    },
    45 * 60_000,
  );
});

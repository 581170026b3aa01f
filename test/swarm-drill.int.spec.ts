import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import { Codec } from '../schemas/codec.ts';
import { services } from './support/services.ts';
import { payloadOf, runCli, startSwarm, type Decided, type SwarmHarness } from './support/swarm-harness.ts';

const drillIdOf = (stdout: string) => /drill ([0-9a-f-]{36})/.exec(stdout)?.[1] ?? 'none';

describe('swarmgate drill against a running swarm', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  let swarm: SwarmHarness;

  beforeAll(async () => {
    await codec.registerAll();
    swarm = await startSwarm(bus, codec);
  });
  afterAll(async () => {
    await (swarm as SwarmHarness | undefined)?.stop(); // undefined when the set-up failed
    await bus.close();
  });

  it("forces fraud's next event to fail, and passes once the fallback and its incident are audited", async () => {
    // Given the whole banking swarm running

    // When an operator drills the fraud agent
    const { code, stdout } = await runCli(swarm.names, ['drill', 'fraud', '--timeout-ms', '60000']);

    // Then the drill passes, and the gate decided fraud's incident (naming the drill) and its UNSCORED fallback
    expect(stdout).toMatch(/^PASS drill .* of fraud: fallback answered banking\.TransactionPosted/);
    expect(code).toBe(0);
    const drill = drillIdOf(stdout);
    const fromFraud = await swarm.decisions.workflow(
      `drill-${drill}`,
      (ds) => ds.filter((d) => d.sender === 'fraud').length === 2,
    );
    const trail = fromFraud.filter((d) => d.sender === 'fraud');
    const incident = await payloadOf(
      codec,
      trail.find((d) => d.eventType === 'incident.FallbackUsed')!,
      'incident.FallbackUsed',
    );
    expect(incident).toMatchObject({ agent: 'fraud', failure: 'ERROR' });
    expect(incident.message).toContain(`drill ${drill}: failure forced by ops-drill`);
    const score = await payloadOf(
      codec,
      trail.find((d) => d.eventType === 'fraud.RiskScored')!,
      'fraud.RiskScored',
    );
    expect(score.level).toBe('UNSCORED');
  });

  it('drills compliance through the request path: the recommendation is escalated, never approved', async () => {
    // Given the whole banking swarm running

    // When an operator drills compliance (a customer request reaches it as advice)
    const { code, stdout } = await runCli(swarm.names, ['drill', 'compliance']);

    // Then the drill passes and compliance's fallback escalated the recommendation to a human
    expect(stdout).toMatch(
      /^PASS drill .* of compliance: fallback answered advice\.RecommendationMade .* with \[compliance\.EscalationRequested\]/,
    );
    expect(code).toBe(0);
    const isIncident = (d: Decided) => d.sender === 'compliance' && d.eventType === 'incident.FallbackUsed';
    const trail = await swarm.decisions.workflow(`drill-${drillIdOf(stdout)}`, (ds) => ds.some(isIncident));
    expect(trail.filter((d) => d.sender === 'compliance').map((d) => d.eventType)).toEqual([
      'compliance.EscalationRequested',
      'incident.FallbackUsed',
    ]);
    // A hang limit, not a speed check: the drill CLI's own 60 s wait plus a loaded machine's start-up.
  }, 300_000);

  it('fails when the drilled agent does not answer', async () => {
    // Given a swarm without an agent called "ghost"

    // When an operator drills it
    const { code, stdout } = await runCli(swarm.names, ['drill', 'ghost', '--timeout-ms', '3000']);

    // Then the drill reports FAIL and exits 1
    expect(stdout).toMatch(/^FAIL drill .* of ghost: no audited incident\.FallbackUsed within 3000 ms/);
    expect(code).toBe(1);
  });
});

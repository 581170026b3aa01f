// The gate's live controls on Kafka: kill switches, the hop limit cutting a real loop between
// two agents, budgets surviving a restart, and denials counted by policy on /metrics' registry.
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import type { Subscription } from '../bus/port.ts';
import { startGate } from '../orchestrator/gate/index.ts';
import { loadComposite } from '../orchestrator/policy/composite.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import { openEnvelope } from '../schemas/envelope.ts';
import type { Decision, RiskScored } from '../schemas/generated/types.ts';
import { transactionPosted } from './support/envelopes.ts';
import { defaultPolicyPath, startGateHarness, testAgents, type GateHarness } from './support/gate-harness.ts';
import { uniqueName } from './support/names.ts';
import { agentFields, postedFields, riskScored, systemActor } from './support/proposals.ts';
import { services } from './support/services.ts';

const metrics = new Registry();

const echoAgents = ['echo-a', 'echo-b'].map((name) => ({
  name,
  consumes: ['fraud.RiskScored'],
  emits: ['fraud.RiskScored'],
  riskClass: 'LOW' as const,
  clearance: 'INTERNAL' as const,
  requiredRoles: [],
  fallback: 'none',
}));

describe('gate controls on Kafka', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  let gate: GateHarness;

  beforeAll(async () => {
    await codec.registerAll();
    gate = await startGateHarness(
      bus,
      codec,
      loadComposite(defaultPolicyPath),
      [...testAgents, ...echoAgents],
      { metrics },
    );
  });
  afterAll(async () => {
    await gate.stop();
    await bus.close();
  });

  /** Proposes transactions one by one until `done` holds for a decision; returns that decision. */
  async function proposeUntil(done: (decision: Decision) => boolean): Promise<Decision> {
    for (;;) {
      const fields = postedFields();
      await gate.propose(fields, transactionPosted());
      const decision = await gate.decisionFor(fields.id);
      if (done(decision)) return decision;
    }
  }

  it('a kill switch stops deliveries to an agent from the first record decided after the gate read it, and lifting it resumes them', async () => {
    await proposeUntil((d) => d.routedTo.includes('fraud'));
    await gate.control({ kind: 'KILL', target: 'fraud', reason: 'incident INC-7' });
    await gate.gate.registryUntil((fold) => fold.killSwitchOf('fraud') !== undefined);

    const fields = postedFields();
    await gate.propose(fields, transactionPosted());
    const firstStopped = await gate.decisionFor(fields.id);

    expect(firstStopped.notRouted).toContainEqual(
      expect.objectContaining({ agent: 'fraud', policy: 'kill-switch' }),
    );
    expect(firstStopped.routedTo).toContain('analyst');
    expect(await gate.inboxDecisionIds('fraud')).not.toContain(firstStopped.decisionId);
    await gate.control({ kind: 'RESUME', target: 'fraud', reason: 'incident closed' });
    const resumed = await proposeUntil((d) => d.routedTo.includes('fraud'));
    expect(await gate.inboxDecisionIds('fraud')).toContain(resumed.decisionId);
  });

  it("a killed agent's own outputs are denied", async () => {
    await gate.control({ kind: 'KILL', target: 'fraud', reason: 'misbehaving model' });
    const stopped = await proposeUntil((d) => !d.routedTo.includes('fraud'));
    const score = agentFields('fraud.RiskScored', 'fraud');
    await gate.propose(score, riskScored(), { topic: 'proposed', signer: gate.keys.get('fraud')!.signer });

    const decision = await gate.decisionFor(score.id);

    expect(stopped.notRouted).toContainEqual(
      expect.objectContaining({ agent: 'fraud', policy: 'kill-switch' }),
    );
    expect(decision.outcome).toBe('DENIED');
    expect(decision.verdicts).toContainEqual(
      expect.objectContaining({ policy: 'kill-switch', verdict: 'DENY' }),
    );
    await gate.control({ kind: 'RESUME', target: 'fraud', reason: 'fixed' });
    await proposeUntil((d) => d.routedTo.includes('fraud'));
  });

  it('the global kill switch stops every delivery', async () => {
    await gate.control({ kind: 'KILL', target: '*', reason: 'market halt' });
    const stopped = await proposeUntil((d) => d.routedTo.length === 0);
    expect(stopped.verdicts).toContainEqual(
      expect.objectContaining({ policy: 'kill-switch', verdict: 'DENY' }),
    );
    await gate.control({ kind: 'RESUME', target: '*', reason: 'resumed' });
    await proposeUntil((d) => d.routedTo.length > 0);
  });

  it('cuts an endless loop between two agents at the hop limit', async () => {
    // Given two agents that answer every record they receive with a new one of the same type
    const echoes: Subscription[] = echoAgents.map(({ name }) =>
      bus.consume({
        groupId: uniqueName(name),
        topics: [gate.names.inbox(name)],
        commit: 'after-handle',
        handle: async (batch) => {
          for (const record of batch.records) {
            const { envelope, payload } = await openEnvelope(codec, record.value);
            const fields = agentFields('fraud.RiskScored', name, {
              correlationId: envelope.correlationId,
              causationId: envelope.id,
              hops: (envelope.hops ?? 0) + 1,
            });
            await gate.propose(fields, payload as unknown as RiskScored, {
              topic: 'proposed',
              signer: gate.keys.get(name)!.signer,
            });
          }
        },
      }),
    );
    const start = agentFields('fraud.RiskScored', 'fraud', { correlationId: `loop-${randomUUID()}` });

    // When one of them receives a first record
    await gate.propose(start, riskScored(), { topic: 'proposed', signer: gate.keys.get('fraud')!.signer });

    // Then the ping-pong is denied once it passes the hop limit, and delivered nowhere
    const denied = await waitForDecision(
      gate,
      (d) => d.correlationId === start.correlationId && d.outcome === 'DENIED',
    );
    expect(denied.verdicts).toContainEqual(expect.objectContaining({ policy: 'hop-limit', verdict: 'DENY' }));
    expect(denied.hops).toBe(9);
    expect(denied.routedTo).toEqual([]);
    await Promise.all(echoes.map((echo) => echo.stop()));
  });

  it("keeps budgets, workflows' tenants and delivered event ids across a restart: the state is restored from sg.gate-state", async () => {
    const first = postedFields({ costMicros: 1_500_000 });
    await gate.propose(first, transactionPosted());
    expect((await gate.decisionFor(first.id)).outcome).toBe('DELIVERED');

    await gate.gate.stop();
    const restarted = await startGate({
      bus,
      codec,
      names: gate.names,
      composite: loadComposite(defaultPolicyPath),
      operatorKeys: testOperator().keys,
    });
    const second = postedFields({ correlationId: first.correlationId, costMicros: 1_000_000 });
    await gate.propose(second, transactionPosted());
    const decision = await gate.decisionFor(second.id);
    await gate.propose(first, transactionPosted());
    const [, again] = await gate.decisionsFor(first.id, 2);
    const intruder = postedFields({
      correlationId: first.correlationId,
      actor: { ...systemActor, tenantId: 'private-ch' },
    });
    await gate.propose(intruder, transactionPosted());
    const intrusion = await gate.decisionFor(intruder.id);
    const spent = await restarted.spentMicros(first.correlationId);
    await restarted.stop();

    expect(spent).toBe(1_500_000);
    expect(intrusion.verdicts).toContainEqual({
      policy: 'tenant-isolation',
      verdict: 'DENY',
      reason: `workflow ${first.correlationId} belongs to tenant retail-eu, not private-ch`,
    });
    expect(decision.verdicts).toContainEqual(expect.objectContaining({ policy: 'budget', verdict: 'DENY' }));
    expect(again?.verdicts).toContainEqual(expect.objectContaining({ policy: 'duplicate', verdict: 'DENY' }));
  });

  it('counts denials by policy on the Prometheus registry /metrics serves', async () => {
    const denials = await metrics.getSingleMetric('swarmgate_gate_denials_total')!.get();
    const byPolicy = new Map(denials.values.map((point) => [String(point.labels.policy), point.value]));
    expect(byPolicy.get('hop-limit')).toBeGreaterThanOrEqual(1);
    expect(byPolicy.get('kill-switch')).toBeGreaterThanOrEqual(1);
  });
});

async function waitForDecision(gate: GateHarness, match: (decision: Decision) => boolean): Promise<Decision> {
  const codec = Codec.connect(services.registryUrl);
  let checked = 0;
  for (;;) {
    const records = await gate.decisions.until((r) => r.length > checked);
    for (const record of records.slice(checked)) {
      const decision = await codec.decodeAs('swarmgate.v1.Decision', record.value);
      if (match(decision)) return decision;
    }
    checked = records.length;
  }
}

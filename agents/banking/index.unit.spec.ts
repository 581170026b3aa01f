import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../schemas/catalog.ts';
import type { AnyAgent, IncomingEvent } from '../decider.ts';
import { runFallback } from '../fallback.ts';
import { customerRequest, transaction } from '../testing/banking.ts';
import { workflow } from '../testing/events.ts';
import { assertValidPayloads } from '../testing/spec.ts';
import { bankingAgents } from './index.ts';

const catalog = new Set(loadCatalog().keys());
const byName = (name: string): AnyAgent => bankingAgents.find((agent) => agent.name === name)!;

describe('the banking swarm', () => {
  it('has six agents with unique names', () => {
    expect(bankingAgents.map((agent) => agent.name)).toEqual([
      'analyst',
      'fraud',
      'aml-monitor',
      'advisor',
      'compliance',
      'responder',
    ]);
  });

  it.each(bankingAgents.map((agent) => [agent.name, agent] as const))(
    '%s consumes and emits only registered types, incidents included',
    (_, agent) => {
      expect([...agent.consumes, ...agent.emits].filter((type) => !catalog.has(type))).toEqual([]);
      expect(agent.emits).toContain('incident.FallbackUsed');
    },
  );

  it('declares the risk classes and clearances of the design', () => {
    const profile = Object.fromEntries(
      bankingAgents.map((agent) => [agent.name, `${agent.riskClass}/${agent.clearance}`]),
    );
    expect(profile).toEqual({
      analyst: 'LOW/INTERNAL',
      fraud: 'MEDIUM/PII',
      'aml-monitor': 'HIGH/PII',
      advisor: 'MEDIUM/INTERNAL',
      compliance: 'HIGH/PII',
      responder: 'LOW/INTERNAL',
    });
  });

  it('never routes an AML alert to the responder: a customer answer must not tip off', () => {
    expect(byName('responder').consumes).not.toContain('aml.AlertRaised');
  });
});

describe('fallbacks across the swarm', () => {
  const event = workflow('wf-fallback');
  const request = event('banking.CustomerRequestReceived', customerRequest({ text: 'Invest €30,000' }));
  const posted = event(
    'banking.TransactionPosted',
    transaction({ channel: 'CASH', direction: 'CREDIT', amountMinor: 9_900_00 }),
  );
  const advice = event('advice.RecommendationMade', {
    requestId: 'req-1',
    customerId: 'cust-1',
    recommendation: 'r',
    rationale: 'why',
    valueAtStakeMinor: 1,
    model: 'm',
    tier: 't',
  });
  const deadline = event('workflow.DeadlineReached', { name: 'response', dueAt: 0 });
  const cases: [string, IncomingEvent[], IncomingEvent][] = [
    ['analyst', [], posted],
    ['fraud', [], posted],
    ['aml-monitor', [], posted],
    ['advisor', [], request],
    ['compliance', [], advice],
    ['responder', [request], deadline],
  ];

  it.each(cases)(
    '%s: deterministic, valid, never claims confidence, and reported as an incident',
    (name, history, failing) => {
      const agent = byName(name);
      const state = history.reduce((s, e) => agent.evolve(s, e), agent.initialState());
      const failure = { kind: 'timeout' as const, message: 'deadline of 5000 ms exceeded' };

      const outputs = assertValidPayloads(runFallback(agent, failing, state, failure));

      expect(runFallback(agent, failing, state, failure)).toEqual(outputs);
      const incident = outputs.at(-1);
      expect(incident?.type).toBe('incident.FallbackUsed');
      expect(incident?.payload).toMatchObject({
        agent: name,
        eventId: failing.id,
        failure: 'TIMEOUT',
        emittedTypes: outputs.slice(0, -1).map((o) => o.type),
      });
      const degraded = outputs.slice(0, -1);
      expect(degraded.length).toBeGreaterThan(0);
      expect(degraded.filter((o) => o.confidence?.outcome === 'CONFIDENT')).toEqual([]);
    },
  );
});

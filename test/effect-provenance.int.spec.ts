// Harmless by design, on the running path: with the shipped policy, an effect that a model's words
// reach with no checker or human in between is denied whatever the words say, a checker's verdict
// lets it through, and the labels survive a gate restart (restored from sg.gate-state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import { startGate } from '../orchestrator/gate/index.ts';
import { loadComposite } from '../orchestrator/policy/composite.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import type {
  CustomerAnswered,
  Decision,
  RecommendationMade,
  ReviewCompleted,
} from '../schemas/generated/types.ts';
import { defaultPolicyPath, startGateHarness, testAgents, type GateHarness } from './support/gate-harness.ts';
import { agentFields, customerRequest, requestFields } from './support/proposals.ts';
import { services } from './support/services.ts';

const compliance = {
  name: 'compliance',
  consumes: ['human.*'],
  emits: ['compliance.ReviewCompleted', 'compliance.EscalationRequested'],
  riskClass: 'HIGH' as const,
  clearance: 'INTERNAL' as const,
  requiredRoles: [],
  fallback: 'escalate',
};

// The responder reads compliance's reviews, as the shipped responder does.
const agents = [
  ...testAgents.map((agent) =>
    agent.name === 'responder' ? { ...agent, consumes: [...agent.consumes, 'compliance.*'] } : agent,
  ),
  compliance,
];

const verdictOf = (decision: Decision) => decision.verdicts.find((v) => v.policy === 'effect-provenance');

describe('effect-provenance on Kafka, with the shipped policy', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  let harness: GateHarness;
  let restarted: Awaited<ReturnType<typeof startGate>> | undefined;
  const signerOf = (agent: string) => harness.keys.get(agent)!.signer;

  beforeAll(async () => {
    await codec.registerAll();
    harness = await startGateHarness(bus, codec, loadComposite(defaultPolicyPath), agents);
  });
  afterAll(async () => {
    await restarted?.stop();
    await harness.stop();
    await bus.close();
  });

  /** An agent's record answering `causationId` in the workflow, signed with the agent's own key. */
  async function answer<P extends object>(
    source: string,
    type: string,
    correlationId: string,
    causationId: string,
    payload: P,
  ) {
    const fields = agentFields(type, source, { correlationId, causationId, consent: ['advice'] });
    await harness.propose(fields as never, payload as never, { topic: 'proposed', signer: signerOf(source) });
    return harness.decisionFor(fields.id);
  }

  it("denies an answer the advisor's words reach directly or through a relay, also after a restart; the same words through compliance are answered", async () => {
    // Given a customer's request, delivered to the advisor, and the advisor's recommendation
    const request = requestFields();
    const asked = customerRequest('Please move my savings to the account we talked about.');
    await harness.propose(request, asked);
    expect((await harness.decisionFor(request.id)).outcome).toBe('DELIVERED');
    const workflow = request.correlationId;
    const recommendation: RecommendationMade = {
      requestId: asked.requestId,
      customerId: asked.customerId,
      accountId: asked.accountId,
      recommendation: 'Approved: transfer the full balance as asked.',
      rationale: 'the customer asked for it in the request',
      valueAtStakeMinor: 5_000,
      currency: 'EUR',
      model: 'llama3.2:3b',
      tier: 'economy',
    };
    const advice = await answer('advisor', 'advice.RecommendationMade', workflow, request.id, recommendation);
    expect(advice.outcome, JSON.stringify(advice.verdicts)).toBe('DELIVERED');
    expect(verdictOf(advice)?.reason).toBe('provenance model; advice.RecommendationMade is no effect');

    // When the gate restarts, restoring its state
    await harness.gate.stop();
    restarted = await startGate({
      bus,
      codec,
      names: harness.names,
      composite: loadComposite(defaultPolicyPath),
      operatorKeys: testOperator().keys,
    });

    // Then an answer from the advisor, or from the responder relaying the advice, is denied
    const answered: CustomerAnswered = {
      requestId: asked.requestId,
      customerId: asked.customerId,
      answer: 'Your transfer is approved.',
      complete: true,
      included: ['advice'],
      missing: [],
    };
    const fromAdvisor = await answer(
      'advisor',
      'response.CustomerAnswered',
      workflow,
      advice.eventId,
      answered,
    );
    const relayed = await answer(
      'responder',
      'response.CustomerAnswered',
      workflow,
      advice.eventId,
      answered,
    );
    const madeUpCause = await answer(
      'responder',
      'response.CustomerAnswered',
      workflow,
      'no-such-event',
      answered,
    );
    for (const denied of [fromAdvisor, relayed, madeUpCause]) {
      expect(denied.outcome).toBe('DENIED');
      expect(verdictOf(denied)?.verdict, JSON.stringify(denied.verdicts)).toBe('DENY');
    }
    expect(verdictOf(relayed)?.reason).toBe(
      'response.CustomerAnswered is an effect, and its cause chain holds untrusted text that a model read with no checker (compliance) or human deciding since; responder may not cause it',
    );

    // And compliance's verdict on the advice stands between: its review and the answer after it pass
    const review: ReviewCompleted = {
      reviewId: `${advice.eventId}:review`,
      requestId: asked.requestId,
      recommendationId: advice.eventId,
      escalationId: null,
      outcome: 'APPROVED',
      decidedBy: 'AUTOMATIC',
      approvers: [],
      recommendation: recommendation.recommendation,
      reason: 'the value at stake is within EUR 1,000.00',
    };
    const reviewed = await answer(
      'compliance',
      'compliance.ReviewCompleted',
      workflow,
      advice.eventId,
      review,
    );
    expect(verdictOf(reviewed)).toEqual({
      policy: 'effect-provenance',
      verdict: 'ALLOW',
      reason: "provenance checked: no model's words reach this effect unchecked",
    });
    expect(reviewed.outcome, JSON.stringify(reviewed.verdicts)).toBe('DELIVERED');
    const final = await answer(
      'responder',
      'response.CustomerAnswered',
      workflow,
      reviewed.eventId,
      answered,
    );
    expect(verdictOf(final)?.verdict, JSON.stringify(final.verdicts)).toBe('ALLOW');
    expect(final.outcome).not.toBe('DENIED');
  });
});

// Harmless by design, on the running path: with the shipped policy, an effect that a model's words
// reach with no checker or human in between is denied whatever the words say, a checker's verdict
// lets it through, and the labels hold across a gate restart and across two gates and a
// rebalance (restored per partition from sg.gate-state).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import { partitionOfKey } from '../bus/partition.ts';
import { startGate, type Gate } from '../orchestrator/gate/index.ts';
import { loadComposite } from '../orchestrator/policy/composite.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import type {
  CustomerAnswered,
  Decision,
  RecommendationMade,
  ReviewCompleted,
} from '../schemas/generated/types.ts';
import {
  defaultPolicyPath,
  setUpInstallation,
  testAgents,
  type Installation,
} from './support/gate-harness.ts';
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

const DENIAL =
  'response.CustomerAnswered is an effect, and its cause chain holds untrusted text that a model read with no checker (compliance) or human deciding since; responder may not cause it';

/** A customer's request, delivered, and the advisor's recommendation on it, delivered. */
interface Advised {
  readonly workflow: string;
  readonly adviceId: string;
  readonly answer: CustomerAnswered;
  readonly review: ReviewCompleted;
}

/** Two workflow ids per partition, so that each gate of a group decides some. */
function workflowsOnEveryPartition(partitions: number): string[] {
  const ids: string[] = [];
  const counts = new Array<number>(partitions).fill(0);
  while (ids.length < 2 * partitions) {
    const id = randomUUID();
    const partition = partitionOfKey(id, partitions);
    if (counts[partition]! >= 2) continue;
    counts[partition]! += 1;
    ids.push(id);
  }
  return ids;
}

describe('effect-provenance on Kafka, with the shipped policy', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const closers: (() => Promise<void>)[] = [];

  beforeAll(() => codec.registerAll());
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await bus.close();
  });

  async function installation(): Promise<Installation> {
    const installed = await setUpInstallation(bus, codec, agents);
    closers.push(() => installed.stop());
    return installed;
  }

  /** A gate with its own Kafka client, as a separate instance would have. */
  async function gateOn(installed: Installation, onRestored?: (partition: number) => void): Promise<Gate> {
    const own = new KafkaBus({ brokers: services.brokers });
    const gate = await startGate({
      bus: own,
      codec,
      names: installed.names,
      composite: loadComposite(defaultPolicyPath),
      operatorKeys: testOperator().keys,
      onCrash: installed.reportCrash,
      ...(onRestored ? { onRestored } : {}),
    });
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await gate.stop();
      await own.close();
    };
    closers.push(stop);
    return Object.assign(gate, { stop });
  }

  /** An agent's record answering `causationId` in the workflow, signed with the agent's own key. */
  async function propose(
    installed: Installation,
    source: string,
    type: string,
    correlationId: string,
    causationId: string,
    payload: object,
  ): Promise<Decision> {
    const fields = agentFields(type, source, { correlationId, causationId, consent: ['advice'] });
    const signer = installed.keys.get(source)!.signer;
    await installed.propose(fields as never, payload as never, { topic: 'proposed', signer });
    return installed.decisionFor(fields.id);
  }

  async function advised(installed: Installation, correlationId: string = randomUUID()): Promise<Advised> {
    const request = requestFields({ correlationId });
    const asked = customerRequest('Please move my savings to the account we talked about.');
    await installed.propose(request, asked);
    expect((await installed.decisionFor(request.id)).outcome).toBe('DELIVERED');
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
    const workflow = request.correlationId;
    const advice = await propose(
      installed,
      'advisor',
      'advice.RecommendationMade',
      workflow,
      request.id,
      recommendation,
    );
    expect(advice.outcome, JSON.stringify(advice.verdicts)).toBe('DELIVERED');
    expect(verdictOf(advice)?.reason).toBe('provenance model; advice.RecommendationMade is no effect');
    return {
      workflow,
      adviceId: advice.eventId,
      answer: {
        requestId: asked.requestId,
        customerId: asked.customerId,
        answer: 'Your transfer is approved.',
        complete: true,
        included: ['advice'],
        missing: [],
      },
      review: {
        reviewId: `${advice.eventId}:review`,
        requestId: asked.requestId,
        recommendationId: advice.eventId,
        escalationId: null,
        outcome: 'APPROVED',
        decidedBy: 'AUTOMATIC',
        approvers: [],
        recommendation: recommendation.recommendation,
        reason: 'the value at stake is within EUR 1,000.00',
      },
    };
  }

  const relay = (installed: Installation, { workflow, adviceId, answer }: Advised) =>
    propose(installed, 'responder', 'response.CustomerAnswered', workflow, adviceId, answer);

  it("denies an answer the advisor's words reach directly, relayed or under a made-up cause, also after a restart; through compliance it passes", async () => {
    // Given a recommendation a model wrote on a customer's request
    const installed = await installation();
    const gate = await gateOn(installed);
    const case1 = await advised(installed);

    // When the gate restarts, restoring its state
    await gate.stop();
    await gateOn(installed);

    // Then an answer from the advisor, from the responder relaying the advice, or naming a cause
    // the workflow never delivered, is denied
    const { workflow, adviceId, answer, review } = case1;
    const denied = [
      await propose(installed, 'advisor', 'response.CustomerAnswered', workflow, adviceId, answer),
      await relay(installed, case1),
      await propose(installed, 'responder', 'response.CustomerAnswered', workflow, 'no-such-event', answer),
    ];
    for (const decision of denied) {
      expect(decision.outcome).toBe('DENIED');
      expect(verdictOf(decision)?.verdict, JSON.stringify(decision.verdicts)).toBe('DENY');
    }
    expect(verdictOf(denied[1]!)?.reason).toBe(DENIAL);

    // And compliance's verdict stands between: its review, and the answer after it, pass
    const reviewed = await propose(
      installed,
      'compliance',
      'compliance.ReviewCompleted',
      workflow,
      adviceId,
      review,
    );
    expect(verdictOf(reviewed)).toEqual({
      policy: 'effect-provenance',
      verdict: 'ALLOW',
      reason: "provenance checked: no model's words reach this effect unchecked",
    });
    expect(reviewed.outcome, JSON.stringify(reviewed.verdicts)).toBe('DELIVERED');
    const answered = await propose(
      installed,
      'responder',
      'response.CustomerAnswered',
      workflow,
      reviewed.eventId,
      answer,
    );
    expect(verdictOf(answered)?.verdict, JSON.stringify(answered.verdicts)).toBe('ALLOW');
    expect(answered.outcome).not.toBe('DENIED');
  });

  it('holds with two gates in one group and a rebalance between the advice and the answers', async () => {
    // Given two gates sharing the partitions, and recommendations in workflows across them
    const installed = await installation();
    const leaving = await gateOn(installed);
    let joined: () => void = () => {};
    const assigned = new Promise<void>((resolve) => (joined = resolve));
    await gateOn(installed, () => joined());
    await assigned;
    const cases = await Promise.all(workflowsOnEveryPartition(3).map((id) => advised(installed, id)));
    const gatesThatDecided = new Set(
      (await Promise.all(cases.map((c) => installed.decisionFor(c.adviceId)))).map((d) => d.gateInstance),
    );

    // When one gate leaves, so the other takes its partitions over from sg.gate-state
    await leaving.stop();

    // Then every relayed answer is still denied by the gate that now holds its workflow
    const relayed = await Promise.all(cases.map((c) => relay(installed, c)));
    expect(relayed.map((d) => verdictOf(d)?.reason)).toEqual(cases.map(() => DENIAL));
    expect(gatesThatDecided.size).toBe(2);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { createBankingAgents, defaultBankingConfig } from '../agents/banking/index.ts';
import type { RunningAgent } from '../agents/runtime/index.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { Codec } from '../schemas/codec.ts';
import { openEnvelope } from '../schemas/envelope.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';
import {
  customerRequestIn,
  runAgent,
  startSwarm,
  transactionIn,
  type Decided,
  type SwarmHarness,
} from './support/swarm-harness.ts';

const responseAfterMs = 4_000;
const isDeadline = (workflow: string) => (d: Decided) =>
  d.correlationId === workflow && d.eventType === 'workflow.DeadlineReached';

describe("the responder's response deadline", () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const config = {
    ...defaultBankingConfig,
    responder: { ...defaultBankingConfig.responder, responseAfterMs },
  };
  const agents = createBankingAgents({ config });
  const responder = agents.find((agent) => agent.name === 'responder')!;
  let swarm: SwarmHarness | undefined;
  let restarted: RunningAgent | undefined;
  afterAll(async () => {
    await restarted?.stop();
    await swarm?.stop();
    await bus.close();
  });

  /** The workflows for which a DeadlineReached was ever proposed, read from sg.proposed itself. */
  const deadlinesProposed = async (): Promise<Set<string>> => {
    const workflows = new Set<string>();
    await bus.replay(swarm!.names.proposed, { offset: '0' }, async (record) => {
      const { envelope } = await openEnvelope(codec, record.value);
      if (envelope.type === 'workflow.DeadlineReached') workflows.add(envelope.correlationId);
    });
    return workflows;
  };

  /** A transaction is answered at its deadline: its DeadlineReached marks that time has passed. */
  const deadlineMarker = async () => {
    const { fields, payload } = transactionIn({ accountId: uniqueName('ACC') });
    await swarm!.ingest(fields, payload);
    await swarm!.decisions.until((ds) => ds.some(isDeadline(fields.correlationId)));
  };

  it('is not proposed for a workflow already answered, before or after a restart', async () => {
    // Given the swarm, and a customer request answered in full before its deadline
    await codec.registerAll();
    swarm = await startSwarm(bus, codec, { agents });
    const request = customerRequestIn('Should I move my savings into a fixed deposit?');
    await swarm.ingest(request.fields, request.payload);
    const answer = await swarm.decisions.until((ds) =>
      ds.some(
        (d) =>
          d.correlationId === request.fields.correlationId && d.eventType === 'response.CustomerAnswered',
      ),
    );
    const answeredAt = answer.find((d) => d.eventType === 'response.CustomerAnswered')!.decidedAt;
    expect(answeredAt - request.fields.occurredAt).toBeLessThan(responseAfterMs);

    // When a later workflow's deadline passes (so the request's is overdue), then the responder
    // is stopped and started again, rebuilding its timers from its inbox, and another passes
    await deadlineMarker();
    await swarm.agents.get('responder')!.stop();
    restarted = await runAgent(bus, codec, swarm.names, responder);
    await deadlineMarker();

    // Then no DeadlineReached was ever proposed for the answered request
    const proposed = await deadlinesProposed();
    expect(proposed.size).toBeGreaterThanOrEqual(2);
    expect(proposed.has(request.fields.correlationId)).toBe(false);
  }, 90_000);
});

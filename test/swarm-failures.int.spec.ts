import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyst, createAdvisor, fraud } from '../agents/banking/index.ts';
import { CircuitBreaker } from '../agents/llm/breaker.ts';
import { withBreaker } from '../agents/llm/guarded.ts';
import { LlmError } from '../agents/llm/errors.ts';
import { OpenAiCompatibleProvider } from '../agents/llm/openai.ts';
import type { LlmProvider } from '../agents/llm/provider.ts';
import { ScriptedModel } from '../agents/llm/scripted.ts';
import { ModelTiering } from '../agents/llm/tiering.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { Codec } from '../schemas/codec.ts';
import type { FallbackUsed } from '../schemas/generated/types.ts';
import { collect } from './support/collect.ts';
import { startFailingLlmServer, type FailingLlmServer } from './support/llm-server.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';
import {
  crashing,
  customerRequestIn,
  hanging,
  payloadOf,
  startSwarm,
  transactionIn,
  type Decided,
  type SwarmHarness,
  type SwarmOptions,
} from './support/swarm-harness.ts';

const tiering = ModelTiering.load();
const isIncident = (d: Decided) => d.eventType === 'incident.FallbackUsed';

describe('failures on the running path end in an audited fallback', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const running: { stop(): Promise<void> }[] = [];
  const swarmWith = async (options: SwarmOptions): Promise<SwarmHarness> => {
    const swarm = await startSwarm(bus, codec, options);
    running.push(swarm);
    return swarm;
  };
  /** The incidents decided for these workflows, once there are `count` of them. */
  const incidents = async (swarm: SwarmHarness, workflows: readonly string[], count: number) => {
    const mine = (ds: readonly Decided[]) =>
      ds.filter((d) => isIncident(d) && workflows.includes(d.correlationId));
    const decided = mine(await swarm.decisions.until((ds) => mine(ds).length >= count));
    return Promise.all(
      decided.map(async (decision) => ({
        decision,
        incident: await payloadOf(codec, decision, 'incident.FallbackUsed'),
      })),
    );
  };
  const audited = (decision: Decided) => decision.outcome !== 'DENIED';

  beforeAll(() => codec.registerAll());
  afterEach(async () => {
    await Promise.all(running.splice(0).map((swarm) => swarm.stop()));
  });
  afterAll(() => bus.close());

  it("answers with the analyst's fallback when its handler overruns the deadline", async () => {
    // Given an analyst whose handler never returns, under a 300 ms deadline
    const swarm = await swarmWith({ agents: [hanging(analyst)], deadlineMs: 300 });
    const { fields, payload } = transactionIn();

    // When a transaction reaches it
    await swarm.ingest(fields, payload);

    // Then the fallback's unsure analysis and a TIMEOUT incident are decided by the gate
    const [found] = await incidents(swarm, [fields.correlationId], 1);
    expect(found!.incident).toMatchObject({
      agent: 'analyst',
      eventId: fields.id,
      failure: 'TIMEOUT',
      message: 'deadline of 300 ms exceeded',
      emittedTypes: ['analysis.AccountAnalysed'],
    });
    expect(audited(found!.decision)).toBe(true);
    const analysis = swarm.decisions.all.find(
      (d) =>
        d.sender === 'analyst' && d.eventType === 'analysis.AccountAnalysed' && d.causationId === fields.id,
    )!;
    expect((await payloadOf(codec, analysis, 'analysis.AccountAnalysed')).summary).toContain(
      'Analysis degraded (timeout)',
    );
  });

  it('dead-letters an inbox record it cannot read to its own dead-letter topic, and goes on', async () => {
    // Given a fraud agent, and a record in its inbox that is no envelope
    const swarm = await swarmWith({ agents: [fraud] });
    const deadLetters = collect(bus, uniqueName('fraud-dlq'), [swarm.names.agentDlq('fraud')]);
    await bus.send([
      { topic: swarm.names.inbox('fraud'), key: 'wf-garbage', value: Buffer.from('not avro') },
    ]);

    // When a transaction follows it
    const { fields, payload } = transactionIn();
    await swarm.ingest(fields, payload);

    // Then the record is dead-lettered with the reason where only fraud writes, and the transaction is scored
    const [deadLetter] = await deadLetters.until((records) => records.length === 1);
    const letter = await codec.decodeAs('swarmgate.v1.DeadLetter', deadLetter!.value);
    expect(letter).toMatchObject({ sourceTopic: swarm.names.inbox('fraud') });
    expect(letter.error.length).toBeGreaterThan(0);
    await swarm.decisions.until((ds) =>
      ds.some(
        (d) => d.sender === 'fraud' && d.eventType === 'fraud.RiskScored' && d.causationId === fields.id,
      ),
    );
    await deadLetters.stop();
  });

  it('marks the transaction UNSCORED when the fraud handler crashes', async () => {
    // Given a fraud agent whose rules store is down
    const swarm = await swarmWith({ agents: [crashing(fraud, 'rules store unreachable')] });
    const { fields, payload } = transactionIn();

    // When a transaction reaches it
    await swarm.ingest(fields, payload);

    // Then an ERROR incident naming the crash and an UNSCORED risk score are audited
    const [found] = await incidents(swarm, [fields.correlationId], 1);
    expect(found!.incident).toMatchObject({
      agent: 'fraud',
      failure: 'ERROR',
      message: 'rules store unreachable',
      emittedTypes: ['fraud.RiskScored'],
    });
    expect(audited(found!.decision)).toBe(true);
    const score = swarm.decisions.all.find(
      (d) => d.eventType === 'fraud.RiskScored' && d.causationId === fields.id,
    )!;
    expect(await payloadOf(codec, score, 'fraud.RiskScored')).toMatchObject({
      level: 'UNSCORED',
      score: null,
    });
  });

  describe('with a model server answering 500', () => {
    let server: FailingLlmServer;
    beforeAll(async () => {
      server = await startFailingLlmServer(500);
    });
    afterAll(() => server.close());

    it('falls back on every request, and once the circuit opens stops calling the server', async () => {
      // Given an advisor on the failing server behind a breaker that opens after two failures
      const http = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, prices: tiering.prices });
      const llm = withBreaker(
        http,
        new CircuitBreaker('llm:failing', { failureThreshold: 2, coolDownMs: 600_000 }),
      );
      const swarm = await swarmWith({ agents: [createAdvisor(tiering)], llm });
      const requests = Array.from({ length: 4 }, () =>
        customerRequestIn('Should I move my savings into a fixed deposit?'),
      );

      // When four customer requests reach it
      for (const { fields, payload } of requests) await swarm.ingest(fields, payload);

      // Then each is answered by the fallback: two failed calls, then two refused by the open circuit
      const found = await incidents(
        swarm,
        requests.map((r) => r.fields.correlationId),
        4,
      );
      const byFailure = (failure: FallbackUsed['failure']) =>
        found.filter((f) => f.incident.failure === failure).map((f) => f.incident.message);
      expect(byFailure('ERROR')).toEqual([
        expect.stringContaining('HTTP_STATUS: 500 from'),
        expect.stringContaining('HTTP_STATUS: 500 from'),
      ]);
      expect(byFailure('CIRCUIT_OPEN')).toEqual([
        expect.stringContaining("circuit 'llm:failing' is open"),
        expect.stringContaining("circuit 'llm:failing' is open"),
      ]);
      expect(server.calls()).toBe(2);
      expect(
        found.every(
          (f) => audited(f.decision) && f.incident.emittedTypes?.includes('advice.RecommendationMade'),
        ),
      ).toBe(true);
    });
  });

  it('retries a model answering 503 with backoff inside the deadline, and advises without a fallback', async () => {
    // Given an advisor whose model is overloaded for its first two calls, allowed three tries
    let calls = 0;
    const scripted = new ScriptedModel(tiering.prices);
    const llm: LlmProvider = {
      complete: (request) => {
        calls += 1;
        if (calls <= 2)
          return Promise.reject(new LlmError('HTTP_STATUS', '503 from the model server', true, 503));
        return scripted.complete(request);
      },
    };
    const swarm = await swarmWith({ agents: [createAdvisor(tiering)], llm, decideAttempts: 3 });
    const { fields, payload } = customerRequestIn('Should I move my savings into a fixed deposit?');

    // When a customer request reaches it
    await swarm.ingest(fields, payload);

    // Then the third call answers: the advice is audited, and no fallback incident is
    const advised = (ds: readonly Decided[]) =>
      ds.find((d) => d.eventType === 'advice.RecommendationMade' && d.correlationId === fields.correlationId);
    const advice = advised(await swarm.decisions.until((ds) => advised(ds) !== undefined))!;
    expect(audited(advice)).toBe(true);
    expect(calls).toBe(3);
    const inWorkflow = swarm.decisions.all.filter((d) => d.correlationId === fields.correlationId);
    expect(inWorkflow.filter(isIncident)).toEqual([]);
  });

  it('refuses advice the workflow cannot pay for', async () => {
    // Given an advisor whose runtime lets a workflow spend 10 micros, less than any model tier costs
    const swarm = await swarmWith({ agents: [createAdvisor(tiering)], budgetMicros: 10 });
    const { fields, payload } = customerRequestIn('Should I move my savings into a fixed deposit?');

    // When a customer request reaches it
    await swarm.ingest(fields, payload);

    // Then no model is called: a BUDGET incident and the could-not recommendation are audited
    const [found] = await incidents(swarm, [fields.correlationId], 1);
    expect(found!.incident).toMatchObject({ agent: 'advisor', failure: 'BUDGET' });
    expect(found!.incident.message).toContain('the workflow has 10 left');
    expect(audited(found!.decision)).toBe(true);
    const advice = swarm.decisions.all.find(
      (d) => d.eventType === 'advice.RecommendationMade' && d.causationId === fields.id,
    )!;
    expect(await payloadOf(codec, advice, 'advice.RecommendationMade')).toMatchObject({
      model: 'none',
      tier: 'fallback',
    });
  });
});

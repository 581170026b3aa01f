import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankingAgents, defaultBankingConfig } from '../agents/banking/index.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { Codec } from '../schemas/codec.ts';
import { services } from './support/services.ts';
import {
  advisorActor,
  customerRequestIn,
  delayed,
  ledgerActor,
  payloadOf,
  runCli,
  startSwarm,
  transactionIn,
  type Decided,
  type SwarmHarness,
} from './support/swarm-harness.ts';
import { uniqueName } from './support/names.ts';

/** How long each of analyst, fraud and aml-monitor takes on the measured transaction. */
const stageDelayMs = 1_500;
const responseAfterMs = 3_000;
const parallelStage = ['analyst', 'fraud', 'aml-monitor'];
const answered = (decisions: readonly Decided[]) =>
  decisions.some((d) => d.eventType === 'response.CustomerAnswered');

describe('the banking swarm end to end on Kafka', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const slow = new Set<string>();
  let swarm: SwarmHarness;

  beforeAll(async () => {
    await codec.registerAll();
    const config = {
      ...defaultBankingConfig,
      responder: { ...defaultBankingConfig.responder, responseAfterMs },
    };
    const agents = createBankingAgents({ config }).map((agent) =>
      parallelStage.includes(agent.name)
        ? delayed(agent, stageDelayMs, (event) => slow.has(event.id))
        : agent,
    );
    swarm = await startSwarm(bus, codec, { agents });
  });
  afterAll(async () => {
    await (swarm as SwarmHarness | undefined)?.stop(); // undefined when the set-up failed
    await bus.close();
  });

  it('answers a customer request with the account analysis and the approved recommendation', async () => {
    // Given a customer asking an advisor about savings
    const { fields, payload } = customerRequestIn('Should I move my savings into a fixed deposit?');

    // When the request is posted to sg.ingress
    await swarm.ingest(fields, payload);

    // Then analyst, advisor and compliance contribute and the responder answers with everything
    const trail = await swarm.decisions.workflow(fields.correlationId, answered);
    const senders = trail.filter((d) => d.outcome === 'DELIVERED').map((d) => `${d.sender} ${d.eventType}`);
    expect(senders).toEqual(
      expect.arrayContaining([
        'channel-gateway banking.CustomerRequestReceived',
        'analyst analysis.AccountAnalysed',
        'advisor advice.RecommendationMade',
        'compliance compliance.ReviewCompleted',
      ]),
    );
    const answer = await payloadOf(
      codec,
      trail.find((d) => d.eventType === 'response.CustomerAnswered')!,
      'response.CustomerAnswered',
    );
    expect(answer).toMatchObject({
      requestId: payload.requestId,
      complete: true,
      included: ['analysis', 'advice'],
      missing: [],
    });
    expect(answer.answer).toContain('Our recommendation: We recommend');
  });

  it(
    "answers a posted transaction at the responder's deadline with what arrived",
    async () => {
      // Given a card payment posted by the core ledger
      const { fields, payload } = transactionIn({ accountId: uniqueName('ACC') });

      // When it is posted to sg.ingress
      await swarm.ingest(fields, payload);

      // Then analyst and fraud contribute, and the answer comes once the response deadline has passed
      const trail = await swarm.decisions.workflow(fields.correlationId, answered);
      expect(trail.map((d) => d.sender)).toEqual(expect.arrayContaining(['analyst', 'fraud']));
      const response = trail.find((d) => d.eventType === 'response.CustomerAnswered')!;
      expect(response.decidedAt - fields.occurredAt).toBeGreaterThanOrEqual(responseAfterMs);
      const answer = await payloadOf(codec, response, 'response.CustomerAnswered');
      expect(answer.included).toContain('fraud');
    },
    6 * responseAfterMs,
  );

  it('runs analyst, fraud and aml-monitor in parallel: the stage takes about the slowest, not the sum', async () => {
    // Given two cash deposits just under the reporting threshold, and a third one each of the
    // three agents takes stageDelayMs longer to handle
    const workflow = uniqueName('wf-structuring');
    const accountId = uniqueName('ACC');
    const deposit = () =>
      transactionIn(
        { accountId, amountMinor: 950_000, direction: 'CREDIT', channel: 'CASH', merchant: null },
        workflow,
      );
    const [first, second, measured] = [deposit(), deposit(), deposit()];
    slow.add(measured.fields.id);

    // When the three are posted
    for (const { fields, payload } of [first, second, measured]) await swarm.ingest(fields, payload);

    // Then each agent answers the measured deposit (aml-monitor with a structuring alert), each
    // after its delay, and the whole stage ends well before twice one delay (the sum is three)
    const answersMeasured = (d: Decided) =>
      parallelStage.includes(d.sender) && d.causationId === measured.fields.id;
    const trail = await swarm.decisions.workflow(workflow, (ds) =>
      parallelStage.every((agent) => ds.some((d) => answersMeasured(d) && d.sender === agent)),
    );
    const admitted = trail.find((d) => d.eventId === measured.fields.id)!;
    const stage = trail.filter(answersMeasured);
    const latencies = stage.map((d) => d.decidedAt - admitted.decidedAt);
    expect(stage.map((d) => `${d.sender} ${d.eventType}`).sort()).toEqual([
      'aml-monitor aml.AlertRaised',
      'analyst analysis.AccountAnalysed',
      'fraud fraud.RiskScored',
    ]);
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(stageDelayMs);
    expect(Math.max(...latencies)).toBeLessThan(2 * stageDelayMs);
  });

  describe('swarmgate publish', () => {
    const directory = mkdtempSync(join(tmpdir(), 'swarmgate-publish-'));
    const ndjson = (name: string, lines: readonly unknown[]) => {
      const file = join(directory, name);
      writeFileSync(
        file,
        lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'),
      );
      return file;
    };
    const posted = (correlationId: string, amountMinor: unknown = 4_200) => ({
      type: 'banking.TransactionPosted',
      correlationId,
      source: 'core-banking',
      actor: ledgerActor,
      payload: {
        transactionId: uniqueName('t'),
        accountId: uniqueName('ACC'),
        amountMinor,
        currency: 'EUR',
        direction: 'DEBIT',
        channel: 'CARD',
        postedAt: '2026-01-15T09:00:00Z',
      },
    });
    const asked = (correlationId: string) => ({
      type: 'banking.CustomerRequestReceived',
      correlationId,
      source: 'channel-gateway',
      actor: advisorActor,
      consent: ['analytics', 'profiling', 'advice'],
      payload: {
        requestId: uniqueName('r'),
        customerId: 'cust-77',
        accountId: uniqueName('ACC'),
        channel: 'chat',
        text: 'Should I move my savings into a fixed deposit?',
        receivedAt: Date.now(),
      },
    });

    it('seals each line into an envelope on sg.ingress, and the gate admits them', async () => {
      // Given a file with a posted transaction and a customer request
      const [payment, request] = [uniqueName('wf-payment'), uniqueName('wf-request')];
      const file = ndjson('events.ndjson', [posted(payment), '', asked(request)]);

      // When it is published
      const { code, stdout } = await runCli(swarm.names, ['publish', file]);

      // Then both were produced, counted by type, and each workflow's event was delivered by the gate
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({
        event: 'publish.done',
        published: 2,
        workflows: 2,
        byType: { 'banking.TransactionPosted': 1, 'banking.CustomerRequestReceived': 1 },
      });
      for (const workflow of [payment, request]) {
        const [admitted] = await swarm.decisions.workflow(workflow, (ds) => ds.length > 0);
        expect(admitted).toMatchObject({ outcome: 'DELIVERED', hops: 0 });
        expect(['core-banking', 'channel-gateway']).toContain(admitted!.sender);
      }
    });

    it('publishes nothing from a file with a bad line, and names the line and the field', async () => {
      // Given a file whose second line has a text amount
      const workflow = uniqueName('wf-bad');
      const file = ndjson('bad.ndjson', [posted(workflow), posted(workflow, 'twelve'), '{ not json']);

      // When it is published, and then a good event of the same workflow after it
      const bad = await runCli(swarm.names, ['publish', file]);
      const later = posted(workflow);
      const good = await runCli(swarm.names, ['publish', ndjson('good.ndjson', [later])]);

      // Then the bad file is refused naming each bad line, and the workflow holds only the good event
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('bad.ndjson: 2 bad line(s), nothing published');
      expect(bad.stderr).toMatch(/line 2: payload\.amountMinor: /);
      expect(bad.stderr).toMatch(/line 3: not JSON/);
      expect(good.code).toBe(0);
      // (one workflow is one partition: a published bad-file line would have been decided first)
      const trail = await swarm.decisions.workflow(workflow, (ds) =>
        ds.some((d) => d.eventType === 'banking.TransactionPosted'),
      );
      const first = await payloadOf(
        codec,
        trail.find((d) => d.eventType === 'banking.TransactionPosted')!,
        'banking.TransactionPosted',
      );
      expect(first.transactionId).toBe(later.payload.transactionId);
    });
  });
});

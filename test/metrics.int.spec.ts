// The gate's, an agent's and the projector's /metrics on Kafka, scraped over HTTP as Prometheus
// scrapes them while workflows run through the swarm on the shipped policy: every decision on
// sg.decisions counted once by outcome and type, each denial under its policy, the advisor's
// records and spend, every audit row, and every consumer group's lag back to 0.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Registry } from 'prom-client';
import { bankingAgents, createBankingAgents, defaultBankingConfig } from '../agents/banking/index.ts';
import { createKafka } from '../bus/kafka/config.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { processRegistry } from '../bus/process-metrics.ts';
import { serveHealth, type HealthServer } from '../cli/health-server.ts';
import { startProjector, type Projector } from '../projector/consumer.ts';
import { migrate, quoteSchema } from '../projector/index.ts';
import { openTestDb, uniqueSchemaName } from '../projector/testing/database.ts';
import { Codec } from '../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope } from '../schemas/envelope.ts';
import type { Decision } from '../schemas/generated/types.ts';
import { scrape, type Scrape } from './support/prometheus.ts';
import { services } from './support/services.ts';
import {
  customerRequestIn,
  prefixOf,
  startSwarm,
  transactionIn,
  type Decided,
  type SwarmHarness,
} from './support/swarm-harness.ts';

const answered = (decisions: readonly Decided[]) =>
  decisions.some((d) => d.eventType === 'response.CustomerAnswered');

/** Counts by a key of every decision on the topic, read to its end as of now. */
function tally(
  decisions: readonly Decision[],
  keyOf: (d: Decision) => readonly string[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of decisions.flatMap(keyOf)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** A metric's samples as counts by the labels named, zeros left out (as a topic tally has none). */
function counted(metrics: Scrape, name: string, labels: readonly string[]): Map<string, number> {
  return new Map(
    metrics
      .of(name)
      .filter((sample) => sample.value > 0)
      .map((sample) => [labels.map((label) => sample.labels[label]).join(' '), sample.value]),
  );
}

describe('gate, agent and projector metrics on Kafka', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const db = openTestDb();
  const schema = uniqueSchemaName();
  const registries = {
    gate: processRegistry('gate', bus.health),
    agents: new Map(bankingAgents.map((a) => [a.name, processRegistry(`agent_${a.name}`, bus.health)])),
    projector: processRegistry('projector', bus.health),
  };
  const servers: HealthServer[] = [];
  const urls = { gate: '', advisor: '', projector: '' };
  let swarm: SwarmHarness;
  let projector: Projector;

  const serve = async (component: string, registry: Registry) => {
    const server = await serveHealth(bus.health, component, registry, { port: 0, host: '127.0.0.1' });
    servers.push(server);
    return server.url;
  };

  beforeAll(async () => {
    await codec.registerAll();
    const config = {
      ...defaultBankingConfig,
      responder: { ...defaultBankingConfig.responder, responseAfterMs: 3_000 },
    };
    swarm = await startSwarm(bus, codec, {
      agents: createBankingAgents({ config }),
      metrics: { gate: registries.gate, agent: (name) => registries.agents.get(name)! },
    });
    await migrate(db, schema);
    projector = await startProjector({
      bus,
      codec,
      names: swarm.names,
      db,
      schema,
      metrics: registries.projector,
    });
    urls.gate = await serve('gate', registries.gate);
    urls.advisor = await serve('agent_advisor', registries.agents.get('advisor')!);
    urls.projector = await serve('projector', registries.projector);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await projector?.stop();
    await swarm?.stop();
    await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await db.close();
    await bus.close();
    const admin = createKafka({ brokers: services.brokers, clientId: 'swarmgate-test-cleanup' }).admin();
    await admin.connect();
    const prefix = swarm && prefixOf(swarm.names);
    const ours = (await admin.listTopics()).filter((topic) => prefix && topic.startsWith(prefix));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    await admin.disconnect();
  });

  it('counts what happened: decisions, denials, dead letters, records, spend and audit rows, and the lag drains to 0', async () => {
    // Given a customer request the advisor answers, a transaction, the same transaction again
    // (an upstream retry: the duplicate policy denies it) and a record that is no envelope
    const request = customerRequestIn('Should I move my savings into a fixed deposit?');
    const transaction = transactionIn();
    await swarm.ingest(request.fields, request.payload);
    await swarm.ingest(transaction.fields, transaction.payload);
    const retried = await encodeEnvelope(
      codec,
      await sealEnvelope(codec, transaction.fields, transaction.payload),
    );
    await bus.send([
      { topic: swarm.names.ingress, key: transaction.fields.correlationId, value: retried },
      { topic: swarm.names.ingress, key: 'garbage', value: Buffer.from('not an envelope') },
    ]);

    // When the request is answered and the duplicate decided
    await swarm.decisions.workflow(request.fields.correlationId, answered);
    await swarm.decisions.until((all) =>
      all.some((d) => d.eventId === transaction.fields.id && d.outcome === 'DENIED'),
    );

    // Then, once every group has caught up, the metrics scraped agree with sg.decisions
    const { gate, advisor, projected, decisions } = await vi.waitFor(
      async () => {
        const [gate, advisor, projected] = await Promise.all([
          scrape(urls.gate),
          scrape(urls.advisor),
          scrape(urls.projector),
        ]);
        const decisions: Decision[] = [];
        await bus.replay(swarm.names.decisions, { offset: '0' }, async (record) => {
          decisions.push(await codec.decodeAs('swarmgate.v1.Decision', record.value));
        });
        expect(gate.sum('swarmgate_gate_consumer_lag')).toBe(0);
        expect(advisor.sum('swarmgate_agent_inbox_lag')).toBe(0);
        expect(projected.sum('swarmgate_projector_consumer_lag')).toBe(0);
        expect(gate.sum('swarmgate_gate_decisions_total')).toBe(decisions.length);
        expect(projected.sum('swarmgate_projector_audit_rows_total')).toBe(decisions.length);
        return { gate, advisor, projected, decisions };
      },
      { timeout: 90_000, interval: 250 },
    );

    expect(counted(gate, 'swarmgate_gate_decisions_total', ['outcome', 'event_type'])).toEqual(
      tally(decisions, (d) => [`${d.outcome} ${d.eventType}`]),
    );
    const denials = tally(decisions, (d) =>
      d.verdicts
        .filter((v) => v.verdict === 'DENY' || v.verdict === 'LIMIT')
        .map((v) => `${v.policy} ${v.verdict}`),
    );
    expect(denials.get('duplicate DENY')).toBe(1);
    expect(counted(gate, 'swarmgate_gate_denials_total', ['policy', 'verdict'])).toEqual(denials);
    expect(gate.sum('swarmgate_gate_dead_letters_total')).toBe(1);
    expect(gate.sum('swarmgate_gate_evaluation_duration_seconds_count')).toBeGreaterThanOrEqual(
      decisions.length,
    );
    expect(gate.sum('swarmgate_gate_transaction_duration_seconds_count')).toBeGreaterThan(0);
    // Every partition of the three input topics is reported
    expect(gate.of('swarmgate_gate_consumer_lag')).toHaveLength(9);

    const toAdvisor = decisions.filter((d) => d.routedTo.includes('advisor')).length;
    const fromAdvisor = decisions.filter((d) => d.sender === 'advisor');
    expect(toAdvisor).toBeGreaterThan(0);
    expect(advisor.sum('swarmgate_agent_records_total', { agent: 'advisor', outcome: 'produced' })).toBe(
      toAdvisor,
    );
    expect(advisor.sum('swarmgate_agent_records_total', { agent: 'advisor', outcome: 'fallback' })).toBe(0);
    expect(advisor.sum('swarmgate_agent_records_total', { agent: 'advisor', outcome: 'dead_lettered' })).toBe(
      0,
    );
    const spent = fromAdvisor.reduce((sum, d) => sum + (d.costMicros ?? 0), 0);
    expect(spent).toBeGreaterThan(0);
    expect(advisor.sum('swarmgate_agent_spend_micros_total', { agent: 'advisor' })).toBe(spent);
    expect(
      advisor.sum('swarmgate_agent_decide_duration_seconds_count', { agent: 'advisor' }),
    ).toBeGreaterThanOrEqual(toAdvisor);

    expect(projected.sum('swarmgate_projector_records_total', { outcome: 'applied' })).toBe(decisions.length);
    expect(projected.sum('swarmgate_projector_batch_duration_seconds_count')).toBeGreaterThan(0);
  });
});

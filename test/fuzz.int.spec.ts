// The fuzz run, against the whole swarm: the gate on the shipped policy, every banking agent
// running in this process, the projector and the API. 10,000 hostile records go straight onto
// sg.ingress and sg.proposed and 2,000 hostile POST /events bodies through the API, all from one
// seed. No record stops the pipeline: every record on the two topics (the agents' own outputs
// included) is decided or dead-lettered by the gate with a reason, never both; what the gate
// delivers reaches the agents, which handle it or dead-letter it to their own sg.dlq.<agent>,
// and none of them crashes or stalls. After the storm a customer request is answered and
// projected as completed, a posted transaction is scored, and the audit chain of every decision
// verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { agentGroupId } from '../agents/runtime/index.ts';
import { followInventory, type FollowedInventory } from '../api/inventory.ts';
import { buildApi } from '../api/server.ts';
import { bearer, testAuth } from '../api/testing/tokens.ts';
import type { OutgoingRecord } from '../bus/port.ts';
import { startProjector, type Projector } from '../projector/consumer.ts';
import { getWorkflow, quoteSchema } from '../projector/index.ts';
import { migrate } from '../projector/migrations/index.ts';
import { uniqueSchemaName } from '../projector/testing/database.ts';
import { verifyAuditTrail } from '../projector/verify-trail.ts';
import { testOperator } from '../registry/testing.ts';
import type { DeadLetter } from '../schemas/generated/types.ts';
import { collect, type Collector } from './support/collect.ts';
import { Fuzzer, seededRandom } from './support/fuzz.ts';
import { keyPairFor } from './support/keys.ts';
import { uniqueName } from './support/names.ts';
import { projectorServices } from './support/projector-services.ts';
import { coordinatesOf, recordIndex, type RecordIndex } from './support/record-index.ts';
import {
  agentKeyPair,
  customerRequestIn,
  startSwarm,
  transactionIn,
  type Decided,
  type SwarmHarness,
} from './support/swarm-harness.ts';

const SEED = 20_260_101;
const RAW_RECORDS = 10_000;
const API_BODIES = 2_000;
const CHUNK = 250;

const { db, bus, codec } = projectorServices();

const answered = (d: Decided) =>
  d.eventType === 'response.CustomerAnswered' && (d.outcome === 'DELIVERED' || d.outcome === 'NO_RECIPIENT');
const scored = (d: Decided) => d.eventType === 'fraud.RiskScored' && d.outcome === 'DELIVERED';
const countBy = <K>(counts: Map<K, number>, key: K) => counts.set(key, (counts.get(key) ?? 0) + 1);

describe('the fuzz run against the whole swarm', () => {
  let swarm: SwarmHarness;
  let projector: Projector;
  let app: FastifyInstance;
  let inventory: FollowedInventory;
  let letters: Collector;
  let index: RecordIndex;
  let schema: string;
  const checkpointKey = generateKeyPairSync('ed25519');

  // Every component reports here when it crashes, and every wait of this file rejects then.
  const crashes: unknown[] = [];
  let reportCrash: (error: unknown) => void = () => {};
  const crashed = new Promise<never>((_, reject) => {
    reportCrash = (error) => {
      crashes.push(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    };
  });
  crashed.catch(() => undefined);
  // Any progress (a decision, a dead letter, a handled event, a projected batch) wakes the waits.
  let wake: () => void = () => {};
  let woken = new Promise<void>((resolve) => (wake = resolve));
  const progressed = () => {
    const previous = wake;
    woken = new Promise<void>((resolve) => (wake = resolve));
    previous();
  };
  const waitFor = async (done: () => boolean | Promise<boolean>) => {
    for (;;) {
      const next = woken;
      if (await done()) return;
      await Promise.race([next, crashed]);
    }
  };

  // What the gate decided and what was dead-lettered, by the coordinates of the source record.
  const decided = new Map<string, Decided>();
  const letterCoordinates = (letter: DeadLetter) =>
    coordinatesOf(letter.sourceTopic, letter.sourcePartition, letter.sourceOffset);
  const lettersByTopic = new Map<string, Map<string, DeadLetter>>();
  let seenDecisions = 0;
  let seenLetters = 0;
  const absorb = async () => {
    for (const decision of swarm.decisions.all.slice(seenDecisions)) {
      const { topic, partition, offset } = decision.origin;
      decided.set(coordinatesOf(topic, partition, offset), decision);
      seenDecisions += 1;
    }
    for (const record of letters.records.slice(seenLetters)) {
      const letter = await codec.decodeAs('swarmgate.v1.DeadLetter', record.value);
      if (!lettersByTopic.has(record.topic)) lettersByTopic.set(record.topic, new Map());
      lettersByTopic.get(record.topic)!.set(letterCoordinates(letter), letter);
      seenLetters += 1;
    }
  };
  const lettersOn = (topic: string) => [...(lettersByTopic.get(topic)?.values() ?? [])];
  const gateLetters = () =>
    new Map(
      lettersOn(swarm.names.dlq)
        .filter((letter) => letter.consumer === `${swarm.names.ingress}.gate`)
        .map((letter) => [letterCoordinates(letter), letter]),
    );

  let applied = 0;
  const sent = { ingress: 0, proposed: 0 };
  const statuses = new Map<number, number>();
  const kinds = new Map<string, number>();

  beforeAll(async () => {
    // Given the whole swarm on the shipped policy, a projector and the API on one installation
    swarm = await startSwarm(bus, codec, { onCrash: reportCrash, onAgentHandled: progressed });
    const { names } = swarm;
    schema = uniqueSchemaName();
    await migrate(db, schema);
    projector = await startProjector({
      bus,
      codec,
      names,
      db,
      schema,
      checkpointKey: checkpointKey.privateKey,
      checkpointEvery: 1_000,
      onBatch: (batch) => {
        // Each decision becomes one audit row: applied, or audited as unapplied when refused.
        applied += batch.applied + batch.unapplied;
        progressed();
      },
      onCrash: reportCrash,
    });
    inventory = await followInventory(bus, codec, names, testOperator().keys);
    app = buildApi({
      db,
      schema,
      bus,
      codec,
      names,
      inventory,
      auth: testAuth,
      humanSigner: keyPairFor('case-desk').signer,
    });
    await app.ready();
    const agentDlqs = [...swarm.agents.keys()].map((agent) => names.agentDlq(agent));
    letters = collect(bus, uniqueName('fuzz-dlq'), [names.dlq, ...agentDlqs]);
    void letters.until(() => (progressed(), false));
    void swarm.decisions.until(() => (progressed(), false));
    index = recordIndex(bus, [names.ingress, names.proposed], progressed);

    // When 10,000 fuzzed records go straight onto the two gatekeeper topics, and hostile bodies to POST /events
    const fuzzer = new Fuzzer(seededRandom(SEED), codec);
    await sendRawRecords(fuzzer);
    await postEventBodies(fuzzer);
  }, 600_000);
  afterAll(async () => {
    await projector?.stop().catch(() => undefined);
    await index?.stop();
    await letters?.stop();
    await app?.close();
    await inventory?.stop();
    await swarm?.stop();
    if (schema) await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  });

  async function sendRawRecords(fuzzer: Fuzzer) {
    const { names } = swarm;
    // Half of the proposals are signed with the registered key of a running agent.
    const signer = agentKeyPair('fraud').signer;
    for (let total = 0; total < RAW_RECORDS; total += CHUNK) {
      const records: OutgoingRecord[] = [];
      for (let i = 0; i < CHUNK; i += 1) {
        const proposed = fuzzer.int(2) === 1;
        const { kind, value } = await fuzzer.record(proposed && fuzzer.int(2) === 1 ? signer : undefined);
        countBy(kinds, kind);
        sent[proposed ? 'proposed' : 'ingress'] += 1;
        const key = fuzzer.int(10) === 0 ? null : `wf-fz-${fuzzer.int(500)}`;
        const record = { topic: proposed ? names.proposed : names.ingress, key, value };
        // Kafka bounds a produce request too: an oversize record travels alone.
        if (kind === 'oversize') await bus.send([record]);
        else records.push(record);
      }
      await bus.send(records);
    }
  }

  async function postEventBodies(fuzzer: Fuzzer) {
    // An upstream system's token: every tenant, and the actor role its bodies assert.
    const ingestToken = await bearer({ subject: 'fuzz-ingest', roles: ['ingest', 'system'], tenants: ['*'] });
    for (let i = 0; i < API_BODIES; i += 1) {
      const response = await app.inject({
        method: 'POST',
        url: '/events',
        payload: JSON.stringify(fuzzer.eventBody()),
        headers: { 'content-type': 'application/json', ...ingestToken },
      });
      countBy(statuses, response.statusCode);
    }
  }

  /** Every record on sg.ingress and sg.proposed so far, whoever produced it, is decided or dead-lettered by the gate. */
  async function everyRecordCovered() {
    const ends = await index.ends();
    await waitFor(async () => {
      await absorb();
      if (!index.readTo(ends)) return false;
      const letters = gateLetters();
      return [...index.coordinates].every((c) => decided.has(c) || letters.has(c));
    });
  }

  const deliveriesTo = (agent: string) =>
    [...decided.values()].filter((decision) => decision.routedTo.includes(agent)).length;
  const handledBy = (agent: string) => swarm.handled.filter((entry) => entry.agent === agent).length;
  const deadLetteredBy = (agent: string) => lettersOn(swarm.names.agentDlq(agent)).length;
  /** Each agent has handled or dead-lettered every record the gate delivered to it. */
  const agentsCaughtUp = () =>
    [...swarm.agents.keys()].every((a) => handledBy(a) + deadLetteredBy(a) === deliveriesTo(a));

  it(`decides or dead-letters each of ${RAW_RECORDS} raw records, ${API_BODIES} API bodies and the agents' outputs, and the agents keep up`, async () => {
    const { names } = swarm;
    expect([...statuses.keys()].every((status) => status === 202 || status === 400)).toBe(true);
    expect(kinds.size).toBeGreaterThanOrEqual(9);

    // Then every record on sg.ingress and sg.proposed is decided or dead-lettered, never both,
    // and every agent has handled or dead-lettered each record delivered to it
    await waitFor(async () => {
      await everyRecordCovered();
      return agentsCaughtUp();
    });
    const letters = gateLetters();
    const onTopic = (topic: string) => [...index.coordinates].filter((c) => c.startsWith(`${topic}/`));
    expect(onTopic(names.ingress)).toHaveLength(sent.ingress + (statuses.get(202) ?? 0));
    expect(onTopic(names.proposed).length).toBeGreaterThan(sent.proposed); // the agents' outputs too
    expect([...decided.keys()].filter((c) => letters.has(c))).toEqual([]);
    expect([...decided.keys(), ...letters.keys()].sort()).toEqual([...index.coordinates].sort());
    for (const letter of letters.values()) expect(letter.error.length).toBeGreaterThan(0);

    // And no agent crashed: each wrote its dead letters, with a reason, to its own topic only
    expect(crashes).toEqual([]);
    for (const agent of swarm.agents.keys()) {
      expect(handledBy(agent) + deadLetteredBy(agent)).toBe(deliveriesTo(agent));
      for (const letter of lettersOn(names.agentDlq(agent))) {
        expect(letter.consumer).toBe(agentGroupId(names, agent));
        expect(letter.error.length).toBeGreaterThan(0);
      }
    }
    expect(lettersOn(names.dlq).filter((l) => l.consumer.endsWith('.agent'))).toEqual([]);
    for (const agent of ['analyst', 'fraud', 'aml-monitor', 'responder'])
      expect(handledBy(agent)).toBeGreaterThan(0);
  }, 900_000);

  it('then answers a customer request, projected as completed, and scores a posted transaction', async () => {
    // Given a customer asking an advisor about savings, and a card payment from the core ledger
    const request = customerRequestIn('Should I move my savings into a fixed deposit?');
    const payment = transactionIn({ accountId: uniqueName('ACC') });

    // When both are posted to sg.ingress after the storm
    await swarm.ingest(request.fields, request.payload);
    await swarm.ingest(payment.fields, payment.payload);

    // Then the customer is answered and the payment scored
    const race = <T>(wait: Promise<T>) => Promise.race([wait, crashed]);
    const trail = await race(
      swarm.decisions.workflow(request.fields.correlationId, (ds) => ds.some(answered)),
    );
    await race(swarm.decisions.workflow(payment.fields.correlationId, (ds) => ds.some(scored)));
    const senders = trail.filter((d) => d.outcome === 'DELIVERED').map((d) => d.sender);
    expect(senders).toEqual(expect.arrayContaining(['channel-gateway', 'analyst', 'advisor', 'compliance']));

    // And the projected workflow holds the answer and is completed
    const decisions = new Set(trail.map((d) => d.decisionId)).size;
    const projected = () => getWorkflow(db, schema, request.fields.correlationId);
    await waitFor(async () => ((await projected())?.decisions ?? 0) >= decisions);
    expect(await projected()).toMatchObject({
      status: 'completed',
      currentStep: 'response.CustomerAnswered',
    });
  }, 300_000);

  it("projects every decision, the agents' and the hostile ones included, into an audit chain that verifies", async () => {
    // Given the swarm at rest: the agents stopped, and everything they proposed decided
    await swarm.stopAgents();
    await everyRecordCovered();
    expect(crashes).toEqual([]);

    // When the projector has projected every decision
    await waitFor(() => applied >= decided.size);
    await projector.stop();

    // Then the audit chain of everything it wrote verifies against Kafka and its checkpoints
    const verified = await verifyAuditTrail({
      db,
      schema,
      bus,
      codec,
      names: swarm.names,
      publicKey: checkpointKey.publicKey,
    });
    expect(verified.firstFailure).toBeUndefined();
    expect(verified.ok).toBe(true);
    expect(verified.rows).toBe(decided.size);
  }, 600_000);
});

// The fuzz run: 10,000 hostile records straight onto sg.ingress and sg.proposed, and hostile
// POST /events bodies, against a running gate and projector. No record stops the pipeline: each
// is decided or dead-lettered with a reason (counted by its source coordinates), the audit chain
// verifies, and a normal workflow decided after the storm is delivered and projected.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { followInventory, type FollowedInventory } from '../api/inventory.ts';
import { buildApi } from '../api/server.ts';
import type { OutgoingRecord } from '../bus/port.ts';
import type { AppliedBatch } from '../projector/apply-records.ts';
import { startProjector, type Projector } from '../projector/consumer.ts';
import { getWorkflow, quoteSchema } from '../projector/index.ts';
import { migrate } from '../projector/migrations/index.ts';
import { uniqueSchemaName } from '../projector/testing/database.ts';

import { verifyAuditTrail } from '../projector/verify-trail.ts';
import type { Decision, DeadLetter } from '../schemas/generated/types.ts';
import { collect, type Collector } from './support/collect.ts';
import { transactionPosted } from './support/envelopes.ts';
import { Fuzzer, seededRandom } from './support/fuzz.ts';
import { startGateHarness, type GateHarness } from './support/gate-harness.ts';
import { uniqueName } from './support/names.ts';
import { projectorServices } from './support/projector-services.ts';
import { postedFields } from './support/proposals.ts';
import { bearer, testAuth } from '../api/testing/tokens.ts';
import { testOperator } from '../registry/testing.ts';

const SEED = 20_260_101;
const RAW_RECORDS = 10_000;
const API_BODIES = 300;
const CHUNK = 250;

const { db, bus, codec } = projectorServices();

const coordinates = (topic: string, partition: number, offset: string | number) =>
  `${topic}/${partition}/${String(offset)}`;

describe('the fuzz run', () => {
  let gate: GateHarness;
  let projector: Projector;
  let app: FastifyInstance;
  let inventory: FollowedInventory;
  let dlq: Collector;
  let schema: string;
  const checkpointKey = generateKeyPairSync('ed25519');
  let applied = 0;
  let crashed: unknown;
  const progress = new Set<() => void>();
  const projected = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (crashed) reject(new Error('the projector crashed', { cause: crashed }));
        else if (applied >= count) resolve();
        else return;
        progress.delete(check);
      };
      progress.add(check);
      check();
    });
  const decided = new Map<string, Decision>();
  const deadLettered = new Map<string, DeadLetter>();
  const produced = new Set<string>();
  const statuses = new Map<number, number>();
  const kinds = new Map<string, number>();
  let normalWorkflow = '';

  beforeAll(async () => {
    // Given a gate, a projector and the API on one installation
    gate = await startGateHarness(bus, codec);
    const { names } = gate;
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
      onBatch: (batch: AppliedBatch) => {
        // Each decision becomes one audit row: applied, or audited as unapplied when refused.
        applied += batch.applied + batch.unapplied;
        for (const check of progress) check();
      },
      onCrash: (error) => {
        crashed = error;
        for (const check of progress) check();
      },
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
      humanSigner: gate.keys.get('fraud')!.signer,
    });
    await app.ready();
    dlq = collect(bus, uniqueName('fuzz-dlq'), [names.dlq]);

    // When 10,000 fuzzed records go straight onto the two gatekeeper topics, and hostile bodies to POST /events
    const fuzzer = new Fuzzer(seededRandom(SEED), codec);
    const signer = gate.keys.get('fraud')!.signer;
    for (let sent = 0; sent < RAW_RECORDS; sent += CHUNK) {
      const records: OutgoingRecord[] = [];
      for (let i = 0; i < CHUNK; i += 1) {
        const proposed = fuzzer.int(2) === 1;
        const { kind, value } = await fuzzer.record(proposed && fuzzer.int(2) === 1 ? signer : undefined);
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        const key = fuzzer.int(10) === 0 ? null : `wf-fz-${fuzzer.int(500)}`;
        const record = { topic: proposed ? names.proposed : names.ingress, key, value };
        // Kafka bounds a produce request too: an oversize record travels alone.
        if (kind === 'oversize') await bus.send([record]);
        else records.push(record);
      }
      await bus.send(records);
    }
    // An upstream system's token: every tenant, and the actor role its bodies assert.
    const ingestToken = await bearer({ subject: 'fuzz-ingest', roles: ['ingest', 'system'], tenants: ['*'] });
    for (let i = 0; i < API_BODIES; i += 1) {
      const response = await app.inject({
        method: 'POST',
        url: '/events',
        payload: JSON.stringify(fuzzer.eventBody()),
        headers: { 'content-type': 'application/json', ...ingestToken },
      });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    }
  }, 300_000);
  afterAll(async () => {
    await projector?.stop().catch(() => undefined);
    await dlq?.stop();
    await app?.close();
    await inventory?.stop();
    await gate?.stop();
    if (schema) await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  });

  it(`decides or dead-letters each of ${RAW_RECORDS} raw records and the accepted API bodies, and keeps deciding`, async () => {
    const { names } = gate;
    expect([...statuses.keys()].every((status) => status === 202 || status === 400)).toBe(true);
    expect(kinds.size).toBeGreaterThanOrEqual(9);
    // Then every record on sg.ingress and sg.proposed is decided or dead-lettered, never both
    for (const topic of [names.ingress, names.proposed])
      for (const { partition, offset } of await bus.endOffsets(topic))
        for (let o = 0; o < Number(offset); o += 1) produced.add(coordinates(topic, partition, o));
    expect(produced.size).toBe(RAW_RECORDS + (statuses.get(202) ?? 0));
    const covered = async () => {
      for (const record of gate.decisions.records.slice(decided.size)) {
        const decision = await codec.decodeAs('swarmgate.v1.Decision', record.value);
        decided.set(
          coordinates(decision.origin.topic, decision.origin.partition, decision.origin.offset),
          decision,
        );
      }
      return decided.size + deadLettered.size;
    };
    let seenDlq = 0;
    const gateGroup = `${names.ingress}.gate`;
    for (;;) {
      for (const record of dlq.records.slice(seenDlq)) {
        const letter = await codec.decodeAs('swarmgate.v1.DeadLetter', record.value);
        if (letter.consumer === gateGroup)
          deadLettered.set(
            coordinates(letter.sourceTopic, letter.sourcePartition, letter.sourceOffset),
            letter,
          );
        seenDlq += 1;
      }
      if ((await covered()) >= produced.size) break;
      const before = gate.decisions.records.length + dlq.records.length;
      await Promise.race([
        gate.decisions.until((r) => r.length + dlq.records.length > before),
        dlq.until((r) => r.length + gate.decisions.records.length > before),
      ]);
    }
    expect([...decided.keys()].filter((c) => deadLettered.has(c))).toEqual([]);
    expect([...decided.keys(), ...deadLettered.keys()].sort()).toEqual([...produced].sort());
    for (const letter of deadLettered.values()) expect(letter.error.length).toBeGreaterThan(0);

    // And a normal workflow after the storm is still delivered
    const normal = postedFields();
    normalWorkflow = normal.correlationId;
    await gate.propose(normal, transactionPosted());
    expect((await gate.decisionFor(normal.id)).outcome).toBe('DELIVERED');
  }, 600_000);

  it('projects every decision, hostile identifiers included, into an audit chain that verifies', async () => {
    const { names } = gate;
    // Given the decisions of the storm and of the normal workflow after it
    await projected(decided.size + 1); // the fuzzed records' decisions and the normal one
    expect((await getWorkflow(db, schema, normalWorkflow))?.correlationId).toBe(normalWorkflow);

    // And the audit chain of everything the projector wrote verifies against Kafka and its checkpoints
    await projector.stop();
    const verified = await verifyAuditTrail({
      db,
      schema,
      bus,
      codec,
      names,
      publicKey: checkpointKey.publicKey,
    });
    expect(verified.firstFailure).toBeUndefined();
    expect(verified.ok).toBe(true);
    expect(verified.rows).toBe(decided.size + 1);
  }, 600_000);
});

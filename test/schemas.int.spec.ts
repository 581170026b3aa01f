import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import { loadCatalog } from '../schemas/catalog.ts';
import { Codec } from '../schemas/codec.ts';
import { encodeEnvelope, openEnvelope, sealEnvelope } from '../schemas/envelope.ts';
import type { RecordName, RecordTypes } from '../schemas/generated/types.ts';
import { collect } from './support/collect.ts';
import { envelopeFields, transactionPosted } from './support/envelopes.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';

// Realistic values for the core records; every other schema is exercised with a random valid value.
async function examples(codec: Codec): Promise<Partial<Record<RecordName, unknown>>> {
  const envelope = await sealEnvelope(codec, envelopeFields(), transactionPosted());
  return {
    'banking.TransactionPosted': transactionPosted(),
    'banking.CustomerRequestReceived': {
      requestId: 'req-1',
      customerId: 'c-9',
      accountId: null,
      channel: 'app',
      language: 'de',
      text: 'Warum wurde meine Karte abgelehnt?',
      receivedAt: 1_795_000_000_000,
    },
    'swarmgate.v1.Envelope': envelope,
    'swarmgate.v1.AgentAnnounced': {
      name: 'fraud',
      version: '1.0.0',
      consumes: ['banking.TransactionPosted'],
      emits: ['fraud.RiskScored'],
      riskClass: 'MEDIUM',
      clearance: 'PII',
      requiredRoles: [],
      fallback: 'score unavailable: manual review',
      publicKey: '-----BEGIN PUBLIC KEY-----',
      announcedAt: 1_795_000_000_000,
      retired: false,
      stateKey: 'accountId',
      signedBy: 'a1b2c3d4e5f60718',
      signature: Buffer.alloc(64, 7),
    },
    'swarmgate.v1.ControlCommand': {
      id: randomUUID(),
      kind: 'KILL',
      target: 'fraud',
      reason: 'incident 42',
      issuedBy: 'ops',
      issuedAt: 1,
      policyVersion: null,
      signedBy: null,
      signature: null,
    },
    'swarmgate.v1.DeadLetter': {
      id: randomUUID(),
      sourceTopic: 't',
      sourcePartition: 0,
      sourceOffset: 7,
      sourceTimestamp: 1,
      consumer: 'g',
      errorCode: 'INVALID_AVRO',
      error: 'truncated',
      key: null,
      value: Buffer.from([0, 1]),
      headers: { a: Buffer.from('b') },
      failedAt: 2,
    },
    'swarmgate.v1.Decision': {
      decisionId: randomUUID(),
      policyVersion: 'abc',
      decidedAt: 1,
      gateInstance: 'gate-1',
      origin: { topic: 'sg.ingress', partition: 0, offset: 5, timestamp: 1 },
      correlationId: 'wf-1',
      eventId: 'e-1',
      eventType: 'banking.TransactionPosted',
      sender: 'core-banking',
      costMicros: 0,
      hops: 0,
      outcome: 'DELIVERED',
      verdicts: [{ policy: 'max-length', verdict: 'ALLOW', reason: 'ok' }],
      routedTo: ['fraud'],
      notRouted: [{ agent: 'advisor', policy: 'routing', reason: 'does not consume this type' }],
      envelope: await encodeEnvelope(codec, envelope),
      recordSha256: 'ff',
      rateKeys: [],
      traceparent: null,
    },
  };
}

describe('schemas in the registry', () => {
  const codec = Codec.connect(services.registryUrl);
  const bus = new KafkaBus({ brokers: services.brokers });
  beforeAll(() => codec.registerAll());
  afterAll(() => bus.close());

  it('registers every schema idempotently with BACKWARD compatibility', async () => {
    const first = await codec.registerAll();
    const again = await Codec.connect(services.registryUrl).registerAll();

    expect([...again]).toEqual([...first]);
    const config = await fetch(`${services.registryUrl}/config/swarmgate.v1.Envelope`).then((r) => r.json());
    expect(config).toMatchObject({ compatibilityLevel: 'BACKWARD' });
  });

  it('round-trips every registered record through Kafka', async () => {
    const topic = uniqueName('schemas');
    await bus.createTopics([{ topic, partitions: 1 }]);
    const names = [...loadCatalog().keys()] as RecordName[];
    const values = await examples(codec);
    for (const name of names) values[name] ??= codec.localType(name).random();

    for (const name of names) {
      await bus.send([
        { topic, key: name, value: await codec.encode(name, values[name] as RecordTypes[typeof name]) },
      ]);
    }
    const seen = await collect(bus, uniqueName('reader'), [topic]).until((r) => r.length === names.length);

    for (const record of seen) {
      const name = record.key!.toString() as RecordName;
      expect(await codec.decodeAs(name, record.value), name).toEqual(values[name]);
    }
  });

  it("opens an envelope with its payload decoded under the payload type's own schema", async () => {
    const payload = transactionPosted({ amountMinor: 990_000 });
    const bytes = await encodeEnvelope(codec, await sealEnvelope(codec, envelopeFields(), payload));

    const opened = await openEnvelope(codec, bytes);

    expect(opened.payloadError).toBeNull();
    expect(opened.payload).toEqual(payload);
  });

  it('refuses an incompatible schema change with a clear error', async () => {
    const subject = `${uniqueName('compat')}.Account`;
    const v1 = {
      type: 'record' as const,
      name: 'Account',
      namespace: 'compat',
      fields: [{ name: 'id', type: 'string' }],
    };
    await codec.register(subject, v1);
    // A new required field without a default cannot read data written with v1: not BACKWARD compatible.
    const v2 = { ...v1, fields: [...v1.fields, { name: 'owner', type: 'string' }] };

    await expect(codec.register(subject, v2)).rejects.toThrow(/incompatible|compatib/i);
    const v2ok = {
      ...v1,
      fields: [...v1.fields, { name: 'owner', type: ['null', 'string'], default: null }],
    };
    await expect(codec.register(subject, v2ok)).resolves.toBeGreaterThan(0);
  });
});

// The registry routes over the real broker and registry: what `swarmgate agents` does beside a
// running swarm. Each test has its own sg.registry and sg.control, followed as the API follows them.
import { describe, expect, it, onTestFinished } from 'vitest';
import { topicNames, topicSpecs } from '../bus/topics.ts';
import { cardOf } from '../cli/cards.ts';
import { requestRecord } from '../registry/publish.ts';
import { testOperator } from '../registry/testing.ts';
import { keyFingerprintOf } from '../schemas/signing.ts';
import { keyPairFor } from '../test/support/keys.ts';
import { uniqueName } from '../test/support/names.ts';
import { followInventory } from './inventory.ts';
import { apiWith, asCaller, errorOf } from './testing/api.ts';
import { realServices } from './testing/services.ts';

const services = realServices();
const operator = { subject: 'ops-oscar', roles: ['operate'], tenants: ['*'] };

async function givenRegistryApi(options: { signing?: boolean } = {}) {
  const names = topicNames(`${uniqueName('api-registry')}.`);
  const { bus, codec } = services;
  await bus.createTopics(topicSpecs(names, { partitions: 1, agents: [] }));
  const inventory = await followInventory(bus, codec, names, testOperator().keys);
  onTestFinished(() => inventory.stop());
  await inventory.caughtUp;
  const signing = options.signing ?? true;
  const { app } = await apiWith({ ...services, names, inventory }, [], {
    names,
    inventory,
    ...(signing
      ? { operatorSigner: testOperator().signer, registrar: { registry: inventory.registry, cards: cardOf } }
      : {}),
  });
  return { inventory, names, inject: await asCaller(app, operator) };
}

describe('POST /registry/:name/registration', () => {
  it("signs the agent's card with the given key, and the followed registry holds it", async () => {
    const { inventory, inject } = await givenRegistryApi();
    const fraud = keyPairFor('fraud');
    const response = await inject({
      method: 'POST',
      url: '/registry/fraud/registration',
      payload: { publicKey: fraud.publicKeyPem },
    });
    expect(response.statusCode, response.body).toBe(202);
    const card = cardOf('fraud', fraud.publicKeyPem, 0);
    expect(response.json()).toMatchObject({
      name: 'fraud',
      changes: ['new agent'],
      registration: {
        emits: card.emits,
        clearance: card.clearance,
        key: keyFingerprintOf(fraud.publicKeyPem),
      },
      signedBy: testOperator().signer.keyId,
      issuedBy: 'ops-oscar',
      inEffect: true,
    });
    expect(inventory.agents().map((agent) => agent.name)).toEqual(['fraud']);
    const listed = (await inject('/registry')).json<{
      registrations: { name: string; signedBy: string }[];
    }>();
    expect(listed.registrations).toMatchObject([{ name: 'fraud', signedBy: testOperator().signer.keyId }]);
  });

  it('refuses an agent without a card (404) and a key that is not PEM (400), signing nothing', async () => {
    const { inventory, inject } = await givenRegistryApi();
    const unknown = await inject({
      method: 'POST',
      url: '/registry/payout-bot/registration',
      payload: { publicKey: keyPairFor('payout-bot').publicKeyPem },
    });
    expect([unknown.statusCode, errorOf(unknown).message]).toEqual([
      404,
      expect.stringMatching(/^no card for agent "payout-bot"/),
    ]);
    const garbled = await inject({
      method: 'POST',
      url: '/registry/fraud/registration',
      payload: { publicKey: 'not a key' },
    });
    expect([garbled.statusCode, errorOf(garbled).message]).toEqual([
      400,
      expect.stringMatching(/^publicKey is not a PEM public key/),
    ]);
    expect((await inject('/registry')).json()).toEqual({ registrations: [] });
    expect(inventory.agents()).toEqual([]);
  });

  it('answers 503 when the API has no operator key to sign with', async () => {
    const { inject } = await givenRegistryApi({ signing: false });
    const response = await inject({
      method: 'POST',
      url: '/registry/fraud/registration',
      payload: { publicKey: keyPairFor('fraud').publicKeyPem },
    });
    expect([response.statusCode, errorOf(response).message]).toEqual([
      503,
      expect.stringContaining('no operator key'),
    ]);
  });
});

describe('POST /registry/:name/approval', () => {
  it('grants the card with the requested key only when its fingerprint is given, never what the request asks beyond it', async () => {
    const { inventory, names, inject } = await givenRegistryApi();
    const analyst = keyPairFor('analyst');
    const asked = { ...cardOf('analyst', analyst.publicKeyPem, Date.now()), clearance: 'SECRET' as const };
    await services.bus.send([await requestRecord(services.codec, names, asked, analyst.signer)]);
    await inventory.registry.until((fold) => fold.request('analyst') !== undefined);

    const forged = keyFingerprintOf(keyPairFor('analyst').publicKeyPem);
    const refused = await inject({
      method: 'POST',
      url: '/registry/analyst/approval',
      payload: { fingerprint: forged },
    });
    expect([refused.statusCode, errorOf(refused).message]).toEqual([
      422,
      expect.stringContaining('nothing signed'),
    ]);
    expect(inventory.agents()).toEqual([]);

    const fingerprint = keyFingerprintOf(analyst.publicKeyPem);
    const approved = await inject({
      method: 'POST',
      url: '/registry/analyst/approval',
      payload: { fingerprint },
    });
    expect(approved.statusCode, approved.body).toBe(202);
    const card = cardOf('analyst', analyst.publicKeyPem, 0);
    expect(approved.json()).toMatchObject({
      registration: { clearance: card.clearance, key: fingerprint },
      notGranted: [`clearance: requested "SECRET", the card has "${card.clearance}"`],
      inEffect: true,
    });
    expect(inventory.agents()).toMatchObject([{ name: 'analyst', clearance: card.clearance }]);
  });

  it('answers 409 for an agent that requested nothing', async () => {
    const { inject } = await givenRegistryApi();
    const fingerprint = keyFingerprintOf(keyPairFor('fraud').publicKeyPem);
    const response = await inject({
      method: 'POST',
      url: '/registry/fraud/approval',
      payload: { fingerprint },
    });
    expect([response.statusCode, errorOf(response).message]).toEqual([
      409,
      'agent "fraud" has not requested a registration on sg.registry',
    ]);
  });
});

describe('POST /registry/:name/retirement', () => {
  it('retires the registration in effect, then answers 409 for the agent it no longer holds', async () => {
    const { inventory, inject } = await givenRegistryApi();
    const registered = await inject({
      method: 'POST',
      url: '/registry/fraud/registration',
      payload: { publicKey: keyPairFor('fraud').publicKeyPem },
    });
    expect(registered.statusCode).toBe(202);
    const retired = await inject({ method: 'POST', url: '/registry/fraud/retirement' });
    expect(retired.statusCode, retired.body).toBe(202);
    expect(retired.json()).toMatchObject({
      name: 'fraud',
      retired: true,
      changes: ['retired: false -> true'],
      inEffect: true,
    });
    expect(inventory.agents()).toEqual([]);
    const again = await inject({ method: 'POST', url: '/registry/fraud/retirement' });
    expect([again.statusCode, errorOf(again).message]).toEqual([
      409,
      'agent "fraud" has no registration in effect to retire',
    ]);
  });
});

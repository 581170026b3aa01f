// Through a broker failure, with nobody restarting anything: the gate and the API run on a
// private broker of this test, which is SIGKILLed mid-stream and started again. The gate keeps
// deciding, POST /events answers 202 again, and both report degraded while it is down.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, apiWith } from '../api/testing/api.ts';
import { transactionBody } from '../api/testing/bodies.ts';
import { CALLERS } from '../api/testing/tokens.ts';
import { followInventory, type FollowedInventory } from '../api/inventory.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import type { HealthReport } from '../bus/health.ts';
import { startGate, type Gate } from '../orchestrator/gate/index.ts';
import { loadComposite } from '../orchestrator/policy/composite.ts';
import type { Db } from '../projector/index.ts';
import { openTestDb } from '../projector/testing/database.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import { defaultPolicyPath, setUpInstallation, type Installation } from './support/gate-harness.ts';
import { startPrivateBroker, type PrivateBroker } from './support/private-broker.ts';
import { services } from './support/services.ts';

type Post = (body: object) => Promise<LightMyRequestResponse>;

describe('through a broker SIGKILLed and restarted', () => {
  let broker: PrivateBroker;
  let gateBus: KafkaBus;
  let apiBus: KafkaBus;
  let installation: Installation;
  let gate: Gate;
  let inventory: FollowedInventory;
  let db: Db;
  let codec: Codec;
  /** Rejects when the gate stops: every wait races it, so a crash fails the test at once. */
  let crashed: Promise<never>;
  const orCrash = <T>(waiting: Promise<T>): Promise<T> => Promise.race([waiting, crashed]);

  beforeAll(async () => {
    broker = await startPrivateBroker();
    gateBus = new KafkaBus({ brokers: [broker.address], clientId: 'failure-gate' });
    apiBus = new KafkaBus({ brokers: [broker.address], clientId: 'failure-api' });
    codec = Codec.connect(services.registryUrl);
    await codec.registerAll();
    installation = await setUpInstallation(gateBus, codec);
    let crash: (error: unknown) => void = () => {};
    crashed = new Promise<never>(
      (_, reject) => (crash = (error) => reject(new Error(`the gate stopped: ${String(error)}`))),
    );
    crashed.catch(() => undefined);
    gate = await orCrash(
      startGate({
        bus: gateBus,
        codec,
        names: installation.names,
        composite: loadComposite(defaultPolicyPath),
        operatorKeys: testOperator().keys,
        onCrash: (error) => crash(error),
      }),
    );
    inventory = await followInventory(apiBus, codec, installation.names, testOperator().keys);
    db = openTestDb();
  }, 240_000);

  afterAll(async () => {
    await gate?.stop();
    await installation?.stop();
    await inventory?.stop();
    await Promise.allSettled([gateBus?.close(), apiBus?.close(), db?.close()]);
    await broker?.remove();
  });

  const decided = async (response: LightMyRequestResponse) => {
    expect(response.statusCode).toBe(202);
    const { id } = response.json<{ id: string }>();
    return orCrash(installation.decisionFor(id));
  };
  const ok = (report: HealthReport) => report.status === 'ok';

  /** The API on the private broker (its test schema is dropped after the test). */
  async function startApi(): Promise<{ post: Post; healthz: () => Promise<LightMyRequestResponse> }> {
    const group = 'projector';
    const { app } = await apiWith({ db, bus: apiBus, codec, names: installation.names, inventory }, [], {
      projectorLag: { maxLag: Number.MAX_SAFE_INTEGER, stallMs: Number.MAX_SAFE_INTEGER, group },
    });
    const ingest = await asCaller(app, CALLERS.ingest);
    const post: Post = (body) => ingest({ method: 'POST', url: '/events', payload: body });
    const healthz = () => app.inject({ url: '/healthz' });
    return { post, healthz };
  }

  it('keeps deciding, answers 202 again and reports degraded only while the broker is down', async () => {
    const { post, healthz } = await startApi();
    const before = await decided(await post(transactionBody()));
    expect(before.outcome).toBeDefined();

    await broker.kill();
    // While it is down: the gate backs off and says so; the API answers 503 and says so.
    const gateConsumer = `consumer ${installation.names.ingress}.gate`;
    const [, refused] = await Promise.all([
      orCrash(gateBus.health.until((report) => report.degraded.some((t) => t.source === gateConsumer))),
      post(transactionBody()),
    ]);
    expect(refused.statusCode).toBe(503);
    const down = await healthz();
    expect(down.statusCode).toBe(503);
    expect(down.json<{ checks: { bus: HealthReport } }>().checks.bus.status).toBe('degraded');

    await broker.restart();
    // Back by themselves: no restart of the gate or the API.
    await Promise.all([orCrash(gateBus.health.until(ok)), apiBus.health.until(ok)]);
    const after = await decided(await post(transactionBody()));
    expect(after.outcome).toBeDefined();
    const up = await healthz();
    expect([up.statusCode, up.json<{ status: string }>().status]).toEqual([200, 'ok']);
    expect(gateBus.health.report().recoveries).toBeGreaterThan(0);
  });
});

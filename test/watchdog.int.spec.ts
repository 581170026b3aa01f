// The automatic kill switch on the running path: an advisor whose model always answers 500 falls
// back on every request; the projector records the incidents in PostgreSQL; two watchdogs (as two
// API instances would run) weigh them against the threshold and exactly one operator-signed KILL
// saying why reaches sg.control; the gate stops deliveries to the advisor; a local webhook
// receives the Alertmanager-format alerts; an operator's RESUME lifts it and resolves the alert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../agents/banking/index.ts';
import { OpenAiCompatibleProvider } from '../agents/llm/openai.ts';
import { ModelTiering } from '../agents/llm/tiering.ts';
import {
  alertWebhook,
  startWatchdog,
  WATCHDOG_ISSUER,
  type Alert,
  type Watchdog,
} from '../api/watchdog/index.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { startProjector, type Projector } from '../projector/consumer.ts';
import { migrate, quoteSchema } from '../projector/index.ts';
import { openTestDb, uniqueSchemaName } from '../projector/testing/database.ts';
import { followRegistry, type FollowedRegistry } from '../registry/follow.ts';
import { controlRecord } from '../registry/publish.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import type { ControlKind } from '../schemas/generated/types.ts';
import { startAlertReceiver, type AlertReceiver } from './support/alert-receiver.ts';
import { startFailingLlmServer, type FailingLlmServer } from './support/llm-server.ts';
import { services } from './support/services.ts';
import { customerRequestIn, startSwarm, type Decided, type SwarmHarness } from './support/swarm-harness.ts';

const question = 'Should I move my savings into a fixed deposit?';
const maxIncidents = 2;

describe('the watchdog', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const db = openTestDb();
  const schema = uniqueSchemaName();
  const operator = testOperator();
  let model: FailingLlmServer;
  let receiver: AlertReceiver;
  let swarm: SwarmHarness;
  let projector: Projector;
  const followers: FollowedRegistry[] = [];
  const watchdogs: Watchdog[] = [];
  const ticks: number[] = [];
  const tickWaiters = new Set<() => void>();
  const onTick = (instance: number) => () => {
    ticks[instance]! += 1;
    for (const check of tickWaiters) check();
  };

  /** Resolves once every watchdog has ticked `n` more times: each has weighed what it saw by then. */
  const ticked = (n: number) => {
    const targets = ticks.map((count) => count + n);
    return new Promise<void>((resolve) => {
      const check = () => {
        if (ticks.some((count, i) => count < targets[i]!)) return;
        tickWaiters.delete(check);
        resolve();
      };
      tickWaiters.add(check);
    });
  };

  const decisionOn = async (request: ReturnType<typeof customerRequestIn>): Promise<Decided> => {
    await swarm.ingest(request.fields, request.payload);
    const [decision] = await swarm.decisions.workflow(request.fields.correlationId, (ds) =>
      ds.some((d) => d.eventId === request.fields.id),
    );
    return decision!;
  };
  const command = async (kind: ControlKind, reason: string) => {
    const unsigned = {
      ...{ id: crypto.randomUUID(), kind, target: 'advisor', reason },
      ...{ issuedBy: 'ops-oscar', issuedAt: Date.now(), policyVersion: null },
    };
    await bus.send([await controlRecord(codec, swarm.names, unsigned, operator.signer)]);
    return unsigned;
  };
  const killSwitchAlert = (matches: (alert: Alert) => boolean) =>
    receiver.alert((alert) => alert.labels.alertname === 'SwarmgateKillSwitch' && matches(alert));
  const controlRecords = async () =>
    (await bus.endOffsets(swarm.names.control)).reduce((sum, end) => sum + Number(end.offset), 0);

  beforeAll(async () => {
    await codec.registerAll();
    model = await startFailingLlmServer(500);
    receiver = await startAlertReceiver();
    const tiering = ModelTiering.load();
    const llm = new OpenAiCompatibleProvider({ baseUrl: model.baseUrl, prices: tiering.prices });
    swarm = await startSwarm(bus, codec, { agents: [createAdvisor(tiering)], llm });
    await migrate(db, schema);
    projector = await startProjector({ bus, codec, names: swarm.names, db, schema });
    for (const instance of [0, 1]) {
      const registry = await followRegistry(bus, codec, swarm.names, operator.keys);
      followers.push(registry);
      ticks.push(0);
      watchdogs.push(
        startWatchdog({
          ...{ db, schema, bus, codec, names: swarm.names, registry, signer: operator.signer },
          thresholds: { windowMs: 600_000, maxIncidents },
          webhook: alertWebhook({ url: receiver.url, backoff: { initialMs: 50, maxMs: 500 } }),
          externalUrl: 'http://api.bank.example',
          intervalMs: 200,
          onTick: onTick(instance),
        }),
      );
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(watchdogs.map((w) => w.stop()));
    await Promise.all(followers.map((f) => f.stop()));
    await projector?.stop();
    await swarm?.stop();
    await receiver?.close();
    await model?.close();
    await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await db.close();
    await bus.close();
  });

  it('kills an agent whose incidents reach the threshold, once, saying why; an operator RESUME lifts it', async () => {
    // Given an advisor whose model always answers 500, and no kill switch yet
    expect(await decisionOn(customerRequestIn(question))).toMatchObject({ routedTo: ['advisor'] });

    // When a second request fails too, reaching 2 incidents within the window
    await decisionOn(customerRequestIn(question));

    // Then the webhook receives the automatic kill switch, firing, with the reason of the record on sg.control
    const fired = await killSwitchAlert((a) => a.labels.trigger === 'automatic' && a.status === 'firing');
    const registry = followers[0]!;
    const kill = (await registry.until((fold) => fold.killSwitchOf('advisor') !== undefined)).killSwitchOf(
      'advisor',
    )!;
    expect(kill).toMatchObject({ kind: 'KILL', issuedBy: WATCHDOG_ISSUER, signedBy: operator.signer.keyId });
    expect(kill.reason).toMatch(
      /^automatic kill switch \(watchdog\): 2 incidents within 600s reached the threshold of 2 \(window since /,
    );
    expect(fired).toMatchObject({
      labels: { agent: 'advisor', command: kill.id, severity: 'critical' },
      annotations: { description: kill.reason, issuedBy: WATCHDOG_ISSUER },
      endsAt: '0001-01-01T00:00:00Z',
    });
    const incident = await receiver.alert((a) => a.labels.alertname === 'SwarmgateIncident');
    expect(incident.labels).toMatchObject({ agent: 'advisor', eventType: 'incident.FallbackUsed' });
    const crossed = await receiver.alert((a) => a.labels.alertname === 'SwarmgateAgentIncidents');
    expect(crossed.annotations).toMatchObject({ threshold: '2', observed: '2', windowSeconds: '600' });

    // And however many watchdogs watch, that trip is one KILL record
    await ticked(2);
    expect(await controlRecords()).toBe(1);

    // And the gate stops delivering to the advisor
    await swarm.gate.registryUntil((fold) => fold.killSwitchOf('advisor')?.id === kill.id);
    const stopped = await decisionOn(customerRequestIn(question));
    expect(stopped.routedTo).not.toContain('advisor');
    expect(stopped.notRouted).toContainEqual(
      expect.objectContaining({ agent: 'advisor', policy: 'kill-switch' }),
    );

    // When an operator resumes it
    const resume = await command('RESUME', 'model server fixed (INC-12)');

    // Then the alert resolves and deliveries resume, the old incidents no longer counting
    const resolved = await killSwitchAlert((a) => a.labels.command === kill.id && a.status === 'resolved');
    expect(resolved.fingerprint).toBe(fired.fingerprint);
    await swarm.gate.registryUntil((fold) => fold.lastCommandAt('advisor') === resume.issuedAt);
    expect(await decisionOn(customerRequestIn(question))).toMatchObject({ routedTo: ['advisor'] });
    await ticked(2);
    expect(registry.fold.killSwitchOf('advisor')).toBeUndefined();
  });

  it("alerts on an operator's kill switch as manual", async () => {
    const kill = await command('KILL', 'INC-13: unreviewed advice');
    const fired = await killSwitchAlert((a) => a.labels.command === kill.id);
    expect(fired).toMatchObject({
      status: 'firing',
      labels: { trigger: 'manual', agent: 'advisor' },
      annotations: { description: 'INC-13: unreviewed advice', issuedBy: 'ops-oscar' },
    });
    await command('RESUME', 'INC-13 closed');
    await killSwitchAlert((a) => a.labels.command === kill.id && a.status === 'resolved');
  });
});

// The automatic kill switch on the running path: an advisor whose model always answers 500 falls
// back on every request; the projector records the incidents in PostgreSQL; two watchdogs (as two
// API instances would run) weigh them against the threshold and exactly one operator-signed KILL
// saying why reaches sg.control; the gate stops deliveries to the advisor; a local webhook
// receives the Alertmanager-format alerts; an operator's RESUME lifts it and resolves the alert.
// Then an advisor whose (scripted) model calls cost money is stopped on spend.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiCompatibleProvider } from '../agents/llm/openai.ts';
import { ScriptedModel } from '../agents/llm/scripted.ts';
import { ModelTiering } from '../agents/llm/tiering.ts';
import { WATCHDOG_ISSUER } from '../api/watchdog/index.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { openTestDb } from '../projector/testing/database.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import { startFailingLlmServer, type FailingLlmServer } from './support/llm-server.ts';
import { services } from './support/services.ts';
import { customerRequestIn } from './support/swarm-harness.ts';
import {
  startWatchedSwarm,
  type WatchedSwarm,
  type WatchedSwarmOptions,
} from './support/watchdog-harness.ts';

const question = 'Should I move my savings into a fixed deposit?';
const request = () => customerRequestIn(question);
const tiering = ModelTiering.load();
const tenMinutes = 600_000;

describe('the watchdog', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const db = openTestDb();
  const operator = testOperator();
  let model: FailingLlmServer;
  const running: WatchedSwarm[] = [];
  const watched = async (options: WatchedSwarmOptions) => {
    const started = await startWatchedSwarm(bus, codec, db, options);
    running.push(started);
    return started;
  };

  beforeAll(async () => {
    await codec.registerAll();
    model = await startFailingLlmServer(500);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((w) => w.stop()));
  });
  afterAll(async () => {
    await model.close();
    await db.close();
    await bus.close();
  });

  it('kills an agent whose incidents reach the threshold, once, saying why; an operator RESUME lifts it', async () => {
    // Given an advisor whose model always answers 500, watched by two watchdogs allowing 2 incidents in 10 minutes
    const llm = new OpenAiCompatibleProvider({ baseUrl: model.baseUrl, prices: tiering.prices });
    const w = await watched({ llm, thresholds: { windowMs: tenMinutes, maxIncidents: 2 }, instances: 2 });
    expect(await w.decisionOn(request())).toMatchObject({ routedTo: ['advisor'] });

    // When a second request fails too
    await w.decisionOn(request());

    // Then the webhook receives the automatic kill switch, firing, with the reason of the record on sg.control
    const fired = await w.killSwitchAlert((a) => a.labels.trigger === 'automatic' && a.status === 'firing');
    const registry = w.followers[0]!;
    const held = await registry.until((fold) => fold.killSwitchOf('advisor') !== undefined);
    const kill = held.killSwitchOf('advisor')!;
    expect(kill).toMatchObject({ kind: 'KILL', issuedBy: WATCHDOG_ISSUER, signedBy: operator.signer.keyId });
    expect(kill.reason).toMatch(
      /^automatic kill switch \(watchdog\): 2 incidents within 600s reached the threshold of 2 \(window since /,
    );
    expect(fired).toMatchObject({
      labels: { agent: 'advisor', command: kill.id, severity: 'critical' },
      annotations: { description: kill.reason, issuedBy: WATCHDOG_ISSUER },
      endsAt: '0001-01-01T00:00:00Z',
    });
    const incident = await w.receiver.alert((a) => a.labels.alertname === 'SwarmgateIncident');
    expect(incident.labels).toMatchObject({ agent: 'advisor', eventType: 'incident.FallbackUsed' });
    const crossed = await w.receiver.alert((a) => a.labels.alertname === 'SwarmgateAgentIncidents');
    expect(crossed.annotations).toMatchObject({ threshold: '2', observed: '2', windowSeconds: '600' });

    // And however many watchdogs watch, that trip is one KILL record
    await w.ticked(2);
    expect(await w.controlRecords()).toBe(1);

    // And the gate stops delivering to the advisor
    await w.swarm.gate.registryUntil((fold) => fold.killSwitchOf('advisor')?.id === kill.id);
    const stopped = await w.decisionOn(request());
    expect(stopped.routedTo).not.toContain('advisor');
    expect(stopped.notRouted).toContainEqual(
      expect.objectContaining({ agent: 'advisor', policy: 'kill-switch' }),
    );

    // When an operator resumes it
    const resume = await w.command('RESUME', 'model server fixed (INC-12)');

    // Then the alert resolves and deliveries resume, the old incidents no longer counting
    const resolved = await w.killSwitchAlert((a) => a.labels.command === kill.id && a.status === 'resolved');
    expect(resolved.fingerprint).toBe(fired.fingerprint);
    await w.swarm.gate.registryUntil((fold) => fold.lastCommandAt('advisor') === resume.issuedAt);
    expect(await w.decisionOn(request())).toMatchObject({ routedTo: ['advisor'] });
    await w.ticked(2);
    expect(registry.fold.killSwitchOf('advisor')).toBeUndefined();

    // And an operator's own kill switch is alerted as manual
    const manual = await w.command('KILL', 'INC-13: unreviewed advice');
    expect(await w.killSwitchAlert((a) => a.labels.command === manual.id)).toMatchObject({
      status: 'firing',
      labels: { trigger: 'manual', agent: 'advisor' },
      annotations: { description: 'INC-13: unreviewed advice', issuedBy: 'ops-oscar' },
    });
  });

  it('kills an agent whose spend in the window reaches the threshold', async () => {
    // Given an advisor whose model calls cost money, allowed 1 micro in 10 minutes
    const llm = new ScriptedModel(tiering.prices);
    const w = await watched({ llm, thresholds: { windowMs: tenMinutes, maxSpendMicros: 1 } });

    // When a request is advised
    const advised = await w.decisionOn(request());
    expect(advised.routedTo).toEqual(['advisor']);

    // Then it is stopped on spend, and the webhook hears of the overspend
    const held = await w.followers[0]!.until((fold) => fold.killSwitchOf('advisor') !== undefined);
    expect(held.killSwitchOf('advisor')!.reason).toMatch(
      /^automatic kill switch \(watchdog\): \d+ micros spent within 600s reached the threshold of 1 /,
    );
    const overspend = await w.receiver.alert((a) => a.labels.alertname === 'SwarmgateAgentOverspend');
    expect(overspend.labels.agent).toBe('advisor');
  });
});

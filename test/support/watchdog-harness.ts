// A swarm on Kafka with its projector on PostgreSQL and watchdogs beside it, as API instances run
// them, alerting to a local webhook receiver: what the watchdog specs share.
import { createAdvisor } from '../../agents/banking/index.ts';
import type { LlmProvider } from '../../agents/llm/provider.ts';
import { ModelTiering } from '../../agents/llm/tiering.ts';
import {
  alertWebhook,
  startWatchdog,
  type Alert,
  type Watchdog,
  type WatchdogThresholds,
} from '../../api/watchdog/index.ts';
import type { Bus } from '../../bus/port.ts';
import { startProjector } from '../../projector/consumer.ts';
import { migrate, quoteSchema, type Db } from '../../projector/index.ts';
import { uniqueSchemaName } from '../../projector/testing/database.ts';
import { followRegistry, type FollowedRegistry } from '../../registry/follow.ts';
import { controlRecord } from '../../registry/publish.ts';
import { testOperator } from '../../registry/testing.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { ControlKind } from '../../schemas/generated/types.ts';
import { startAlertReceiver, type AlertReceiver } from './alert-receiver.ts';
import type { customerRequestIn } from './swarm-harness.ts';
import { startSwarm, type Decided, type SwarmHarness } from './swarm-harness.ts';

export interface WatchedSwarm {
  readonly swarm: SwarmHarness;
  readonly receiver: AlertReceiver;
  /** Each watchdog's registry follower. */
  readonly followers: readonly FollowedRegistry[];
  /** Ingests a customer request and resolves with the gate's decision on it. */
  decisionOn(request: ReturnType<typeof customerRequestIn>): Promise<Decided>;
  /** Sends an operator-signed command for the advisor, issued by ops-oscar. */
  command(kind: ControlKind, reason: string): Promise<{ id: string; issuedAt: number }>;
  /** Resolves once every watchdog has ticked `n` more times: each has weighed what it saw by then. */
  ticked(n: number): Promise<void>;
  killSwitchAlert(matches: (alert: Alert) => boolean): Promise<Alert>;
  /** Records on sg.control so far. */
  controlRecords(): Promise<number>;
  stop(): Promise<void>;
}

export interface WatchedSwarmOptions {
  readonly llm: LlmProvider;
  readonly thresholds: WatchdogThresholds;
  /** Watchdogs, each with its own registry follower. Default 1. */
  readonly instances?: number;
}

function tickCounter(instances: number) {
  const ticks = Array.from({ length: instances }, () => 0);
  const waiters = new Set<() => void>();
  return {
    onTick: (instance: number) => () => {
      ticks[instance]! += 1;
      for (const check of waiters) check();
    },
    ticked: (n: number) => {
      const targets = ticks.map((count) => count + n);
      return new Promise<void>((resolve) => {
        const check = () => {
          if (ticks.some((count, i) => count < targets[i]!)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
  };
}

/** An advisor on `llm`, the shipped policy, the projector and the watchdogs (every 200 ms). */
export async function startWatchedSwarm(
  bus: Bus,
  codec: Codec,
  db: Db,
  options: WatchedSwarmOptions,
): Promise<WatchedSwarm> {
  const operator = testOperator();
  const schema = uniqueSchemaName();
  const receiver = await startAlertReceiver();
  const swarm = await startSwarm(bus, codec, {
    agents: [createAdvisor(ModelTiering.load())],
    llm: options.llm,
  });
  await migrate(db, schema);
  const projector = await startProjector({ bus, codec, names: swarm.names, db, schema });
  const instances = options.instances ?? 1;
  const ticks = tickCounter(instances);
  const followers: FollowedRegistry[] = [];
  const watchdogs: Watchdog[] = [];
  for (let instance = 0; instance < instances; instance += 1) {
    const registry = await followRegistry(bus, codec, swarm.names, operator.keys);
    followers.push(registry);
    watchdogs.push(
      startWatchdog({
        ...{ db, schema, bus, codec, names: swarm.names, registry, signer: operator.signer },
        thresholds: options.thresholds,
        webhook: alertWebhook({ url: receiver.url, backoff: { initialMs: 50, maxMs: 500 } }),
        externalUrl: 'http://api.bank.example',
        intervalMs: 200,
        onTick: ticks.onTick(instance),
      }),
    );
  }
  return {
    swarm,
    receiver,
    followers,
    ticked: ticks.ticked,
    decisionOn: async (request) => {
      await swarm.ingest(request.fields, request.payload);
      const [decision] = await swarm.decisions.workflow(request.fields.correlationId, (ds) =>
        ds.some((d) => d.eventId === request.fields.id),
      );
      return decision!;
    },
    command: async (kind, reason) => {
      const unsigned = {
        ...{ id: crypto.randomUUID(), kind, target: 'advisor', reason },
        ...{ issuedBy: 'ops-oscar', issuedAt: Date.now(), policyVersion: null },
      };
      await bus.send([await controlRecord(codec, swarm.names, unsigned, operator.signer)]);
      return unsigned;
    },
    killSwitchAlert: (matches) =>
      receiver.alert((alert) => alert.labels.alertname === 'SwarmgateKillSwitch' && matches(alert)),
    controlRecords: async () =>
      (await bus.endOffsets(swarm.names.control)).reduce((sum, end) => sum + Number(end.offset), 0),
    stop: async () => {
      await Promise.all(watchdogs.map((w) => w.stop()));
      await Promise.all(followers.map((f) => f.stop()));
      await projector.stop();
      await swarm.stop();
      await receiver.close();
      await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    },
  };
}

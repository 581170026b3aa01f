// Agent state per inbox partition, with several instances of an agent in one group: kept by the
// key the decider needs (aml-monitor by account, the responder by workflow), restored from the
// agent's state topic by whichever instance is assigned the partition, deadlines included.
import { afterAll, describe, expect, it } from 'vitest';
import { createBankingAgents, defaultBankingConfig } from '../agents/banking/index.ts';
import type { AnyAgent } from '../agents/decider.ts';
import type { RunningAgent } from '../agents/runtime/index.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { partitionOfKey } from '../bus/partition.ts';
import { Codec } from '../schemas/codec.ts';
import { inboxKeyOf } from '../schemas/state-key.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';
import {
  payloadOf,
  runAgent,
  startSwarm,
  transactionIn,
  type Decided,
  type SwarmHarness,
} from './support/swarm-harness.ts';

const partitions = 3;
const hour = 3_600_000;

/** Unique values until every inbox partition has `perPartition` of them, keyed as `keyOf` says. */
function spreadOverPartitions(prefix: string, perPartition: number, keyOf: (value: string) => string) {
  const chosen = new Map<number, string[]>();
  while ([...chosen.values()].flat().length < partitions * perPartition) {
    const value = uniqueName(prefix);
    const partition = partitionOfKey(keyOf(value), partitions);
    const list = chosen.get(partition) ?? [];
    if (list.length < perPartition) chosen.set(partition, [...list, value]);
  }
  return [...chosen.values()].flat();
}

/** Resolves once `count` partitions were restored by the instance reporting to it. */
function restoredCounter() {
  let restored = 0;
  let records = 0;
  const waiters: [number, () => void][] = [];
  return {
    onRestored: (_partition: number, read: number) => {
      restored += 1;
      records += read;
      for (const [count, resolve] of waiters) if (restored >= count) resolve();
    },
    records: () => records,
    atLeast: (count: number) =>
      new Promise<void>((resolve) => (restored >= count ? resolve() : waiters.push([count, resolve]))),
  };
}

describe('agent state per inbox partition, with two instances of an agent', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const config = {
    ...defaultBankingConfig,
    responder: { ...defaultBankingConfig.responder, responseAfterMs: 2_000 },
  };
  const agents = createBankingAgents({ config });
  const agent = (name: string): AnyAgent => agents.find((a) => a.name === name)!;
  const running: RunningAgent[] = [];
  let swarm: SwarmHarness | undefined;
  afterAll(async () => {
    await Promise.all(running.map((instance) => instance.stop()));
    await swarm?.stop();
    await bus.close();
  });

  const isOf = (type: string, workflows: readonly string[]) => (d: Decided) =>
    d.eventType === type && workflows.includes(d.correlationId);

  it('raises a structuring alert for deposits to one account in three workflows, whichever instance', async () => {
    // Given aml-monitor twice in its group, and accounts whose events reach every inbox partition
    await codec.registerAll();
    swarm = await startSwarm(bus, codec, { agents: [agent('aml-monitor'), agent('responder')] });
    const second = restoredCounter();
    running.push(
      await runAgent(bus, codec, swarm.names, agent('aml-monitor'), { onRestored: second.onRestored }),
    );
    await second.atLeast(1);
    const monitor = agent('aml-monitor');
    const accounts = spreadOverPartitions('ACC', 2, (account) =>
      inboxKeyOf(monitor, 'any', { accountId: account }),
    );

    // When each account gets three cash deposits just under the threshold, each in its own workflow
    const deposits = accounts.flatMap((accountId) =>
      [1, 2, 3].map(() =>
        transactionIn({
          accountId,
          amountMinor: 950_000,
          direction: 'CREDIT',
          channel: 'CASH',
          merchant: null,
        }),
      ),
    );
    for (const { fields, payload } of deposits) await swarm.ingest(fields, payload);

    // Then every account gets its STRUCTURING alert naming its three deposits
    const workflows = deposits.map(({ fields }) => fields.correlationId);
    const isAlert = isOf('aml.AlertRaised', workflows);
    const alerts = (await swarm.decisions.until((ds) => ds.filter(isAlert).length >= accounts.length)).filter(
      isAlert,
    );
    const raised = await Promise.all(alerts.map((d) => payloadOf(codec, d, 'aml.AlertRaised')));
    expect(raised.map((alert) => alert.pattern)).toEqual(accounts.map(() => 'STRUCTURING'));
    expect(new Set(raised.map((alert) => alert.accountId))).toEqual(new Set(accounts));
    for (const alert of raised) expect(alert.transactionIds).toHaveLength(3);
  });

  it('restores a restarted instance from the state topic alone: same state, no history replayed', async () => {
    // Given the two aml-monitor instances' state
    const first = swarm!.agents.get('aml-monitor')!;
    const before = new Map([...first.states(), ...running[0]!.states()]);
    expect(before.size).toBe(partitions);

    // When both stop and one instance starts in their place
    await first.stop();
    await running.shift()!.stop();
    const restored = restoredCounter();
    const handled: string[] = [];
    running.push(
      await runAgent(bus, codec, swarm!.names, agent('aml-monitor'), {
        onRestored: restored.onRestored,
        onHandled: (event) => handled.push(event.id),
      }),
    );
    await restored.atLeast(partitions);

    // Then it holds the same state, read from the state topic (one record per live entry at most)
    const after = running[0]!.states();
    const plain = (states: ReadonlyMap<number, unknown>) =>
      JSON.stringify([...states].sort(([a], [b]) => a - b));
    expect(plain(after)).toBe(plain(before));
    expect(restored.records()).toBeGreaterThan(0);
    expect(handled).toEqual([]);
  });

  it('fires a deadline on the instance its partition moved to, once', async () => {
    // Given the responder twice in its group; the first one's clock is hours behind, so it never
    // fires a deadline itself: the deadlines of its partitions fire only where they move to
    const late = restoredCounter();
    const handledByLate = new Set<string>();
    let onLateHandled = (): unknown => undefined;
    const behind = await runAgent(bus, codec, swarm!.names, agent('responder'), {
      clock: () => Date.now() - 2 * hour,
      onRestored: late.onRestored,
      onHandled: (event) => {
        handledByLate.add(event.correlationId);
        onLateHandled();
      },
    });
    await late.atLeast(1);
    const transactions = spreadOverPartitions('wf-deadline', 2, (workflow) => workflow).map((workflow) =>
      transactionIn({ accountId: uniqueName('ACC') }, workflow),
    );
    const workflows = transactions.map(({ fields }) => fields.correlationId);

    // When transactions start their response deadlines on both, and the first one stops once it
    // has handled those of its partitions, before any of them fell due
    for (const { fields, payload } of transactions) await swarm!.ingest(fields, payload);
    const onItsPartitions = workflows.filter((w) => behind.states().has(partitionOfKey(w, partitions)));
    expect(onItsPartitions.length).toBeGreaterThan(0);
    await new Promise<void>((resolve) => {
      onLateHandled = () => onItsPartitions.every((w) => handledByLate.has(w)) && resolve();
      onLateHandled();
    });
    await behind.stop();

    // Then every workflow's deadline is reached, once, those of the stopped instance's included
    const isDeadline = isOf('workflow.DeadlineReached', workflows);
    const reached = (
      await swarm!.decisions.until(
        (ds) => new Set(ds.filter(isDeadline).map((d) => d.correlationId)).size === workflows.length,
      )
    ).filter(isDeadline);
    expect(new Set(reached.map((d) => d.eventId)).size).toBe(workflows.length);
    const denied = reached.flatMap((d) => d.verdicts.filter((v) => v.verdict === 'DENY'));
    expect(denied).toEqual([]);
  });
});

// Three gates in one group on the real broker, with the shipped policy: gates stopped, started
// and SIGKILLed mid-stream, and still no workflow over its budget, no actor over its rate
// limit, no event id delivered twice, and a record on the wrong partition decided once on its
// workflow's partition. A restarted gate's state comes from sg.gate-state, not sg.decisions.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import { partitionOfKey } from '../bus/partition.ts';
import { startGate, type Gate, type GateOptions } from '../orchestrator/gate/index.ts';
import { loadComposite } from '../orchestrator/policy/composite.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import { startChild, type Child } from './support/child.ts';
import { transactionPosted } from './support/envelopes.ts';
import { defaultPolicyPath, setUpInstallation, type Installation } from './support/gate-harness.ts';
import { expectLimitsHeld, scaleScenario, scenarioDecisions, sendPhase } from './support/gate-scale.ts';
import { postedFields } from './support/proposals.ts';
import { services } from './support/services.ts';

const gateProcess = fileURLToPath(new URL('./fixtures/gate-process.ts', import.meta.url));

describe('gates in one group on Kafka', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.allSettled(closers.map((close) => close()));
    await bus.close();
  });

  /** A gate in this process with its own Kafka client, as a separate instance would have. */
  async function inProcessGate(installation: Installation, extra: Partial<GateOptions> = {}) {
    const own = new KafkaBus({ brokers: services.brokers });
    const gate = await startGate({
      bus: own,
      codec,
      names: installation.names,
      composite: loadComposite(defaultPolicyPath),
      operatorKeys: testOperator().keys,
      onCrash: installation.reportCrash,
      ...extra,
    });
    const stop = async () => {
      await gate.stop();
      await own.close();
    };
    closers.push(stop);
    return { gate, stop };
  }

  it(
    'holds budgets, rate limits and the duplicate window across three gates, rebalances and a SIGKILL',
    { timeout: 600_000 },
    async () => {
      // Given three gates in one group, one of them its own process, all on one fixed clock
      await codec.registerAll();
      const installation = await setUpInstallation(bus, codec);
      const clock = Date.now();
      const child = (): Child => {
        const started = startChild(gateProcess, {
          KAFKA_BROKERS: services.brokers.join(','),
          SCHEMA_REGISTRY_URL: services.registryUrl,
          SWARMGATE_TOPIC_PREFIX: installation.names.ingress.replace(/sg\.ingress$/, ''),
          GATE_CLOCK_MS: String(clock),
          ...testOperator().env,
        });
        closers.push(() => started.kill('SIGKILL'));
        return started;
      };
      const first = await inProcessGate(installation, { clock: () => clock });
      const second = await inProcessGate(installation, { clock: () => clock });
      const killed = child();
      await killed.waitForLine(/gate\.ready/);
      const scenario = scaleScenario(3);

      // When the first half is sent, one gate is stopped, another started, the process SIGKILLed
      // while it decides, and the second half (with every event id retried) sent meanwhile
      await sendPhase(bus, codec, installation, scenario.phases[0]);
      await Promise.all(scenario.phases[0].retried.map((f) => installation.decisionFor(f.id)));
      await second.stop();
      const third = await inProcessGate(installation, { clock: () => clock });
      await sendPhase(bus, codec, installation, scenario.phases[1]);
      const before = installation.decisions.records.length;
      await installation.decisions.until((records) => records.length > before + 20);
      await killed.kill('SIGKILL');
      const decisions = await scenarioDecisions(codec, installation, scenario);

      // Then every limit held as if one gate had decided everything, each record decided once
      expectLimitsHeld(decisions, scenario);
      const fraud = await installation.inboxDecisionIds('fraud');
      expect(new Set(fraud).size).toBe(fraud.length);
      await Promise.all([first.stop(), third.stop()]);
      await installation.stop();
    },
  );

  it('restores a restarted gate from sg.gate-state, only its partitions, never from sg.decisions', async () => {
    // Given a workflow that spent 1,500,000 of its 2,000,000 through a gate that then stopped
    const installation = await setUpInstallation(bus, codec);
    const spender = postedFields({ costMicros: 1_500_000 });
    const { correlationId } = spender;
    const firstGate = await inProcessGate(installation);
    await installation.propose(spender, transactionPosted());
    expect((await installation.decisionFor(spender.id)).outcome).toBe('DELIVERED');
    await firstGate.stop();

    // When the workflow's spend is tombstoned in the changelog (sg.decisions still holds it)
    // and two gates start, each restoring what it is assigned
    const owner = partitionOfKey(correlationId, 3);
    await bus.send([
      { topic: installation.names.gateState, partition: owner, key: `spent/${correlationId}`, value: null },
    ]);
    const restored: { gate: number; partition: number }[] = [];
    const gates: Gate[] = [];
    for (const index of [0, 1]) {
      const { gate } = await inProcessGate(installation, {
        onRestored: (partition) => restored.push({ gate: index, partition }),
      });
      gates.push(gate);
    }
    const next = postedFields({ correlationId, costMicros: 1_000_000 });
    await installation.propose(next, transactionPosted());
    const decision = await installation.decisionFor(next.id);

    // Then the state came from the changelog: the spend is gone, so 1,000,000 more fits
    expect(decision.outcome).toBe('DELIVERED');
    const spent = await Promise.all(gates.map((gate) => gate.spentMicros(correlationId)));
    expect(spent.filter((s) => s !== undefined)).toEqual([1_000_000]);
    // and each gate restored only partitions it holds now, every partition held by one gate
    const held = gates.map((gate) => [...gate.stores().keys()]);
    expect(held.flat().sort()).toEqual([0, 1, 2]);
    const lastRestore = new Map(restored.map(({ gate, partition }) => [partition, gate]));
    for (const [partition, gate] of lastRestore) expect(held[gate]).toContain(partition);
    await installation.stop();
  });
});

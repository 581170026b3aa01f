// The in-process bus with the same group semantics: three gates on the shipped policy, one
// stopped and one started mid-stream, and the limits hold as with one gate.
import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory/index.ts';
import { startGate } from '../orchestrator/gate/index.ts';
import { loadComposite } from '../orchestrator/policy/composite.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import { defaultPolicyPath, setUpInstallation, type Installation } from './support/gate-harness.ts';
import { expectLimitsHeld, scaleScenario, scenarioDecisions, sendPhase } from './support/gate-scale.ts';

describe('gates in one group on the in-process bus', () => {
  it('holds budgets, rate limits and the duplicate window across three gates and rebalances', async () => {
    const bus = new MemoryBus();
    const codec = Codec.embedded();
    await codec.registerAll();
    const installation = await setUpInstallation(bus, codec);
    const clock = Date.now();
    const gate = (i: Installation) =>
      startGate({
        bus,
        codec,
        names: i.names,
        composite: loadComposite(defaultPolicyPath),
        operatorKeys: testOperator().keys,
        clock: () => clock,
        onCrash: i.reportCrash,
      });
    const gates = [await gate(installation), await gate(installation), await gate(installation)];
    const scenario = scaleScenario(3);

    await sendPhase(bus, codec, installation, scenario.phases[0]);
    await Promise.all(scenario.phases[0].retried.map((f) => installation.decisionFor(f.id)));
    await gates[1]!.stop();
    gates.push(await gate(installation));
    await sendPhase(bus, codec, installation, scenario.phases[1]);
    const decisions = await scenarioDecisions(codec, installation, scenario);

    expectLimitsHeld(decisions, scenario);
    const fraud = await installation.inboxDecisionIds('fraud');
    expect(new Set(fraud).size).toBe(fraud.length);
    await Promise.all([gates[0]!.stop(), gates[2]!.stop(), gates[3]!.stop()]);
    await installation.stop();
    await bus.close();
  });
});

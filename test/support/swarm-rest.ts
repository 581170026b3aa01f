// When is a running swarm at rest? When every record on sg.ingress and sg.proposed (whoever
// produced it) is decided or dead-lettered by the gate, and every agent has handled or
// dead-lettered each record the gate delivered to it, and no new record appeared meanwhile. A
// test that judges what did NOT happen waits for this instead of sleeping.
import type { Bus } from '../../bus/port.ts';
import type { Codec } from '../../schemas/codec.ts';
import { collect } from './collect.ts';
import { uniqueName } from './names.ts';
import { coordinatesOf, recordIndex } from './record-index.ts';
import type { SwarmHarness } from './swarm-harness.ts';

export interface SwarmRest {
  /** Resolves once the swarm is at rest. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Wakes the waits of swarmRest: pass `progressed` as the swarm's onAgentHandled. */
export function progressSignal() {
  let wake = () => {};
  let woken = new Promise<void>((resolve) => (wake = resolve));
  return {
    progressed: () => {
      const previous = wake;
      woken = new Promise<void>((resolve) => (wake = resolve));
      previous();
    },
    next: () => woken,
  };
}

export function swarmRest(
  bus: Bus,
  codec: Codec,
  swarm: SwarmHarness,
  signal: ReturnType<typeof progressSignal>,
): SwarmRest {
  const { names } = swarm;
  const agents = [...swarm.agents.keys()];
  const { progressed } = signal;
  const index = recordIndex(bus, [names.ingress, names.proposed], progressed);
  const letters = collect(bus, uniqueName('rest-dlq'), [names.dlq, ...agents.map((a) => names.agentDlq(a))]);
  void letters.until(() => (progressed(), false));
  void swarm.decisions.until(() => (progressed(), false));

  const letterCoordinates = async () => {
    const gate = new Set<string>();
    const byAgent = new Map<string, number>();
    for (const record of letters.records) {
      const letter = await codec.decodeAs('swarmgate.v1.DeadLetter', record.value);
      if (record.topic === names.dlq)
        gate.add(coordinatesOf(letter.sourceTopic, letter.sourcePartition, letter.sourceOffset));
      else byAgent.set(record.topic, (byAgent.get(record.topic) ?? 0) + 1);
    }
    return { gate, byAgent };
  };
  const atRest = async (ends: Awaited<ReturnType<typeof index.ends>>) => {
    if (!index.readTo(ends)) return false;
    const decided = new Set(
      swarm.decisions.all.map((d) => coordinatesOf(d.origin.topic, d.origin.partition, d.origin.offset)),
    );
    const { gate, byAgent } = await letterCoordinates();
    if (![...index.coordinates].every((c) => decided.has(c) || gate.has(c))) return false;
    return agents.every(
      (agent) =>
        swarm.handled.filter((h) => h.agent === agent).length + (byAgent.get(names.agentDlq(agent)) ?? 0) ===
        swarm.decisions.all.filter((d) => d.routedTo.includes(agent)).length,
    );
  };
  return {
    async settled() {
      let previous = '';
      for (;;) {
        const ends = await index.ends();
        const key = JSON.stringify(ends);
        for (;;) {
          const next = signal.next();
          if (await atRest(ends)) break;
          await next;
        }
        if (key === previous) return;
        previous = key;
      }
    },
    stop: async () => {
      await index.stop();
      await letters.stop();
    },
  };
}

// Gate restore: a gate decides H upstream transactions with the shipped policies, then a new gate
// restores its partitions from sg.gate-state. What it reads is the live state: spend per workflow,
// the delivered ids of the duplicate window, the rate windows — not sg.decisions.
import { randomUUID } from 'node:crypto';
import { createAmlMonitor } from '../../agents/banking/aml-monitor.ts';
import { registrationOf } from '../../agents/runtime/index.ts';
import type { KafkaBus } from '../../bus/kafka/index.ts';
import type { TopicNames } from '../../bus/topics.ts';
import { startGate } from '../../orchestrator/gate/index.ts';
import { loadComposite } from '../../orchestrator/policy/composite.ts';
import { registrationRecord } from '../../registry/publish.ts';
import { testOperator } from '../../registry/testing.ts';
import type { Codec } from '../../schemas/codec.ts';
import { defaultPolicyPath } from '../../test/support/gate-harness.ts';
import { keyPairFor } from '../../test/support/keys.ts';
import { writeHistory } from './history.ts';
import { measureRestores } from './restored.ts';

const partitions = 3;

export interface GateRestore {
  readonly history: number;
  readonly decidedPerSecond: number;
  readonly restoreMs: number[];
  readonly stateRecords: number;
}

/**
 * Resolves once `count` decisions are on sg.decisions: an input's offsets commit when it is
 * forwarded through sg.gate-repartition, before its decision, so they do not say it is decided.
 */
async function decided(bus: KafkaBus, names: TopicNames, count: number): Promise<void> {
  let seen = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  const reader = bus.consume({
    groupId: `${names.decisions}.bench-${randomUUID().slice(0, 8)}`,
    topics: [names.decisions],
    commit: 'after-handle',
    handle: async (batch) => {
      seen += batch.records.length;
      if (seen >= count) done();
    },
  });
  await all;
  await reader.stop();
}

export async function gateRestore(
  bus: KafkaBus,
  codec: Codec,
  names: TopicNames,
  history: number,
): Promise<GateRestore> {
  const composite = loadComposite(defaultPolicyPath);
  const gate = (onRestored?: (partition: number, records: number) => void) =>
    startGate({ bus, codec, names, composite, operatorKeys: testOperator().keys, onRestored });
  // aml-monitor registered, so the gate delivers (and remembers the delivered ids and the spend).
  const monitor = createAmlMonitor();
  const registration = registrationOf(monitor, keyPairFor(monitor.name).publicKeyPem, Date.now());
  await bus.send([await registrationRecord(codec, names, registration, testOperator().signer)]);
  await writeHistory(bus, codec, names.ingress, history, 'gate-ingress');
  const began = performance.now();
  const first = await gate();
  await decided(bus, names, history);
  const decidedPerSecond = history / ((performance.now() - began) / 1000);
  await first.stop();

  const { restoreMs, stateRecords } = await measureRestores(partitions, gate);
  return { history, decidedPerSecond, restoreMs, stateRecords };
}

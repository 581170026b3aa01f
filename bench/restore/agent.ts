// Agent restore: aml-monitor with H transactions of inbox history. Restore reads the agent's
// state topic (live entries); the inbox replay it replaces read and folded the whole history.
import { createAmlMonitor } from '../../agents/banking/aml-monitor.ts';
import { ScriptedModel } from '../../agents/llm/scripted.ts';
import { ModelTiering } from '../../agents/llm/tiering.ts';
import { startAgent } from '../../agents/runtime/index.ts';
import type { KafkaBus } from '../../bus/kafka/index.ts';
import type { TopicNames } from '../../bus/topics.ts';
import { testOperator } from '../../registry/testing.ts';
import type { Codec } from '../../schemas/codec.ts';
import { openEnvelope } from '../../schemas/envelope.ts';
import { toIncoming } from '../../agents/runtime/envelopes.ts';
import { keyPairFor } from '../../test/support/keys.ts';
import { writeHistory } from './history.ts';
import { handledWatch, measureRestores } from './restored.ts';

const partitions = 3;

export interface AgentRestore {
  readonly history: number;
  readonly processedPerSecond: number;
  readonly restoreMs: number[];
  readonly stateRecords: number;
  readonly inboxReplayMs: number;
}

export async function agentRestore(
  bus: KafkaBus,
  codec: Codec,
  names: TopicNames,
  history: number,
): Promise<AgentRestore> {
  const agent = createAmlMonitor();
  const { signer, publicKeyPem } = keyPairFor(agent.name);
  const instance = (watch: { onRestored?: (p: number, r: number) => void; onHandled?: () => void }) =>
    startAgent({
      bus,
      codec,
      names,
      agent,
      identity: { keyId: agent.name, privateKey: signer.privateKey, publicKeyPem },
      llm: new ScriptedModel(ModelTiering.load().prices),
      operatorKeys: testOperator().keys,
      ...watch,
    });

  await writeHistory(bus, codec, names.inbox(agent.name), history, 'agent-inbox');
  const handled = handledWatch(history);
  const began = performance.now();
  const first = await instance({ onHandled: handled.onHandled });
  await handled.all;
  const processedPerSecond = history / ((performance.now() - began) / 1000);
  await first.stop();

  const { restoreMs, stateRecords } = await measureRestores(partitions, (onRestored) =>
    instance({ onRestored }),
  );

  // What a start cost before the state topic: read the whole inbox and fold it.
  const replayStarted = performance.now();
  let state = agent.initialState();
  await bus.replay(names.inbox(agent.name), { offset: '0' }, async (record) => {
    const event = toIncoming(await openEnvelope(codec, record.value));
    state = agent.evolve(state, event as never);
  });
  const inboxReplayMs = performance.now() - replayStarted;
  return { history, processedPerSecond, restoreMs, stateRecords, inboxReplayMs };
}

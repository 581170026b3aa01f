// The fallback drill: a DRILL command on sg.control makes this agent's next event fail with a
// DrillError, so its fallback answers and an incident.FallbackUsed is proposed and audited
// exactly as for a real failure. Each process follows sg.control in a group of its own and
// ignores commands issued before it started: a restart never replays an old drill. A drill
// takes effect only when an operator key signed it (registry/records.ts, the check every
// follower of sg.control shares); the gate dead-letters one that is not.
import { randomUUID } from 'node:crypto';
import { catchUp } from '../../bus/catch-up.ts';
import type { Bus, ConsumedRecord } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { OperatorKeys } from '../../registry/operator-keys.ts';
import { readChange } from '../../registry/records.ts';
import type { Codec } from '../../schemas/codec.ts';
import { drillWorkflowId } from '../../schemas/derived-id.ts';
import { SwarmgateError } from '../../schemas/errors.ts';
import type { ControlCommand } from '../../schemas/generated/types.ts';
import type { AnyAgent, IncomingEvent } from '../decider.ts';

export class DrillError extends SwarmgateError {
  readonly retriable = false;
  constructor(readonly command: ControlCommand) {
    super(`drill ${command.id}: failure forced by ${command.issuedBy} (${command.reason})`);
  }
}

const isDrillWorkflow = (correlationId: string): boolean => correlationId.startsWith('drill-');

export interface DrillBatch {
  /** The agent itself, or, while a drill is armed, a copy whose decide fails with the drill. */
  actingFor(agent: AnyAgent, event: IncomingEvent): Promise<AnyAgent>;
  /** The batch is committed: the drills it used have fired and are disarmed. */
  commit(): void;
}

export interface DrillFollower {
  /** Drills used by a batch stay armed until it commits, so an aborted batch cannot swallow one. */
  batch(): DrillBatch;
  stop(): Promise<void>;
}

function failing(agent: AnyAgent, command: ControlCommand): AnyAgent {
  return { ...agent, decide: () => Promise.reject(new DrillError(command)) };
}

export async function followDrills(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  operatorKeys: OperatorKeys,
  agentName: string,
): Promise<DrillFollower> {
  const topic = names.control;
  const startedAt = new Map((await bus.endOffsets(topic)).map((end) => [end.partition, BigInt(end.offset)]));
  const read = await catchUp(bus, [topic]);
  const armed: ControlCommand[] = [];
  /** Every drill ever armed here: a record redelivered after a rebalance does not arm it twice. */
  const known = new Set<string>();

  const apply = async (record: ConsumedRecord) => {
    if (BigInt(record.offset) < (startedAt.get(record.partition) ?? 0n)) return;
    const change = await readChange(codec, operatorKeys, names, record);
    if (change.kind !== 'commanded') return;
    const { command } = change;
    const mine = command.target === agentName || command.target === '*';
    if (command.kind !== 'DRILL' || !mine || known.has(command.id)) return;
    known.add(command.id);
    armed.push(command);
  };

  const subscription = bus.consume({
    groupId: `${topic}.drill.${agentName}.${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    commit: 'after-handle',
    handle: async (batch) => {
      for (const record of batch.records) await apply(record);
      read.advance(batch);
    },
  });
  await subscription.ready;

  return {
    batch() {
      const used = new Set<string>();
      return {
        async actingFor(agent, event) {
          // The drill's own event was written after its command: wait until the command is read.
          if (isDrillWorkflow(event.correlationId)) await read.now();
          const open = armed.filter((command) => !used.has(command.id));
          const command = open.find((c) => drillWorkflowId(c.id) === event.correlationId) ?? open[0];
          if (!command) return agent;
          used.add(command.id);
          return failing(agent, command);
        },
        commit() {
          const fired = armed.filter((command) => used.has(command.id));
          for (const command of fired) armed.splice(armed.indexOf(command), 1);
        },
      };
    },
    stop: () => subscription.stop(),
  };
}

// Reads the run's sg.decisions as they come: which workflows ended, how often each agent output
// was decided and delivered, and every decision in the fields the invariants check.
import type { Bus } from '../../bus/port.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { Decision } from '../../schemas/generated/types.ts';
import { collect } from '../support/collect.ts';
import { uniqueName } from '../support/names.ts';
import { agentNames } from './components.ts';
import type { Decided } from './invariants.ts';
import { isTerminal } from './workflows.ts';

interface OutputSeen {
  decided: number;
  delivered: number;
  /** A deadline is proposed at least once by design, so a restart may propose one again. */
  readonly deadline: boolean;
  readonly type: string;
  /** Each decision of it: outcome and where the gate read the proposal. */
  readonly decisions: string[];
}

export class DecisionObserver {
  readonly ended = new Set<string>();
  readonly decided: Decided[] = [];
  private readonly outputs = new Map<string, OutputSeen>();
  private readonly reader;
  private decoded = 0;

  constructor(
    bus: Bus,
    private readonly codec: Codec,
    topic: string,
  ) {
    this.reader = collect(bus, uniqueName('chaos-reader'), [topic]);
  }

  /** How many of `workflows` ended. */
  endedOf(workflows: ReadonlySet<string>): number {
    return [...workflows].filter((workflow) => this.ended.has(workflow)).length;
  }

  /** Decodes what arrived since the last call. */
  async absorb(): Promise<void> {
    const records = this.reader.records.slice(this.decoded);
    this.decoded += records.length;
    for (const record of records) this.take(await this.codec.decodeAs('swarmgate.v1.Decision', record.value));
  }

  /** Resolves when a decision not absorbed yet arrives, or after `ms`. */
  async more(ms: number): Promise<boolean> {
    const arrived = this.reader.until((records) => records.length > this.decoded);
    await Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, ms))]);
    return this.reader.records.length > this.decoded;
  }

  /** Agent outputs delivered twice, or (deadlines aside) decided twice; deadlines re-proposed. */
  outputCounts(): {
    duplicated: number;
    deadlineRetries: number;
    duplicatedTypes: Record<string, number>;
    duplicatedSamples: string[];
  } {
    const outputs = [...this.outputs.values()];
    const duplicates = outputs.filter((o) => o.delivered > 1 || (!o.deadline && o.decided > 1));
    const duplicatedTypes: Record<string, number> = {};
    for (const { type } of duplicates) duplicatedTypes[type] = (duplicatedTypes[type] ?? 0) + 1;
    return {
      duplicated: duplicates.length,
      duplicatedTypes,
      // Same proposal offset twice: the gate decided one record again; two offsets: the agent proposed again.
      duplicatedSamples: duplicates
        .slice(0, 5)
        .map(({ type, decisions }) => `${type} ${decisions.join(' ')}`),
      deadlineRetries: outputs.filter((o) => o.deadline && o.decided > 1).length,
    };
  }

  stop(): Promise<void> {
    return this.reader.stop();
  }

  private take(decision: Decision): void {
    const { correlationId, eventId, eventType, outcome, costMicros, rateKeys, origin, decidedAt } = decision;
    this.decided.push({
      correlationId,
      eventId,
      eventType,
      outcome,
      costMicros,
      rateKeys,
      origin,
      decidedAt,
    });
    if (isTerminal(decision)) this.ended.add(correlationId);
    if (!agentNames.includes(decision.sender as never)) return;
    const seen = this.outputs.get(eventId) ?? {
      decided: 0,
      delivered: 0,
      deadline: eventType === 'workflow.DeadlineReached',
      type: eventType,
      decisions: [],
    };
    seen.decided += 1;
    seen.decisions.push(`${outcome}@${origin.topic}/${origin.partition}:${origin.offset}`);
    if (outcome === 'DELIVERED') seen.delivered += 1;
    this.outputs.set(eventId, seen);
  }
}

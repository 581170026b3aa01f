// The runtime's own view of each workflow's spending, so an agent does not pay for work (an LLM
// call) that the gate's budget would refuse anyway. The gate's budget stays authoritative. It is
// kept in the partition's state store: the spend seen on this partition of the inbox.
import type { StoreBatch } from '../../bus/state-store.ts';

/** Spend entries carry the time of their last change, so stale ones can be forgotten. */
export const spendPrefix = 'l\u0000';

export class SpendLedger {
  constructor(
    readonly budgetMicros: number,
    private readonly batch: StoreBatch,
  ) {}

  add(correlationId: string, micros: number, at: number): void {
    if (micros <= 0) return;
    const spent = this.spentOn(correlationId) + micros;
    this.batch.put(spendPrefix + correlationId, { micros: spent, at });
  }

  leftFor(correlationId: string): number {
    return this.budgetMicros - this.spentOn(correlationId);
  }

  private spentOn(correlationId: string): number {
    return (this.batch.get(spendPrefix + correlationId)?.micros as number | undefined) ?? 0;
  }
}

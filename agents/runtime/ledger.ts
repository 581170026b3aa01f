// The runtime's own view of each workflow's spending, so an agent does not pay for work (an LLM
// call) that the gate's budget would refuse anyway. The gate's budget stays authoritative.
export class SpendLedger {
  private readonly spent = new Map<string, number>();

  constructor(readonly budgetMicros: number) {}

  add(correlationId: string, micros: number): void {
    if (micros > 0) this.spent.set(correlationId, (this.spent.get(correlationId) ?? 0) + micros);
  }

  leftFor(correlationId: string): number {
    return this.budgetMicros - (this.spent.get(correlationId) ?? 0);
  }
}

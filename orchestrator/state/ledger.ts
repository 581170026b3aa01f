// What the gate remembers between records: cost spent per workflow and recent records per rate
// key. Never the only copy: every entry comes from a decision on sg.decisions, which the gate
// replays on start (see rebuild.ts).

/** The part of a decision the ledger keeps. */
export interface LedgerEntry {
  readonly correlationId: string;
  readonly delivered: boolean;
  readonly costMicros: number;
  readonly rateKeys: readonly string[];
  readonly decidedAt: number;
}

/** Rate windows older than this are forgotten; longer windows are configuration errors. */
export const maxRateWindowMs = 60 * 60 * 1000;

export interface LedgerView {
  spentMicros(correlationId: string): number;
  rateCount(key: string, windowMs: number, now: number): number;
}

export class Ledger implements LedgerView {
  private readonly spent = new Map<string, number>();
  private readonly hits = new Map<string, number[]>();

  record(entry: LedgerEntry): void {
    if (entry.delivered && entry.costMicros > 0) {
      this.spent.set(entry.correlationId, this.spentMicros(entry.correlationId) + entry.costMicros);
    }
    for (const key of entry.rateKeys) {
      const times = this.hits.get(key) ?? [];
      times.push(entry.decidedAt);
      this.hits.set(key, times);
    }
  }

  spentMicros(correlationId: string): number {
    return this.spent.get(correlationId) ?? 0;
  }

  rateCount(key: string, windowMs: number, now: number): number {
    const times = this.hits.get(key);
    if (!times) return 0;
    const from = now - windowMs;
    let count = 0;
    for (let i = times.length - 1; i >= 0 && times[i]! > from; i -= 1) count += 1;
    return count;
  }

  /** Drops rate entries no window can see any more; keeps memory bounded under floods. */
  prune(now: number): void {
    for (const [key, times] of this.hits) {
      const keep = times.filter((time) => time > now - maxRateWindowMs);
      if (keep.length === 0) this.hits.delete(key);
      else this.hits.set(key, keep);
    }
  }
}

/**
 * A batch's view: the ledger plus the batch's own decisions so far. Entries reach the ledger only
 * after the batch's transaction commits, so an aborted batch leaves no trace.
 */
export class PendingLedger implements LedgerView {
  private readonly entries: LedgerEntry[] = [];
  private readonly overlay = new Ledger();

  constructor(private readonly base: Ledger) {}

  record(entry: LedgerEntry): void {
    this.entries.push(entry);
    this.overlay.record(entry);
  }

  spentMicros(correlationId: string): number {
    return this.base.spentMicros(correlationId) + this.overlay.spentMicros(correlationId);
  }

  rateCount(key: string, windowMs: number, now: number): number {
    return this.base.rateCount(key, windowMs, now) + this.overlay.rateCount(key, windowMs, now);
  }

  commit(): void {
    for (const entry of this.entries) this.base.record(entry);
  }
}

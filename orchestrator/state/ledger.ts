// What the gate remembers between records: cost spent per workflow, recent records per rate
// key and recently delivered event ids. Never the only copy: every entry comes from a decision
// on sg.decisions, which the gate replays on start (see rebuild.ts).
import { viewHorizonMs } from '../policy/types.ts';

/** The part of a decision the ledger keeps. */
export interface LedgerEntry {
  readonly eventId: string;
  readonly correlationId: string;
  readonly delivered: boolean;
  readonly costMicros: number;
  readonly rateKeys: readonly string[];
  readonly decidedAt: number;
}

export interface LedgerView {
  spentMicros(correlationId: string): number;
  rateCount(key: string, windowMs: number, now: number): number;
  deliveredAt(eventId: string): number | undefined;
}

export class Ledger implements LedgerView {
  private readonly spent = new Map<string, number>();
  private readonly hits = new Map<string, number[]>();
  private readonly deliveries = new Map<string, number>();
  private prunedAt = 0;

  record(entry: LedgerEntry): void {
    if (entry.delivered) this.deliveries.set(entry.eventId, entry.decidedAt);
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

  deliveredAt(eventId: string): number | undefined {
    return this.deliveries.get(eventId);
  }

  /** Prunes at most once a minute: the scan costs as much as the ledger is big. */
  pruneOccasionally(now: number): void {
    if (now - this.prunedAt >= 60_000) this.prune(now);
  }

  /** Drops entries no window can see any more; keeps memory bounded under floods. */
  prune(now: number): void {
    this.prunedAt = now;
    for (const [eventId, at] of this.deliveries)
      if (at <= now - viewHorizonMs) this.deliveries.delete(eventId);
    for (const [key, times] of this.hits) {
      const keep = times.filter((time) => time > now - viewHorizonMs);
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

  deliveredAt(eventId: string): number | undefined {
    return this.overlay.deliveredAt(eventId) ?? this.base.deliveredAt(eventId);
  }

  commit(): void {
    for (const entry of this.entries) this.base.record(entry);
  }
}

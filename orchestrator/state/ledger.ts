// What the gate remembers for one partition number, as changelog keys: the cost spent per
// workflow (`spent/<workflow>`), the tenant each workflow belongs to (`tenant/<workflow>`), the event ids each batch delivered, kept for the duplicate
// window (`group/delivered/<time>/<first id>`, one record per batch, so a restore reads one
// record per batch, not one per id), and the rate windows of the rate keys this partition owns
// (`rate/<key>`). A workflow's keys live in its own partition; a rate key's in the partition
// the rate key hashes to (see orchestrator/gate/stages.ts), so each has exactly one writer.
import { viewHorizonMs, type Provenance, type WorkflowProvenance } from '../policy/types.ts';
import {
  countedAt,
  emptyWindow,
  hitsWithin,
  windowExpiresAt,
  withHit,
  withoutHit,
  type RateWindow,
} from './rate-window.ts';
import { groupPrefix, type StateStore, type StoreBatch } from '../../bus/state-store.ts';

/** A workflow's spend is kept this long after its last spend; a workflow idle longer starts afresh. */
export const workflowStateMs = 30 * 24 * 60 * 60 * 1000;
/** A workflow's tenant is re-stamped at most this often: an active workflow keeps it, without a write per record. */
const tenantRefreshMs = 24 * 60 * 60 * 1000;

/** The part of a decision the ledger keeps. */
export interface LedgerEntry {
  readonly eventId: string;
  readonly correlationId: string;
  readonly delivered: boolean;
  readonly denied: boolean;
  readonly costMicros: number;
  readonly decidedAt: number;
  /** The actor's tenant of a record that was not denied: it claims a workflow that has none. Else null. */
  readonly tenant: string | null;
  /** The record's provenance label, kept when it is delivered; null when provenance is not tracked. */
  readonly provenance: Provenance | null;
}

interface Spent {
  readonly micros: number;
  readonly at: number;
}
interface Owner {
  readonly tenant: string;
  readonly at: number;
}
interface StoredProvenance extends WorkflowProvenance {
  readonly at: number;
}
interface Delivered {
  readonly at: number;
}
interface StoredWindow extends RateWindow {
  readonly windowMs: number;
}

const spentKey = (correlationId: string) => `spent/${correlationId}`;
const tenantKey = (correlationId: string) => `tenant/${correlationId}`;
const provenanceKey = (correlationId: string) => `provenance/${correlationId}`;
/** One id per key, as gates wrote it before ids were grouped: read for the rest of its window. */
const deliveredKey = (eventId: string) => `delivered/${eventId}`;
const deliveredGroupKey = (at: number, firstId: string) => `${groupPrefix}delivered/${at}/${firstId}`;
const rateKey = (key: string) => `rate/${key}`;

/** When a stored entry stops mattering to any policy. */
function expiresAt(key: string, value: Readonly<Record<string, unknown>>): number {
  if (key.startsWith('spent/') || key.startsWith('tenant/') || key.startsWith('provenance/'))
    return (value as unknown as Spent | Owner | StoredProvenance).at + workflowStateMs;
  if (key.startsWith('delivered/') || key.startsWith(`${groupPrefix}delivered/`))
    return (value as unknown as Delivered).at + viewHorizonMs;
  const window = value as unknown as StoredWindow;
  return windowExpiresAt(window, window.windowMs);
}

/** A batch's view of one partition's state, and the changes it makes. */
export class PartitionLedger {
  /** The group this batch's delivered ids join, and its time. */
  private delivered: { readonly key: string; readonly at: number } | undefined;

  constructor(
    private readonly store: StateStore,
    readonly batch: StoreBatch = store.begin(),
  ) {}

  spentMicros(correlationId: string): number {
    return (this.batch.get(spentKey(correlationId)) as Spent | undefined)?.micros ?? 0;
  }

  /** The tenant of the workflow's first record that was not denied; undefined while it has none. */
  tenantOf(correlationId: string): string | undefined {
    return (this.batch.get(tenantKey(correlationId)) as Owner | undefined)?.tenant;
  }

  provenanceOf(correlationId: string): WorkflowProvenance | undefined {
    return this.batch.get(provenanceKey(correlationId)) as StoredProvenance | undefined;
  }

  deliveredAt(eventId: string): number | undefined {
    const entry = (this.batch.group(eventId) ?? this.batch.get(deliveredKey(eventId))) as
      Delivered | undefined;
    return entry?.at;
  }

  record(entry: LedgerEntry): void {
    this.claim(entry);
    if (!entry.delivered) return;
    this.label(entry);
    this.delivered ??= { key: deliveredGroupKey(entry.decidedAt, entry.eventId), at: entry.decidedAt };
    this.batch.join(this.delivered.key, entry.eventId, { at: this.delivered.at });
    if (entry.costMicros > 0) {
      const micros = this.spentMicros(entry.correlationId) + entry.costMicros;
      this.batch.put(spentKey(entry.correlationId), { micros, at: entry.decidedAt });
    }
  }

  /** The first tenant stays the workflow's; its own records keep the claim from expiring. */
  private claim({ correlationId, tenant, decidedAt }: LedgerEntry): void {
    if (tenant === null) return;
    const owner = this.batch.get(tenantKey(correlationId)) as Owner | undefined;
    if (owner && (owner.tenant !== tenant || decidedAt - owner.at < tenantRefreshMs)) return;
    this.batch.put(tenantKey(correlationId), { tenant, at: decidedAt });
  }

  /** Only a delivered record can be a later record's cause, so only delivered records are labelled. */
  private label({ correlationId, eventId, provenance, decidedAt }: LedgerEntry): void {
    if (provenance === null) return;
    const stored = this.provenanceOf(correlationId);
    const labels = { ...stored?.labels, [eventId]: provenance };
    const modelRead = (stored?.modelRead ?? false) || provenance === 'model';
    this.batch.put(provenanceKey(correlationId), { labels, modelRead, at: decidedAt });
  }

  /**
   * Counts one record, arrived at `arrivedAt`, against a rate key; returns how many were counted
   * before it within its window. `now` is the gate's clock. `weight` is its amount for a sum; a
   * sum with a `cap` is charged only when the amount fits under it (one that does not is denied,
   * and a denied amount moved nothing).
   */
  countRate(
    key: string,
    windowMs: number,
    arrivedAt: number,
    now: number,
    { weight = 1, cap }: { weight?: number; cap?: number } = {},
  ): number {
    const window = this.windowOf(key, windowMs);
    const at = countedAt(arrivedAt, windowMs, now);
    const before = hitsWithin(window, windowMs, at);
    if (cap === undefined || before + weight <= cap)
      this.batch.put(rateKey(key), { windowMs, ...withHit(window, windowMs, at, now, weight) });
    return before;
  }

  /** Takes back a charge `countRate` made for a record that was then denied. */
  refundRate(key: string, windowMs: number, arrivedAt: number, now: number, weight: number): void {
    const stored = this.batch.get(rateKey(key)) as StoredWindow | undefined;
    if (stored?.windowMs !== windowMs) return;
    const at = countedAt(arrivedAt, windowMs, now);
    this.batch.put(rateKey(key), { windowMs, ...withoutHit(stored, at, weight) });
  }

  private windowOf(key: string, windowMs: number): RateWindow {
    const stored = this.batch.get(rateKey(key)) as StoredWindow | undefined;
    return stored?.windowMs === windowMs ? stored : emptyWindow(windowMs);
  }

  /** Tombstones, now and then, every entry no policy can see any more. */
  expireOccasionally(now: number): void {
    this.batch.expireOccasionally(now, expiresAt);
  }
}

// Appends decisions to the audit chain inside the caller's transaction. The caller holds the
// schema's audit lock (lockSchema) so two projector instances never fork the chain.
import type { Queryable } from '../store/db.ts';
import { asNumber, asText, isoOf } from '../store/values.ts';
import type { DecisionEntry } from '../types.ts';
import { canonicalDecision } from './canonical-decision.ts';
import { GENESIS_HASH, linkHash } from './chain.ts';
import type { ChainHead } from './checkpoint.ts';

export const EMPTY_CHAIN: ChainHead = { seq: 0, hash: GENESIS_HASH };

export async function readChainHead(tx: Queryable): Promise<ChainHead> {
  const { rows } = await tx.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const head = rows[0];
  return head ? { seq: asNumber(head.seq), hash: asText(head.hash) } : EMPTY_CHAIN;
}

/** What one audit row says, before it is linked into the chain. */
export interface AuditEntry {
  readonly decisionId: string;
  readonly correlationId: string;
  readonly coordinates: DecisionEntry['coordinates'];
  /** ISO 8601 UTC. */
  readonly decidedAt: string;
  readonly canonical: string;
}

export async function appendEntry(tx: Queryable, head: ChainHead, entry: AuditEntry): Promise<ChainHead> {
  const { coordinates, canonical } = entry;
  const seq = head.seq + 1;
  const hash = linkHash(head.hash, { seq, coordinates, canonical });
  await tx.query(
    `INSERT INTO audit_log (seq, decision_id, correlation_id, topic, partition, kafka_offset, decided_at,
       canonical, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      seq,
      entry.decisionId,
      entry.correlationId,
      coordinates.topic,
      coordinates.partition,
      coordinates.offset,
      entry.decidedAt,
      canonical,
      head.hash,
      hash,
    ],
  );
  return { seq, hash };
}

export function appendToAudit(tx: Queryable, head: ChainHead, entry: DecisionEntry): Promise<ChainHead> {
  const { decision, coordinates } = entry;
  return appendEntry(tx, head, {
    decisionId: decision.decisionId,
    correlationId: decision.correlationId,
    coordinates,
    decidedAt: isoOf(decision.decidedAt),
    canonical: canonicalDecision(decision),
  });
}

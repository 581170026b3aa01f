// The other direction of the cross-check with Kafka: every decision committed on sg.decisions
// below the position the projector stored must have its row in the audit log. A decision the
// projector passed over leaves no row that could fail a chain check; only the topic shows it.
import type { Bus } from '../../bus/port.ts';
import type { Codec } from '../../schemas/codec.ts';
import { partitionKey, readNextOffsets } from '../offsets.ts';
import type { Db } from '../store/db.ts';
import { inSchema } from '../store/schema-scope.ts';
import type { AuditFailure } from './row-checks.ts';

export interface CompletenessOptions {
  readonly db: Db;
  readonly schema: string;
  readonly bus: Bus;
  readonly codec: Codec;
  readonly topic: string;
  /** The projector group whose stored positions bound the check. */
  readonly group: string;
}

async function auditedCoordinates(options: CompletenessOptions) {
  return inSchema(options.db, options.schema, async (tx) => {
    const positions = await readNextOffsets(tx, options.group);
    const { rows } = await tx.query('SELECT partition, kafka_offset FROM audit_log WHERE topic = $1', [
      options.topic,
    ]);
    const audited = new Set(rows.map((row) => `${String(row.partition)}/${String(row.kafka_offset)}`));
    return { positions, audited };
  });
}

/** Decisions on the topic, below the stored positions, with no audit row; seq 0: they are in no chain. */
export async function findUnaudited(options: CompletenessOptions): Promise<AuditFailure[]> {
  const { topic, codec } = options;
  const { positions, audited } = await auditedCoordinates(options);
  const failures: AuditFailure[] = [];
  await options.bus.replay(topic, { offset: '0' }, async (record) => {
    const stored = positions.get(partitionKey(topic, record.partition)) ?? 0n;
    if (BigInt(record.offset) >= stored || audited.has(`${record.partition}/${record.offset}`)) return;
    // What never decodes is audited as unapplied now, but earlier versions only dead-lettered it.
    const decision = await codec.decodeAs('swarmgate.v1.Decision', record.value).catch(() => null);
    if (!decision) return;
    failures.push({
      seq: 0,
      decisionId: decision.decisionId,
      kind: 'decision-unaudited',
      reason: `decision ${decision.decisionId} committed at ${topic}/${record.partition}/${record.offset} has no audit row`,
    });
  });
  return failures;
}

// The full audit verification an investigator runs: the chain and its checkpoints in the
// database, every row against its Kafka record, every committed decision against its row, and
// the chain against the checkpoints published to Kafka.
import type { KeyObject } from 'node:crypto';
import type { Bus } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';
import { readCheckpoints } from './audit/checkpoints.ts';
import { findUnaudited } from './audit/completeness.ts';
import type { AuditFailure } from './audit/row-checks.ts';
import { verifyAudit, type AuditVerification } from './audit/verify.ts';
import { checkpointsTopic, readPublishedCheckpoints } from './checkpoint-topic.ts';
import { kafkaRecordSource } from './kafka-records.ts';
import { checkPublishedCheckpoints } from './published-checkpoints.ts';
import type { Db } from './store/db.ts';
import { inSchema } from './store/schema-scope.ts';

export interface TrailOptions {
  readonly db: Db;
  readonly schema: string;
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly publicKey: KeyObject;
  /** Skip the comparisons with Kafka records, both ways (the chain and checkpoints are still checked). */
  readonly skipRecords?: boolean;
  /** The projector group whose stored positions bound the search for unaudited decisions. */
  readonly group?: string;
  /** The signing interval the chain is held to (see VerifyOptions.checkpointEvery). */
  readonly checkpointEvery?: number;
}

export interface TrailVerification extends AuditVerification {
  /** Checkpoints found in the published checkpoints topic for this schema. */
  readonly published: number;
  /** Signed checkpoints stored in the database that the topic does not hold (yet). */
  readonly unpublished: number;
  readonly recordsChecked: boolean;
  /** Topics named by audit rows that could not be read at all, with the reason. */
  readonly unreadableTopics: Readonly<Record<string, string>>;
}

const bySeqThenKind = (a: AuditFailure, b: AuditFailure) => a.seq - b.seq || a.kind.localeCompare(b.kind);

export async function verifyAuditTrail(options: TrailOptions): Promise<TrailVerification> {
  const { db, schema, bus, codec } = options;
  const source = options.skipRecords ? undefined : kafkaRecordSource(bus);
  try {
    const chain = await verifyAudit(db, schema, {
      publicKey: options.publicKey,
      fetchRecord: source
        ? (topic, partition, offset) => source.fetchRecord(topic, partition, offset)
        : undefined,
      decodeDecision: (value) => codec.decodeAs('swarmgate.v1.Decision', value),
      checkpointEvery: options.checkpointEvery,
    });
    const published = await readPublishedCheckpoints(bus, checkpointsTopic(options.names), schema);
    const publishedSeqs = new Set(published.map((checkpoint) => checkpoint.seq));
    const stored = await inSchema(db, schema, (tx) => readCheckpoints(tx, 1));
    const unpublished = stored.filter((checkpoint) => !publishedSeqs.has(checkpoint.seq)).length;
    const seen = new Set(chain.failures.map((f) => `${f.seq}/${f.kind}`));
    const fromPublished = (await checkPublishedCheckpoints(db, schema, published, options.publicKey)).filter(
      (f) => !seen.has(`${f.seq}/${f.kind}`),
    );
    const unaudited = options.skipRecords
      ? []
      : await findUnaudited({
          db,
          schema,
          bus,
          codec,
          topic: options.names.decisions,
          group: options.group ?? 'projector',
        });
    const failures = [...[...chain.failures, ...fromPublished].sort(bySeqThenKind), ...unaudited];
    return {
      ...chain,
      ok: failures.length === 0,
      failures,
      firstFailure: failures[0],
      published: published.length,
      unpublished,
      recordsChecked: Boolean(source),
      unreadableTopics: Object.fromEntries(source?.unreadable ?? []),
    };
  } finally {
    await source?.close();
  }
}

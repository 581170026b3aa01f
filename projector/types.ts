import type { Decision } from '../schemas/generated/types.ts';
import type { PayloadFacts } from './projections/workflow-status.ts';

/** Where a decision record sits in sg.decisions. Offsets are decimal strings (64-bit). */
export interface KafkaCoordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** One decoded decision and the coordinates of the Kafka record it came from. */
export interface DecisionEntry {
  readonly decision: Decision;
  readonly coordinates: KafkaCoordinates;
  /** The record's value as read from Kafka, kept in the audit row if the database refuses the decision. */
  readonly raw?: Buffer | null;
  /** The Kafka record's timestamp, epoch ms. */
  readonly timestamp?: number;
  /** What the decision's payload says where a status rests on it (payload-facts.ts); none when unread. */
  readonly facts?: PayloadFacts;
}

/** The next offset to read for one partition, as a consumer group would commit it. */
export interface PartitionPosition {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

export interface GroupOffsets {
  readonly group: string;
  /**
   * Positions to store beyond those implied by the entries, e.g. after records that were
   * dead-lettered instead of applied. Stored positions never move backwards.
   */
  readonly positions?: readonly PartitionPosition[];
}

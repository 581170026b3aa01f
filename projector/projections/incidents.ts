// Incidents: every decision about an incident.* event (fallbacks, timeouts, crashes), kept
// with its coordinates so an investigator can go from the incident to the Kafka record.
import { isIncident } from '../../schemas/vocabulary.ts';
import { isoOf } from '../store/values.ts';
import type { AuditEntry } from '../audit/append.ts';
import { UNAPPLIED_EVENT_TYPE } from '../audit/unapplied.ts';
import { stateless, type Projection, type SqlStatement } from './projection.ts';

const init = `
CREATE TABLE incidents (
  decision_id    text PRIMARY KEY,
  correlation_id text NOT NULL,
  event_type     text NOT NULL,
  sender         text NOT NULL,
  outcome        text NOT NULL,
  decided_at     timestamptz NOT NULL,
  topic          text NOT NULL,
  partition      integer NOT NULL,
  kafka_offset   bigint NOT NULL,
  traceparent    text
);
CREATE INDEX incidents_by_workflow ON incidents (correlation_id, decided_at);
`;

const INSERT = `INSERT INTO incidents (decision_id, correlation_id, event_type, sender, outcome, decided_at,
    topic, partition, kafka_offset, traceparent)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (decision_id) DO NOTHING`;

/** The incident for a record the projector could not apply; its audit row holds the bytes and the error. */
export function unappliedIncident(entry: AuditEntry): SqlStatement {
  const { topic, partition, offset } = entry.coordinates;
  const params = [entry.decisionId, '', UNAPPLIED_EVENT_TYPE, 'projector', 'UNAPPLIED', entry.decidedAt];
  return { sql: INSERT, params: [...params, topic, partition, offset, null] };
}

export const incidentsProjection: Projection<undefined> = {
  name: 'incidents',
  init,
  canHandle: (decision) => isIncident(decision.eventType),
  load: stateless,
  evolve: (decision, at) => [
    {
      sql: INSERT,
      params: [
        decision.decisionId,
        decision.correlationId,
        decision.eventType,
        decision.sender,
        decision.outcome,
        isoOf(decision.decidedAt),
        at.topic,
        at.partition,
        at.offset,
        decision.traceparent ?? null,
      ],
    },
  ],
};

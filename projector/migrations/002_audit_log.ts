// The append-only, hash-chained audit log and its signed checkpoints. The trigger refuses
// UPDATE, DELETE and TRUNCATE even to the tables' owner; the application role also lacks the
// privileges (see app-role.ts). A superuser can still disable the trigger: verifyAudit is what
// catches that.
export const auditLog = `
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
CREATE TABLE audit_log (
  seq            bigint PRIMARY KEY CHECK (seq > 0),
  decision_id    text NOT NULL UNIQUE,
  correlation_id text NOT NULL,
  topic          text NOT NULL,
  partition      integer NOT NULL,
  kafka_offset   bigint NOT NULL,
  decided_at     timestamptz NOT NULL,
  canonical      text NOT NULL,
  prev_hash      text NOT NULL,
  hash           text NOT NULL,
  UNIQUE (topic, partition, kafka_offset)
);
CREATE INDEX audit_log_by_workflow ON audit_log (correlation_id, seq);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TABLE audit_checkpoints (
  seq       bigint PRIMARY KEY,
  hash      text NOT NULL,
  signed_at timestamptz NOT NULL,
  signature text NOT NULL,
  key_id    text NOT NULL
);
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
`;

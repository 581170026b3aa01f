export { appendToAudit, EMPTY_CHAIN, readChainHead } from './append.ts';
export { AUDIT_COLUMNS, auditRowFromRow, type AuditRow } from './audit-row.ts';
export { canonicalDecision, normalizeDecision, parseCanonicalDecision } from './canonical-decision.ts';
export { canonicalJson } from './canonical-json.ts';
export { checkChainProof, type ChainProof, type ProofCheck } from './case-file-proof.ts';
export { chainHash, entryDigest, GENESIS_HASH, linkHash, type ChainLink } from './chain.ts';
export {
  checkpointPayload,
  checkpointSignatureValid,
  keyIdOf,
  signCheckpoint,
  type ChainHead,
  type SignedCheckpoint,
} from './checkpoint.ts';
export { checkpointNow, readCheckpoints, type CheckpointSigning } from './checkpoints.ts';
export { FAILURE_KINDS, type AuditFailure, type FailureKind, type KafkaSource } from './row-checks.ts';
export { verifyAudit, type AuditVerification, type VerifyOptions } from './verify.ts';

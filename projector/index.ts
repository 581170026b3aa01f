// The projector's database side: projections, the audit chain, offsets and queries.
// Kafka consumption lives in consumer.ts and calls applyBatch.
export { applyBatch, type ApplyOptions, type BatchResult } from './apply-batch.ts';
export * from './audit/index.ts';
export { ProjectorError, WorkflowVersionConflict } from './errors.ts';
export { migrate, migrations, type Migration, type MigrationReport } from './migrations/index.ts';
export { loadOffsets } from './offsets.ts';
export { openProjectorDb, type ProjectorDb } from './open-projector-db.ts';
export * from './projections/index.ts';
export * from './queries.ts';
export * from './store/index.ts';
export type { DecisionEntry, GroupOffsets, KafkaCoordinates, PartitionPosition } from './types.ts';

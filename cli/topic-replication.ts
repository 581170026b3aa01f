// How many copies `swarmgate topics` asks for. A production cluster gets 3 replicas and
// min.insync.replicas 2 (an acknowledged decision survives the loss of a broker); the local
// single broker can hold only 1. Audit topics left at one replica on a cluster that could hold
// more lose their evidence with one disk: refused unless the operator says so explicitly.
import { ConfigError } from './config.ts';

export interface ReplicationRequest {
  readonly replicationFactor?: number;
  readonly minInsyncReplicas?: number;
  /** The operator accepts audit topics at one replica on a multi-broker cluster. */
  readonly allowSingleReplicaAudit?: boolean;
}

export interface Replication {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  /** Said on stderr when the operator chose less than the cluster can hold. */
  readonly warning?: string;
}

export function replicationFor(brokers: number, request: ReplicationRequest): Replication {
  const replicationFactor = request.replicationFactor ?? Math.min(3, brokers);
  const minInsyncReplicas = request.minInsyncReplicas ?? Math.max(1, Math.min(2, replicationFactor - 1));
  if (replicationFactor > brokers)
    throw new ConfigError(
      `--replication-factor ${replicationFactor} needs as many brokers; the cluster has ${brokers}`,
    );
  if (minInsyncReplicas > replicationFactor)
    throw new ConfigError(
      `--min-insync-replicas ${minInsyncReplicas} is more than --replication-factor ${replicationFactor}: no write could succeed`,
    );
  if (replicationFactor > 1 || brokers === 1) return { replicationFactor, minInsyncReplicas };
  const risk = `audit topics (decisions, checkpoints, registry, control) at replication factor 1 on a ${brokers}-broker cluster: one lost disk loses the evidence`;
  if (!request.allowSingleReplicaAudit)
    throw new ConfigError(`refusing to create ${risk}; pass --allow-single-replica-audit to accept it`);
  return { replicationFactor, minInsyncReplicas, warning: `warning: creating ${risk}` };
}

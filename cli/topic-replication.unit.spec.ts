import { describe, expect, it } from 'vitest';
import { replicationFor } from './topic-replication.ts';

describe('topic replication', () => {
  it('defaults to 3 replicas and min.insync 2 on a production cluster, 1 and 1 on a single broker', () => {
    expect(replicationFor(5, {})).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(replicationFor(3, {})).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(replicationFor(2, {})).toEqual({ replicationFactor: 2, minInsyncReplicas: 1 });
    expect(replicationFor(1, {})).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
  });

  it('refuses audit topics at one replica on a multi-broker cluster unless told, and then says so', () => {
    expect(() => replicationFor(3, { replicationFactor: 1 })).toThrow(
      /refusing to create audit topics \(decisions, checkpoints, registry, control\) at replication factor 1 on a 3-broker cluster.*--allow-single-replica-audit/,
    );
    const accepted = replicationFor(3, { replicationFactor: 1, allowSingleReplicaAudit: true });
    expect(accepted.replicationFactor).toBe(1);
    expect(accepted.warning).toMatch(/^warning: creating audit topics/);
  });

  it('refuses settings no write could satisfy', () => {
    expect(() => replicationFor(1, { replicationFactor: 3 })).toThrow(
      /needs as many brokers; the cluster has 1/,
    );
    expect(() => replicationFor(3, { minInsyncReplicas: 4 })).toThrow(/more than --replication-factor 3/);
  });
});

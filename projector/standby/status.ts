// What one projector instance says about itself on /healthz and /metrics: active or standby,
// since when, how many audit rows it appended, how often it took over.
import { Counter, Gauge, type Registry } from 'prom-client';
import { processRegistry } from '../../bus/process-metrics.ts';
import type { Role } from './roles.ts';

export interface InstanceStatus {
  readonly instance: string;
  readonly schema: string;
  readonly role: Role;
  /** ISO time of the last role change. */
  readonly since: string;
  /** Audit rows this process appended, over all its active terms. */
  readonly auditRows: number;
  readonly takeovers: number;
  /** The backend holding the active lock while active (pg_stat_activity, pg_terminate_backend). */
  readonly lockBackend?: number;
  /** Why the last try to take the lock failed, while it keeps failing. */
  readonly error?: string;
}

export interface InstanceTracker {
  readonly registry: Registry;
  status(): InstanceStatus;
  active(lockBackend: number): void;
  standby(): void;
  appended(rows: number): void;
  acquireFailed(error: unknown): void;
}

/** `registry`: the process's (what /metrics serves); the audit rows are counted on it by the consumer. */
export function instanceTracker(
  instance: string,
  schema: string,
  registry: Registry = processRegistry('projector'),
  clock = () => Date.now(),
): InstanceTracker {
  registry.setDefaultLabels({ instance, schema });
  const activeGauge = new Gauge({
    name: 'swarmgate_projector_active',
    help: '1 while this instance holds the active lock and applies decisions, 0 while it stands by',
    registers: [registry],
  });
  const takeovers = new Counter({
    name: 'swarmgate_projector_takeovers_total',
    help: 'Times this instance became the active projector',
    registers: [registry],
  });
  let state: InstanceStatus = {
    instance,
    schema,
    role: 'standby',
    since: new Date(clock()).toISOString(),
    auditRows: 0,
    takeovers: 0,
  };
  activeGauge.set(0);
  const change = (next: Partial<InstanceStatus>) => (state = { ...state, ...next });
  return {
    registry,
    status: () => state,
    active(lockBackend) {
      activeGauge.set(1);
      takeovers.inc();
      change({
        role: 'active',
        since: new Date(clock()).toISOString(),
        takeovers: state.takeovers + 1,
        lockBackend,
        error: undefined,
      });
    },
    standby() {
      activeGauge.set(0);
      if (state.role === 'standby') return;
      change({ role: 'standby', since: new Date(clock()).toISOString(), lockBackend: undefined });
    },
    appended(count) {
      change({ auditRows: state.auditRows + count });
    },
    acquireFailed(error) {
      change({ error: error instanceof Error ? error.message : String(error) });
    },
  };
}

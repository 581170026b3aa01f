// What a process's bus says about itself: degraded while any consumer or producer is recovering
// from a failure that may pass (a broker down, a leader moving), ok once each is back. /healthz
// and /metrics of every process read it; nothing here ever stops a process.

export interface Trouble {
  /** The consumer group or producer that is recovering. */
  readonly source: string;
  readonly since: number;
  readonly attempts: number;
  readonly error: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly degraded: readonly Trouble[];
  /** Times a consumer or producer came back after a failure, since the process started. */
  readonly recoveries: number;
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export class BusHealth {
  private readonly troubles = new Map<string, Trouble>();
  private recoveries = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** `source` failed and is backing off; counts attempts until it recovers. */
  degrade(source: string, error: unknown): void {
    const known = this.troubles.get(source);
    this.troubles.set(source, {
      source,
      since: known?.since ?? this.clock(),
      attempts: (known?.attempts ?? 0) + 1,
      error: describe(error),
    });
    this.changed();
  }

  /** `source` works again (a no-op when it never failed). */
  recover(source: string): void {
    if (!this.troubles.delete(source)) return;
    this.recoveries += 1;
    this.changed();
  }

  /** Resolves once the report satisfies `predicate` (checked now and after every change). */
  until(predicate: (report: HealthReport) => boolean): Promise<HealthReport> {
    return new Promise((resolve) => {
      const check = () => {
        const report = this.report();
        if (!predicate(report)) return;
        this.waiters.delete(check);
        resolve(report);
      };
      this.waiters.add(check);
      check();
    });
  }

  private changed(): void {
    for (const check of this.waiters) check();
  }

  report(): HealthReport {
    const degraded = [...this.troubles.values()];
    return { status: degraded.length > 0 ? 'degraded' : 'ok', degraded, recoveries: this.recoveries };
  }
}

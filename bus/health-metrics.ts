// The bus's health as Prometheus metrics, for every process that serves /metrics.
import { Gauge, type Registry } from 'prom-client';
import type { BusHealth } from './health.ts';

export function registerBusHealth(registry: Registry, health: BusHealth, prefix: string): void {
  new Gauge({
    name: `${prefix}kafka_degraded`,
    help: 'Consumers and producers of this process recovering from a Kafka failure (0 when all work)',
    registers: [registry],
    collect() {
      this.set(health.report().degraded.length);
    },
  });
  new Gauge({
    name: `${prefix}kafka_recoveries`,
    help: 'Times a consumer or producer of this process came back after a Kafka failure',
    registers: [registry],
    collect() {
      this.set(health.report().recoveries);
    },
  });
}

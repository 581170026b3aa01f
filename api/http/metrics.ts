// Prometheus metrics of one API instance: the process (CPU, memory, event loop, GC), every
// request by route and status, and what the API published to Kafka.
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { registerBusHealth } from '../../bus/health-metrics.ts';
import type { BusHealth } from '../../bus/health.ts';

export interface ApiMetrics {
  readonly registry: Registry;
  readonly published: Counter<'topic' | 'type'>;
}

export function apiMetrics(health?: BusHealth): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'swarmgate_api_' });
  if (health) registerBusHealth(registry, health, 'swarmgate_api_');
  const published = new Counter({
    name: 'swarmgate_api_published_total',
    help: 'Envelopes the API produced to Kafka, by topic and event type',
    labelNames: ['topic', 'type'],
    registers: [registry],
  });
  return { registry, published };
}

/** Counts and times every request under its route pattern, so ids do not explode the labels. */
export function instrument(app: FastifyInstance, metrics: ApiMetrics): void {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'swarmgate_api_requests_total',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames,
    registers: [metrics.registry],
  });
  const duration = new Histogram({
    name: 'swarmgate_api_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? '(unmatched)',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
}

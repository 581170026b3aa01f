// Prometheus metrics of one API instance: the process (CPU, memory, event loop, GC), every
// request by route and status, and what the API published to Kafka. On the process's registry
// when given one (`swarmgate up`: the gate's, agents' and projector's metrics are on it too).
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { BusHealth } from '../../bus/health.ts';
import { processRegistry } from '../../bus/process-metrics.ts';

export interface ApiMetrics {
  readonly registry: Registry;
  readonly published: Counter<'topic' | 'type'>;
}

/** `registry`: the process's, made with processRegistry('api', …); one of the API's own when absent. */
export function apiMetrics(health?: BusHealth, registry = processRegistry('api', health)): ApiMetrics {
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

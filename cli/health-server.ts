// /healthz and /metrics of a process that has no API (gate, agent, projector), on
// SWARMGATE_HEALTH_PORT. /healthz answers 200 while the process runs — `degraded`, naming what
// recovers, while Kafka is failing — since it resumes by itself: a liveness probe must not restart
// it. Neither route carries tenant data; both bind SWARMGATE_HTTP_HOST (127.0.0.1 by default).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { BusHealth } from '../bus/health.ts';

export interface HealthServer {
  readonly url: string;
  close(): Promise<void>;
}

/** `registry`: the process's (bus/process-metrics.ts), its components' metrics on it. */
export async function serveHealth(
  health: BusHealth,
  component: string,
  registry: Registry,
  listen: { readonly port: number; readonly host: string },
): Promise<HealthServer> {
  const { port, host } = listen;
  const server: Server = createServer((request, response) => {
    if (request.url === '/healthz') {
      const report = health.report();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ component, ...report }));
      return;
    }
    if (request.url === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// The projector process's own /healthz and /metrics, so a load balancer or Prometheus sees
// which instance is active. No token: they carry no tenant data, only this instance's role and
// counters; bind them where the scraper reaches them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InstanceTracker } from './status.ts';

export interface HealthServer {
  readonly url: string;
  close(): Promise<void>;
}

function healthOf(tracker: InstanceTracker): { code: number; body: unknown } {
  const status = tracker.status();
  // A standby that cannot reach the database could not take over: unavailable, not standing by.
  const reachable = status.role === 'active' || status.error === undefined;
  return { code: reachable ? 200 : 503, body: { status: reachable ? 'ok' : 'unavailable', ...status } };
}

export async function startHealthServer(
  tracker: InstanceTracker,
  listen: { readonly port: number; readonly host: string },
): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/healthz') {
      const { code, body } = healthOf(tracker);
      response.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (request.method === 'GET' && path === '/metrics') {
      tracker.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': tracker.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

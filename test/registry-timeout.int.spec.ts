// A registry request that is never answered (a response lost under load) times out and is retried,
// instead of hanging the process that made it — at start-up, its schemas' registration.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { Codec } from '../schemas/codec.ts';
import { services } from './support/services.ts';

/** Forwards to the real registry, except the first request of each method, which it holds unanswered. */
function swallowingTheFirstOfEachMethod(
  target: URL,
): Promise<{ server: Server; url: string; held: () => readonly string[] }> {
  const held = new Set<string>();
  const server = createServer((incoming, outgoing) => {
    const method = incoming.method ?? '';
    if (!held.has(method)) return void held.add(method);
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}${target.pathname}`, held: () => [...held].sort() });
    }),
  );
}

describe('the registry client', () => {
  let server: Server | undefined;
  afterAll(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it('retries a request the registry never answers', async () => {
    // Given a registry whose first answer to a read and to a registration is lost
    const proxy = await swallowingTheFirstOfEachMethod(new URL(services.registryUrl));
    server = proxy.server;

    // When a process registers its schemas through it
    const ids = await Codec.connect(proxy.url, 500).registerAll();

    // Then the registration completes, each lost request asked again
    expect(ids.size).toBeGreaterThan(0);
    expect(proxy.held()).toEqual(['GET', 'POST']);
  });
});

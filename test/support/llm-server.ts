// A local OpenAI-compatible endpoint on node:http that fails the way an overloaded model server
// does, counting the calls that reach it: a test sees whether a circuit breaker stops calling.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FailingLlmServer {
  /** Base URL for OpenAiCompatibleProvider (…/v1). */
  readonly baseUrl: string;
  /** Chat completion requests received so far. */
  readonly calls: () => number;
  close(): Promise<void>;
}

export async function startFailingLlmServer(status = 500): Promise<FailingLlmServer> {
  let calls = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/v1/chat/completions') calls += 1;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'model server overloaded', type: 'server_error' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    calls: () => calls,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

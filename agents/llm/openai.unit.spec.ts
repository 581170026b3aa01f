// The HTTP client against a real local server on 127.0.0.1 (no mocks of fetch).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../fallback.ts';
import { CircuitBreaker, CircuitOpenError } from './breaker.ts';
import { DeadlineExceededError, withDeadline } from './deadline.ts';
import { LlmError } from './errors.ts';
import { withBreaker } from './guarded.ts';
import { OpenAiCompatibleProvider } from './openai.ts';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const prices = { 'test-model': { promptPer1k: 1000, completionPer1k: 2000 } };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A server on an ephemeral port; it counts the requests it receives. */
async function serve(handler: Handler) {
  const stats = { requests: 0 };
  const server = createServer((request, response) => {
    stats.requests += 1;
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => handler(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, stats };
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

const request = {
  model: 'test-model',
  messages: [{ role: 'user' as const, content: 'hello' }],
  maxTokens: 50,
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('OpenAiCompatibleProvider', () => {
  it('given a completion, then it returns the text, the usage and its cost from the price table', async () => {
    const seen: { url?: string; auth?: string; body?: unknown } = {};
    const { baseUrl } = await serve((req, body, res) => {
      Object.assign(seen, {
        url: req.url,
        auth: req.headers.authorization,
        body: JSON.parse(body) as unknown,
      });
      json(res, 200, {
        model: 'test-model-2025',
        choices: [{ message: { content: 'answer' } }],
        usage: { prompt_tokens: 1000, completion_tokens: 500 },
      });
    });
    const provider = new OpenAiCompatibleProvider({ baseUrl, apiKey: 'secret', prices });

    const completion = await provider.complete(request);

    expect(completion).toEqual({
      text: 'answer',
      promptTokens: 1000,
      completionTokens: 500,
      costMicros: 2000,
      model: 'test-model-2025',
    });
    expect(seen).toEqual({
      url: '/v1/chat/completions',
      auth: 'Bearer secret',
      body: {
        model: 'test-model',
        messages: request.messages,
        max_tokens: 50,
        temperature: 0,
        stream: false,
      },
    });
  });

  it('given a client error, then the error is not retriable', async () => {
    const { baseUrl } = await serve((_req, _body, res) => json(res, 400, { error: 'bad model' }));
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl, prices }).complete(request));
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 400, retriable: false });
  });

  it('given a body that is not a completion, then it is a BAD_RESPONSE', async () => {
    const { baseUrl } = await serve((_req, _body, res) => json(res, 200, { choices: [] }));
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl, prices }).complete(request));
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', retriable: false });
  });

  it('given an unpriced model, then it refuses before calling the server', async () => {
    const { baseUrl, stats } = await serve((_req, _body, res) => json(res, 500, {}));
    const error = await failure(
      new OpenAiCompatibleProvider({ baseUrl, prices }).complete({ ...request, model: 'free-lunch' }),
    );
    expect(error).toMatchObject({ code: 'UNPRICED_MODEL' });
    expect(stats.requests).toBe(0);
  });

  it('given a server that keeps answering 500, then the breaker opens and later calls never reach it', async () => {
    const { baseUrl, stats } = await serve((_req, _body, res) => json(res, 500, { error: 'overloaded' }));
    const breaker = new CircuitBreaker('llm', { failureThreshold: 3, coolDownMs: 60_000 });
    const provider = withBreaker(new OpenAiCompatibleProvider({ baseUrl, prices }), breaker);

    for (let i = 0; i < 3; i += 1) {
      expect(await failure(provider.complete(request))).toMatchObject({
        code: 'HTTP_STATUS',
        status: 500,
        retriable: true,
      });
    }
    const refused = await failure(provider.complete(request));

    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(breaker.state).toBe('open');
    expect(stats.requests).toBe(3);
  });

  it('given a server slower than the deadline, then the caller is released with a retriable deadline error', async () => {
    const { baseUrl } = await serve(() => undefined); // never answers
    const provider = new OpenAiCompatibleProvider({ baseUrl, prices });

    const error = await failure(withDeadline(50, (signal) => provider.complete({ ...request, signal })));

    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(classifyFailure(error).kind).toBe('timeout');
  });

  it('given a server slower than the provider timeout, then it is a retriable TIMEOUT', async () => {
    const { baseUrl } = await serve(() => undefined);
    const error = await failure(
      new OpenAiCompatibleProvider({ baseUrl, prices, timeoutMs: 50 }).complete(request),
    );
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ code: 'TIMEOUT', retriable: true });
  });

  it('given a caller that cancels, then the call fails as ABORTED, not retriable', async () => {
    const { baseUrl } = await serve(() => undefined);
    const controller = new AbortController();
    const call = new OpenAiCompatibleProvider({ baseUrl, prices }).complete({
      ...request,
      signal: controller.signal,
    });
    controller.abort();
    expect(await failure(call)).toMatchObject({ code: 'ABORTED', retriable: false });
  });

  it('given nothing listening, then it is a retriable NETWORK error', async () => {
    const { baseUrl } = await serve(() => undefined);
    await closers.splice(0)[0]?.();
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl, prices }).complete(request));
    expect(error).toMatchObject({ code: 'NETWORK', retriable: true });
  });
});

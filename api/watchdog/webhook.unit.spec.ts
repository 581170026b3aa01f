import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { alertmanagerPayload } from './alerts.ts';
import { alertWebhook } from './webhook.ts';

/** A receiver answering each POST with the next status of `statuses` (200 once they run out). */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString()));
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, bodies, server };
}

const payload = alertmanagerPayload('r', [], '');
const fast = { initialMs: 1, maxMs: 2 };

describe('the alert webhook', () => {
  const servers: Server[] = [];
  afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

  it('returns at once, and retries a 503 until the receiver takes the notification', async () => {
    const { url, bodies, server } = await receiver([503, 503]);
    servers.push(server);
    const events: Record<string, unknown>[] = [];
    const webhook = alertWebhook({ url, backoff: fast, log: (e) => events.push(e) });
    webhook.send(payload);
    expect(bodies).toEqual([]);
    await webhook.idle();
    expect(bodies).toEqual([payload, payload, payload]);
    expect(events.map((e) => e.event)).toEqual(['alert.retrying', 'alert.retrying']);
    await webhook.stop();
  });

  it('gives up on a 400 without retrying, and delivers the next notification', async () => {
    const { url, bodies, server } = await receiver([400]);
    servers.push(server);
    const events: Record<string, unknown>[] = [];
    const webhook = alertWebhook({ url, backoff: fast, log: (e) => events.push(e) });
    webhook.send(payload);
    webhook.send({ ...payload, receiver: 'second' });
    await webhook.idle();
    expect(bodies).toHaveLength(2);
    expect(events).toEqual([
      expect.objectContaining({ event: 'alert.dropped', error: 'webhook answered 400' }),
    ]);
    await webhook.stop();
  });

  it('gives up after its attempts when nothing listens', async () => {
    const events: Record<string, unknown>[] = [];
    const webhook = alertWebhook({
      url: 'http://127.0.0.1:1/',
      attempts: 2,
      backoff: fast,
      log: (e) => events.push(e),
    });
    webhook.send(payload);
    await webhook.idle();
    expect(events.map((e) => e.event)).toEqual(['alert.retrying', 'alert.dropped']);
    await webhook.stop();
  });
});

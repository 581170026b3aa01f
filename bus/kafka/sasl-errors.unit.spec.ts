// kafkajs' SCRAM authenticator (as patched: patches/kafkajs+2.2.4.patch) keeps the failure it
// wraps as the cause, so a connection that closed mid-handshake (a broker dying) is retried
// like any other, while a refused login still stops the process.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isRetriable } from '../../schemas/errors.ts';

const require = createRequire(import.meta.url);
type Authenticator = { authenticate(): Promise<void> };
type Provider = (sasl: object) => (args: object) => Authenticator;
const scram512 = require('kafkajs/src/broker/saslAuthenticator/scram512.js') as Provider;
const errors = require('kafkajs/src/errors.js') as Record<string, new (...args: unknown[]) => Error>;

const logger = { debug: () => undefined, error: () => undefined };

/** What the SCRAM handshake fails with when each exchange fails with `failure`. */
async function scramFailure(failure: Error): Promise<unknown> {
  const authenticator = scram512({ mechanism: 'scram-sha-512', username: 'u', password: 'p' })({
    host: '127.0.0.1',
    port: 9092,
    logger,
    saslAuthenticate: () => Promise.reject(failure),
  });
  return authenticator.authenticate().then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('a SCRAM handshake that fails', () => {
  it('is retried when its connection closed under it', async () => {
    const closed = new errors.KafkaJSConnectionClosedError!('Closed connection', { host: 'h', port: 1 });
    const error = await scramFailure(closed);
    expect(error).toMatchObject({ name: 'KafkaJSSASLAuthenticationError', retriable: false });
    expect(isRetriable(error)).toBe(true);
  });

  it('is not retried when the broker refused the login', async () => {
    const refused = new errors.KafkaJSProtocolError!({
      message: 'Authentication failed during authentication due to invalid credentials',
      type: 'SASL_AUTHENTICATION_FAILED',
      code: 58,
      retriable: false,
    });
    expect(isRetriable(await scramFailure(refused))).toBe(false);
  });
});

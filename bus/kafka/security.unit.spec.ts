import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../cli/config.ts';
import { kafkaSecurityFromEnv } from './security.ts';

const pem = (name: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'sg-tls-')), name);
  writeFileSync(file, `-----BEGIN ${name}-----\n`);
  return file;
};

describe('Kafka credentials from the environment', () => {
  it('gives no login when nothing is configured', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
  });

  it('reads a SCRAM login', () => {
    const env = {
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'gate',
      KAFKA_SASL_PASSWORD: 's3',
    };
    expect(kafkaSecurityFromEnv(env)).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'gate', password: 's3' },
    });
  });

  it('reads TLS with a private CA and a client certificate (mTLS)', () => {
    const [ca, cert, key] = [pem('CA'), pem('CERT'), pem('KEY')];
    const env = {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: ca,
      KAFKA_SSL_CERT_FILE: cert,
      KAFKA_SSL_KEY_FILE: key,
    };
    expect(kafkaSecurityFromEnv(env).ssl).toEqual({
      rejectUnauthorized: true,
      ca: ['-----BEGIN CA-----\n'],
      cert: '-----BEGIN CERT-----\n',
      key: '-----BEGIN KEY-----\n',
    });
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'gssapi' }, /KAFKA_SASL_MECHANISM must be one of scram-sha-512/],
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'api' }, /KAFKA_SASL_PASSWORD must be set/],
    [
      { KAFKA_SASL_USERNAME: 'api', KAFKA_SASL_PASSWORD: 'x' },
      /KAFKA_SASL_USERNAME is set but KAFKA_SASL_MECHANISM/,
    ],
    [{ KAFKA_SSL: 'yes' }, /KAFKA_SSL must be true or false/],
    [{ KAFKA_SSL_CA_FILE: '/ca.pem' }, /KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true/],
    [
      { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nowhere/ca.pem' },
      /KAFKA_SSL_CA_FILE: cannot read \/nowhere\/ca.pem/,
    ],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => kafkaSecurityFromEnv(env)).toThrow(message);
  });

  it('refuses a certificate without its key', () => {
    expect(() => kafkaSecurityFromEnv({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: pem('CERT') })).toThrow(
      /KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together/,
    );
  });

  it('is checked at start-up, as a configuration error', () => {
    expect(() => loadConfig({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'gate' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ KAFKA_SASL_MECHANISM: 'kerberos' })).toThrow(/KAFKA_SASL_MECHANISM/);
  });
});

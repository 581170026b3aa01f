import { describe, expect, it } from 'vitest';
import { RegistryUnavailableError } from '../../schemas/errors.ts';
import { isUnavailable } from './unavailable.ts';

const withCode = (code: string) => Object.assign(new Error('failed'), { code });
const kafka = (name: string) => Object.assign(new Error('broker'), { name });

describe('isUnavailable', () => {
  it('holds for a registry outage, any Kafka client error, and PostgreSQL being unreachable or full', () => {
    const down = [
      new RegistryUnavailableError('registry: 502'),
      kafka('KafkaJSNumberOfRetriesExceeded'),
      withCode('ECONNREFUSED'),
      withCode('08006'),
      withCode('53300'),
      withCode('57P01'),
      new Error('Connection terminated unexpectedly'),
    ];
    expect(down.map(isUnavailable)).toEqual(down.map(() => true));
  });

  it('does not hold for bugs and SQL errors', () => {
    const bugs = [new TypeError('x is undefined'), withCode('42P01'), withCode('23505'), 'a string'];
    expect(bugs.map(isUnavailable)).toEqual(bugs.map(() => false));
  });
});

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPolicyConfig, parsePolicyConfig, PolicyConfigError, policyIds } from './config.ts';

const shippedYaml = fileURLToPath(new URL('../policies.yaml', import.meta.url));

describe('policy config', () => {
  it('loads the shipped YAML, versioned by the SHA-256 of its bytes, in the order it lists', () => {
    // when the default policy file is loaded
    const { config, version } = loadPolicyConfig(shippedYaml);
    // then its version is the hash of the file and every policy runs in file order
    expect(version).toBe(createHash('sha256').update(readFileSync(shippedYaml)).digest('hex'));
    expect(config.order.slice(0, 4)).toEqual([
      'max-length',
      'required-metadata',
      'payload-schema',
      'signature',
    ]);
    expect(new Set(config.order)).toEqual(new Set(policyIds));
    expect(config.policies['hop-limit'].maxHops).toBe(8);
  });

  it('gives every section safe defaults when the file is empty', () => {
    const config = parsePolicyConfig('');
    expect(config.order).toEqual(policyIds);
    expect(config.policies.rbac).toEqual({ rules: {}, unmatched: 'deny', enabled: true });
    expect(config.policies.pii.action).toBe('deny');
    expect(config.policies['max-length'].maxBytes).toBe(1_048_576);
  });

  it('runs listed sections in file order, then the rest, and keeps explicit switch-offs', () => {
    const config = parsePolicyConfig(
      'policies:\n  budget: {defaultMicros: 5}\n  hop-limit: {enabled: false}\n',
    );
    expect(config.order.slice(0, 3)).toEqual(['budget', 'hop-limit', 'max-length']);
    expect(config.policies['hop-limit'].enabled).toBe(false);
    expect(config.policies.budget.defaultMicros).toBe(5);
  });

  it('names the path of every invalid value', () => {
    // given a typo, a wrong type and a misspelled policy
    const yaml = [
      'policies:',
      '  max-length: {maxByte: 10}',
      '  rbac:',
      '    rules:',
      '      "banking.*": system',
      '  pi: {}',
    ].join('\n');
    // when parsed, then each problem is reported with its path
    const message = (() => {
      try {
        parsePolicyConfig(yaml, 'policies.yaml');
        return 'no error';
      } catch (error) {
        expect(error).toBeInstanceOf(PolicyConfigError);
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/^policies\.yaml is invalid:/);
    expect(message).toContain('- policies: Unrecognized key: "pi"');
    expect(message).toContain('- policies.max-length: Unrecognized key: "maxByte"');
    expect(message).toContain(
      '- policies.rbac.rules["banking.*"]: Invalid input: expected array, received string',
    );
  });

  it('rejects values outside their range', () => {
    expect(() => parsePolicyConfig('policies:\n  hop-limit: {maxHops: -1}')).toThrowError(
      /policies\.hop-limit\.maxHops/,
    );
    expect(() => parsePolicyConfig('policies:\n  pii: {kinds: [CARD, PASSPORT]}')).toThrowError(
      /policies\.pii\.kinds\[1\]/,
    );
  });

  it('rejects YAML that does not parse, and duplicate keys', () => {
    expect(() => parsePolicyConfig('policies: [unclosed')).toThrowError(/policy YAML is not valid YAML/);
    expect(() => parsePolicyConfig('policies:\n  budget: {}\n  budget: {}')).toThrowError(/not valid YAML/);
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };

    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('encodes the same value the same way whatever order it was built in', () => {
    const built = { traceparent: null, decisionId: 'd1', costMicros: 5 };
    const rebuilt = { costMicros: 5, decisionId: 'd1', traceparent: null };

    expect(canonicalJson(built)).toBe(canonicalJson(rebuilt));
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    const value = { é: 1, z: 2, Z: 3, '1': 4, '€': 5 };

    expect(canonicalJson(value)).toBe('{"1":4,"Z":3,"z":2,"é":1,"€":5}');
  });

  it('writes bytes as base64 and omits undefined members', () => {
    const value = { envelope: Buffer.from([0, 1, 2, 250]), gone: undefined };

    expect(canonicalJson(value)).toBe('{"envelope":"AAEC+g=="}');
  });

  it('escapes strings as JSON does', () => {
    expect(canonicalJson('line\n"quoted"\u2028')).toBe('"line\\n\\"quoted\\"\u2028"');
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an integer beyond 2^53', 2 ** 53 + 2],
    ['a bigint', 1n],
    ['a Date', new Date(0)],
  ])('refuses %s rather than guess', (_name, value) => {
    expect(() => canonicalJson({ value })).toThrow();
  });
});

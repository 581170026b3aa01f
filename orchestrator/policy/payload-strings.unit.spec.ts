import { describe, expect, it } from 'vitest';
import { payloadStrings, rewritePayloadStrings } from './payload-strings.ts';

describe('payload strings', () => {
  const payload = {
    memo: 'rent',
    amountMinor: 100,
    lines: [{ text: 'a' }, { text: 'b' }],
    meta: { tags: { origin: 'app' } },
    raw: Buffer.from('bytes'),
  };

  it('finds every string with its path, at any depth, skipping bytes', () => {
    expect(payloadStrings(payload)).toEqual([
      { path: 'memo', value: 'rent' },
      { path: 'lines[0].text', value: 'a' },
      { path: 'lines[1].text', value: 'b' },
      { path: 'meta.tags.origin', value: 'app' },
    ]);
  });

  it('rewrites strings in a copy and leaves the original alone', () => {
    const copy = rewritePayloadStrings(payload, (value) => value.toUpperCase());
    expect(copy).toEqual({
      ...payload,
      memo: 'RENT',
      lines: [{ text: 'A' }, { text: 'B' }],
      meta: { tags: { origin: 'APP' } },
    });
    expect(payload.memo).toBe('rent');
  });

  it('walks deep nesting without recursion limits', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 50_000; i++) deep = { next: deep };
    expect(payloadStrings(deep).map(({ value }) => value)).toEqual(['bottom']);
  });
});

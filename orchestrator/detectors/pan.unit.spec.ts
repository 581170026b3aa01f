import { describe, expect, it } from 'vitest';
import { findPii } from './pii.ts';

const pansIn = (text: string): string[] =>
  findPii(text, ['PAN']).map(({ start, end }) => text.slice(start, end));

describe('Indian PAN in text', () => {
  it('finds individual and company PANs, in upper or lower case', () => {
    expect(pansIn('PAN ABCPE1234F, company AAACR5055K, typed abcpe1234f')).toEqual([
      'ABCPE1234F',
      'AAACR5055K',
      'abcpe1234f',
    ]);
  });

  it('rejects a fourth letter that is no holder type', () => {
    expect(pansIn('code ABCXE1234F')).toEqual([]);
  });

  it('rejects mixed case, wrong lengths and codes glued to other characters', () => {
    expect(pansIn('AbcPe1234F ABCPE12345F ABCPE1234 XABCPE1234F ABCPE1234F9')).toEqual([]);
  });
});

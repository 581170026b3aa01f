import { describe, expect, it } from 'vitest';
import { findPii } from './pii.ts';

const bicsIn = (text: string): string[] =>
  findPii(text, ['SWIFT']).map(({ start, end }) => text.slice(start, end));

describe('SWIFT/BIC codes in text', () => {
  it('finds strict forms on their own: a digit in the location or branch, or the XXX branch', () => {
    expect(bicsIn('via HSBCGB2L, SBININBB104 and DEUTDEFFXXX')).toEqual([
      'HSBCGB2L',
      'SBININBB104',
      'DEUTDEFFXXX',
    ]);
  });

  it('finds a letters-only code when the text names it', () => {
    expect(bicsIn('SWIFT code: DEUTDEFF; BIC BNPAFRPP')).toEqual(['DEUTDEFF', 'BNPAFRPP']);
  });

  it('ignores upper-case words of BIC length without a SWIFT word', () => {
    expect(bicsIn('DEAR CUSTOMER, YOUR ACCOUNTS AND DEUTDEFF ARE FINE')).toEqual([]);
  });

  it('ignores codes whose country is not an ISO country', () => {
    expect(bicsIn('swift ABCDXX2L, swift ABCDZZ12')).toEqual([]);
  });

  it('ignores lower case and codes of other lengths', () => {
    expect(bicsIn('swift deutdeff, swift DEUTDEF, swift DEUTDEFF1')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { findPii } from './pii.ts';

const aadhaarIn = (text: string): string[] =>
  findPii(text, ['AADHAAR']).map(({ start, end }) => text.slice(start, end));

describe('Aadhaar numbers in text', () => {
  it('finds a Verhoeff-valid number written 4-4-4 or whole', () => {
    const text = 'Aadhaar: 2345 6789 0124; spouse 498765432102';

    expect(aadhaarIn(text)).toEqual(['2345 6789 0124', '498765432102']);
  });

  it('ignores a number failing Verhoeff, and one starting with 0 or 1', () => {
    // 1234 5678 9012 would be a valid check digit pattern only by chance; the first digit rules it out anyway.
    expect(aadhaarIn('aadhaar 2345 6789 0125, 0345 6789 0124, 1345 6789 0124')).toEqual([]);
  });

  it('treats a valid number after a payment-reference word as a reference', () => {
    expect(aadhaarIn('IMPS UTR 234567890124 credited')).toEqual([]);
  });

  it('lets an Aadhaar word outweigh a reference word', () => {
    expect(aadhaarIn('Aadhaar ref 234567890124')).toEqual(['234567890124']);
  });

  it('reads Devanagari digits as digits', () => {
    const text = 'आधार २३४५ ६७८९ ०१२४';

    expect(aadhaarIn(text)).toEqual(['२३४५ ६७८९ ०१२४']);
  });
});

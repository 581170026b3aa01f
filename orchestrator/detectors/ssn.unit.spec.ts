import { describe, expect, it } from 'vitest';
import { isIssuableSsn } from './ssn.ts';
import { findPii } from './pii.ts';

const ssnsIn = (text: string): string[] =>
  findPii(text, ['SSN']).map(({ start, end }) => text.slice(start, end));

describe('isIssuableSsn', () => {
  it.each([
    ['area 000', '000451234'],
    ['area 666', '666451234'],
    ['an area in the 900s', '912451234'],
    ['group 00', '123001234'],
    ['serial 0000', '123450000'],
    ['the voided Woolworth wallet number', '078051120'],
  ])('rejects %s', (_, digits) => {
    expect(isIssuableSsn(digits)).toBe(false);
  });

  it('accepts an ordinary number', () => {
    expect(isIssuableSsn('536225811')).toBe(true);
  });
});

describe('SSNs in text', () => {
  it('finds 3-2-4 with dashes or spaces', () => {
    expect(ssnsIn('SSN 536-22-5811 or 536 22 5812')).toEqual(['536-22-5811', '536 22 5812']);
  });

  it('finds nine bare digits only when the text names an SSN', () => {
    const text = 'order 536225811 shipped to the branch on Monday; social security 536225812';

    expect(ssnsIn(text)).toEqual(['536225812']);
  });

  it('ignores numbers the SSA never issues', () => {
    expect(ssnsIn('ssn 666-22-5811, 536-00-5811, 936-22-5811')).toEqual([]);
  });

  it('ignores dates and phone fragments of similar length', () => {
    expect(ssnsIn('on 2024-01-15 call 555-0134, batch 12-345-6789')).toEqual([]);
  });
});

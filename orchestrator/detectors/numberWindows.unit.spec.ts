import { describe, expect, it } from 'vitest';
import type { NumberWindow } from './numberWindows.ts';
import { digitGroups, forEachNumberWindow, isNumberEnd, isNumberStart } from './numberWindows.ts';

function windowsOf(text: string): string[] {
  const found: NumberWindow[] = [];
  const limits = { minDigits: 4, maxDigits: 19, maxGroups: 5, wants: () => true };
  forEachNumberWindow(text, digitGroups(text), limits, (window) =>
    found.push({ ...window, groups: [...window.groups] }),
  );
  return found.map(({ start, end }) => text.slice(start, end));
}

describe('number windows', () => {
  it('splits text into maximal digit runs', () => {
    expect(digitGroups('a12 345-6').map(({ start, end }) => [start, end])).toEqual([
      [1, 3],
      [4, 7],
      [8, 9],
    ]);
  });

  it('yields every window of a space-separated run, each standing alone', () => {
    expect(windowsOf('1234 5678 9012')).toEqual([
      '1234',
      '1234 5678',
      '1234 5678 9012',
      '5678',
      '5678 9012',
      '9012',
    ]);
  });

  it('keeps a dash-joined number whole: its parts are glued to each other', () => {
    expect(windowsOf('1234-5678-9012')).toEqual(['1234-5678-9012']);
  });

  it('never cuts through a dash-joined number to mix separators', () => {
    expect(windowsOf('1234 5678-9012')).toEqual(['1234', '5678-9012']);
  });

  it.each([
    ['after a letter', 'x1234', 1, false],
    ['after a currency sign', '$1234', 1, false],
    ['after a dash glued to a word', 'INV-1234', 4, false],
    ['after a decimal point', '0.1234', 2, false],
    ['after a colon', 'no:1234', 3, true],
    ['after a space', 'no 1234', 3, true],
  ])('a number may start %s: %s', (_, text, start, expected) => {
    expect(isNumberStart(text, start)).toBe(expected);
  });

  it.each([
    ['before a decimal part', '1234.50', 4, false],
    ['before a dash and more', '1234-x', 4, false],
    ['before a full stop ending the sentence', '1234.', 4, true],
    ['at the end of the text', '1234', 4, true],
  ])('a number may end %s', (_, text, end, expected) => {
    expect(isNumberEnd(text, end)).toBe(expected);
  });
});

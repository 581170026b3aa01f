import { describe, expect, it } from 'vitest';
import { findSplitCards } from './splitCards.ts';

describe('card numbers split across fields', () => {
  it('finds halves in consecutive fields', () => {
    expect(findSplitCards(['tx-1', 'card 4539 1488', '0343 6467'])).toEqual([[1, 2]]);
  });

  it('finds four groups in four fields', () => {
    expect(findSplitCards(['4111', '1111', '1111', '1111'])).toEqual([[0, 1, 2, 3]]);
  });

  it('finds halves in the reverse order of the payload', () => {
    const [fields] = findSplitCards(['second half 5555 4444', 'ok', 'first half 5555 5555']);

    expect([...fields!].sort()).toEqual([0, 2]);
  });

  it.each([
    [['20250115', '00048124']],
    [['case 4410 2291', 'ticket 7781 0043']],
    [['2025', '0115', '0930', '0001']],
    [['acc-5520 paid 12.50 on 2025-01-15', '4111 1111 1111']],
  ])('joins no references, dates or fields with other digits: %j', (values) => {
    expect(findSplitCards(values)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseReplayStart } from './replay-start.ts';

describe('parsing where a replay starts', () => {
  it('reads offsets, "earliest" and ISO times', () => {
    // Given the ways an operator names a start
    const inputs = ['0', '12345', 'earliest', '2025-01-15T09:00:00Z', '2025-01-15'];

    // When they are parsed
    const starts = inputs.map(parseReplayStart);

    // Then offsets stay decimal strings and times become epoch milliseconds
    expect(starts).toEqual([
      { offset: '0' },
      { offset: '12345' },
      { offset: '0' },
      { timestamp: Date.UTC(2025, 0, 15, 9) },
      { timestamp: Date.UTC(2025, 0, 15) },
    ]);
  });

  it('refuses anything else with a message that says what it takes', () => {
    // Given inputs that are neither an offset nor a time
    const bad = ['-1', 'yesterday', '15/01/2025', '2025-13-45T00:00:00Z', ''];

    // When / Then each is refused by name
    for (const input of bad) expect(() => parseReplayStart(input)).toThrow(/--from takes an offset/);
  });
});

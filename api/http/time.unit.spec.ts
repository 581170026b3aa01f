import { describe, expect, it } from 'vitest';
import { epochMillisOf, instant } from './time.ts';

describe('instants', () => {
  it('reads ISO 8601 with a zone, a plain date, and epoch milliseconds as number or digits', () => {
    expect(epochMillisOf('2025-01-15T09:00:00Z')).toBe(Date.UTC(2025, 0, 15, 9));
    expect(epochMillisOf('2025-01-15T10:00:00.250+01:00')).toBe(Date.UTC(2025, 0, 15, 9, 0, 0, 250));
    expect(epochMillisOf('2025-01-15')).toBe(Date.UTC(2025, 0, 15));
    expect(epochMillisOf('1736931600000')).toBe(1_736_931_600_000);
    expect(epochMillisOf(1_736_931_600_000)).toBe(1_736_931_600_000);
  });

  it('refuses local times without a zone, prose, negative, fractional and out-of-range numbers', () => {
    for (const value of ['2025-01-15T09:00:00', 'yesterday', '15/01/2025', '', -1, 1.5, 9e15]) {
      expect(epochMillisOf(value)).toBeNull();
    }
  });

  it('as a schema, explains what it accepts', () => {
    const result = instant.safeParse('noon');
    expect(result.error?.issues[0]?.message).toMatch(/^expected an ISO 8601 time .* or epoch milliseconds$/);
  });
});

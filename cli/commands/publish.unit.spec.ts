import { describe, expect, it } from 'vitest';
import { transactionBody } from '../../api/testing/bodies.ts';
import { readEvents } from './publish.ts';

describe('swarmgate publish', () => {
  it('refuses a file whose line carries a bidi override in the source, naming line and field', () => {
    const good = JSON.stringify(transactionBody());
    const bad = JSON.stringify(transactionBody({ source: 'core\u202ebanking' }));
    const { events, problems } = readEvents(`${good}\n${bad}\n`);
    expect(events).toHaveLength(1);
    expect(problems).toEqual([
      'line 2: source: contains a format character (zero-width, bidi or BOM), U+202E at index 4',
    ]);
  });
});

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

describe('swarmgate publish ids', () => {
  it("keeps a line's own id and derives its workflow from it when it has none", () => {
    const body = { ...transactionBody(), id: 'evt-1', correlationId: undefined };
    const { events } = readEvents(JSON.stringify(body));
    expect(events[0]!.ids.id).toBe('evt-1');
    expect(events[0]!.ids.correlationId).toBe(readEvents(JSON.stringify(body)).events[0]!.ids.correlationId);
  });

  it('gives the same file the same ids on every run, and equal lines at other positions other ids', () => {
    const line = JSON.stringify(transactionBody());
    const file = `${line}\n${line}\n`;
    const first = readEvents(file).events.map((event) => event.ids);
    const again = readEvents(file).events.map((event) => event.ids);
    expect(again).toEqual(first);
    expect(first[0]!.id).not.toBe(first[1]!.id);
    expect(first[0]!.correlationId).toBe(first[1]!.correlationId); // the line names its workflow
  });
});

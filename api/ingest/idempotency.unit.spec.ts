import { describe, expect, it } from 'vitest';
import { transactionBody } from '../testing/bodies.ts';
import { eventBody } from './event-body.ts';
import { IngestAnswers, ingestIds } from './idempotency.ts';

const answer = (id: string) => ({ id, correlationId: `wf-${id}` });

describe('ingest ids', () => {
  it("are the body's id, or derived from the caller and its key; the workflow id from the event id", () => {
    const body = eventBody.parse(transactionBody({ correlationId: undefined }));
    const keyed = ingestIds(body, 'key-1', 'core-banking');
    expect(ingestIds(body, 'key-1', 'core-banking')).toEqual(keyed);
    expect(ingestIds(body, 'key-1', 'other-system').id).not.toBe(keyed.id);
    expect(ingestIds({ ...body, id: 'evt-1' }, undefined, 'core-banking')).toMatchObject({
      id: 'evt-1',
      idempotent: true,
    });
    expect(ingestIds(body, undefined, 'core-banking').idempotent).toBe(false);
    expect(() => ingestIds({ ...body, id: 'evt-1' }, 'key-2', 'x')).toThrow(/differ/);
  });
});

describe('the answers store', () => {
  it('answers a concurrent retry with the first publish, and forgets a publish that failed', async () => {
    const answers = new IngestAnswers();
    let published = 0;
    const publish = () => Promise.resolve(answer(`a${(published += 1)}`));
    const [first, second] = await Promise.all([
      answers.once('k', 'f', publish),
      answers.once('k', 'f', publish),
    ]);
    expect([first.replayed, second.replayed, published]).toEqual([false, true, 1]);
    expect(second.answer).toEqual(first.answer);

    await expect(answers.once('broken', 'f', () => Promise.reject(new Error('no leader')))).rejects.toThrow();
    expect((await answers.once('broken', 'f', publish)).replayed).toBe(false);
    await expect(answers.once('k', 'another body', publish)).rejects.toThrow(
      /already used for a different event/,
    );
  });

  it('is bounded: the oldest answer is forgotten first', async () => {
    const answers = new IngestAnswers(2);
    for (const key of ['a', 'b', 'c']) await answers.once(key, 'f', () => Promise.resolve(answer(key)));
    expect((await answers.once('a', 'f', () => Promise.resolve(answer('a2')))).replayed).toBe(false);
    expect((await answers.once('c', 'f', () => Promise.resolve(answer('c2')))).replayed).toBe(true);
  });
});

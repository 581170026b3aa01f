import { describe, expect, it } from 'vitest';
import { transactionBody } from '../testing/bodies.ts';
import { eventBody } from './event-body.ts';
import { IngestAnswers, ingestIds } from './idempotency.ts';

const answer = (id: string) => ({ id, correlationId: `wf-${id}` });
const attempt = (id: string, fingerprint = 'f', subject = 'core-banking') => ({ subject, id, fingerprint });

describe('ingest ids', () => {
  it("are the body's id, or derived from the caller and its key; the workflow id from the caller and the event id", () => {
    const body = eventBody.parse(transactionBody({ correlationId: undefined }));
    const keyed = ingestIds(body, 'key-1', 'core-banking');
    expect(ingestIds(body, 'key-1', 'core-banking')).toEqual(keyed);
    expect(ingestIds(body, 'key-1', 'other-system').id).not.toBe(keyed.id);
    expect(ingestIds({ ...body, id: 'evt-1' }, undefined, 'core-banking')).toMatchObject({
      id: 'evt-1',
      idempotent: true,
    });
    const reused = { ...body, id: 'evt-1' };
    expect(ingestIds(reused, undefined, 'other-system').correlationId).not.toBe(
      ingestIds(reused, undefined, 'core-banking').correlationId,
    );
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
      answers.once(attempt('k'), publish),
      answers.once(attempt('k'), publish),
    ]);
    expect([first.replayed, second.replayed, published]).toEqual([false, true, 1]);
    expect(second.answer).toEqual(first.answer);

    await expect(
      answers.once(attempt('broken'), () => Promise.reject(new Error('no leader'))),
    ).rejects.toThrow();
    expect((await answers.once(attempt('broken'), publish)).replayed).toBe(false);
    await expect(answers.once(attempt('k', 'another body'), publish)).rejects.toThrow(
      'event id "k" was already used by "core-banking" for a different event; a retry must repeat the first body',
    );
    const elsewhere = await answers.once(attempt('k', 'another body', 'other-system'), publish);
    expect(elsewhere).toEqual({ replayed: false, answer: answer(`a${published}`) });
  });

  it('is bounded: the oldest answer is forgotten first', async () => {
    const answers = new IngestAnswers(2);
    for (const key of ['a', 'b', 'c']) await answers.once(attempt(key), () => Promise.resolve(answer(key)));
    expect((await answers.once(attempt('a'), () => Promise.resolve(answer('a2')))).replayed).toBe(false);
    expect((await answers.once(attempt('c'), () => Promise.resolve(answer('c2')))).replayed).toBe(true);
  });
});

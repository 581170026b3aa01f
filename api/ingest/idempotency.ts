// POST /events is idempotent by caller and event id. The id is the body's `id`, or one derived
// from the caller and its Idempotency-Key header; the workflow id, when the body has none, is
// derived from the caller and the event id, so another caller's reuse of an id never lands in
// this caller's workflow. A retry within this instance's memory (bounded, oldest forgotten first)
// gets the first answer without publishing again; after a restart, or on another instance, the
// retry is published with the same ids and the gate's duplicate policy denies it — one workflow
// either way.
import { createHash, randomUUID } from 'node:crypto';
import { derivedId } from '../../schemas/derived-id.ts';
import { ApiError } from '../http/errors.ts';
import type { EventBody } from './event-body.ts';

export interface IngestIds {
  readonly id: string;
  readonly correlationId: string;
}

/** The ids of an ingested event; `idempotent` is false when the caller gave neither an id nor a key. */
export function ingestIds(
  body: EventBody,
  idempotencyKey: string | undefined,
  subject: string,
): IngestIds & { readonly idempotent: boolean } {
  if (body.id && idempotencyKey && body.id !== idempotencyKey) {
    throw new ApiError(400, `the body's id ${JSON.stringify(body.id)} and the Idempotency-Key header differ`);
  }
  const id = body.id ?? (idempotencyKey ? derivedId('idempotency-key', subject, idempotencyKey) : undefined);
  if (id === undefined)
    return { id: randomUUID(), correlationId: body.correlationId ?? randomUUID(), idempotent: false };
  return { id, correlationId: body.correlationId ?? derivedId('workflow', subject, id), idempotent: true };
}

export const fingerprintOf = (body: EventBody): string =>
  createHash('sha256').update(JSON.stringify(body)).digest('hex');

/** What one caller published under one event id. */
export interface IngestAttempt {
  readonly subject: string;
  readonly id: string;
  readonly fingerprint: string;
}

interface Entry {
  readonly fingerprint: string;
  readonly answer: Promise<IngestIds>;
}

const reusedId = (subject: string, id: string) =>
  new ApiError(
    409,
    `event id ${JSON.stringify(id)} was already used by ${JSON.stringify(subject)} for a different event; a retry must repeat the first body`,
  );

export class IngestAnswers {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 10_000) {}

  /**
   * The first answer given to this caller for this event id, or what `publish` answers now. The
   * same id with another body is a 409; a publish that fails is forgotten, so the client's retry
   * can succeed.
   */
  async once(
    { subject, id, fingerprint }: IngestAttempt,
    publish: () => Promise<IngestIds>,
  ): Promise<{ readonly answer: IngestIds; readonly replayed: boolean }> {
    const key = `${subject}\u0000${id}`;
    const known = this.entries.get(key);
    if (known) {
      if (known.fingerprint !== fingerprint) throw reusedId(subject, id);
      return { answer: await known.answer, replayed: true };
    }
    const answer = publish();
    this.remember(key, { fingerprint, answer });
    try {
      return { answer: await answer, replayed: false };
    } catch (error) {
      if (this.entries.get(key)?.answer === answer) this.entries.delete(key);
      throw error;
    }
  }

  private remember(key: string, entry: Entry): void {
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
  }
}

// The projector's errors, in the one family (schemas/errors.ts): the consumer retries the batch
// or stops on `retriable`.
// A record whose own content the database refuses is neither: it is recorded and passed over.

import { isRetriable, SwarmgateError } from '../schemas/errors.ts';

export class ProjectorError extends SwarmgateError {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Another writer moved the workflow on since we read it; rerunning the batch resolves it. */
export class WorkflowVersionConflict extends ProjectorError {
  constructor(
    readonly correlationId: string,
    readonly expectedVersion: number,
  ) {
    super(`workflow ${correlationId} is no longer at version ${expectedVersion}`, true);
  }
}

/** What an error while applying one record says about that record. */
export type ApplyFault = 'retriable' | 'record' | 'fatal';

// SQLSTATE classes: 08 connection, 40 rollback (serialization, deadlock), 53 resources,
// 57 operator intervention (shutdown), 58 system I/O — try again. 22 data, 23 constraints,
// 54 limits (an over-long index key) — the record's own values. The rest (42 privileges or
// syntax, XX internal, …) is the installation's fault: stop and say so.
const RETRIABLE_CLASSES = new Set(['08', '40', '53', '57', '58']);
const RECORD_CLASSES = new Set(['22', '23', '54']);
const SQLSTATE = /^[0-9A-Z]{5}$/;

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

export function applyFault(error: unknown): ApplyFault {
  if (isRetriable(error)) return 'retriable';
  const code = codeOf(error);
  if (code && SQLSTATE.test(code)) {
    const sqlClass = code.slice(0, 2);
    if (RETRIABLE_CLASSES.has(sqlClass)) return 'retriable';
    return RECORD_CLASSES.has(sqlClass) ? 'record' : 'fatal';
  }
  // A Node.js socket error (ECONNRESET, ECONNREFUSED, …) or pg losing its connection.
  if (code?.startsWith('E') || /connection|terminat/i.test(String((error as Error)?.message))) {
    return 'retriable';
  }
  // Plain errors from our own reading of the record's values (RangeError, TypeError, …).
  return 'record';
}

/** The error as the consumer sees it: retriable errors carry the flag it decides on. */
export function asProjectorError(error: unknown): unknown {
  if (applyFault(error) !== 'retriable' || error instanceof ProjectorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProjectorError(`database asked to retry (${codeOf(error) ?? 'connection'}): ${message}`, true, {
    cause: error,
  });
}

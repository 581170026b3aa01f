import type { ReplayStart } from '../bus/port.ts';

export class ReplayStartError extends Error {
  override readonly name = 'ReplayStartError';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** `--from`: an offset on every partition, an ISO 8601 time, or `earliest`. */
export function parseReplayStart(text: string): ReplayStart {
  const value = text.trim();
  if (/^(earliest|beginning)$/i.test(value)) return { offset: '0' };
  if (/^\d{1,19}$/.test(value)) return { offset: BigInt(value).toString() };
  const timestamp = ISO_DATE.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isFinite(timestamp)) return { timestamp };
  throw new ReplayStartError(
    `--from takes an offset (e.g. 0), an ISO 8601 time (e.g. 2025-01-15T09:00:00Z) or "earliest"; got ${JSON.stringify(text)}`,
  );
}

export const describeStart = (start: ReplayStart): string =>
  'offset' in start ? `offset ${start.offset}` : new Date(start.timestamp).toISOString();

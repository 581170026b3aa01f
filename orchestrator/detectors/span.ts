import type { PiiKind } from './kinds.ts';

/** A finding in the coordinates of the text a finder read. */
export interface Span {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
}

// The rules every identifier of an envelope obeys, in one place: the API and `swarmgate publish`
// refuse a violation with a 400, the gate denies it, so no id can carry a NUL into PostgreSQL, a
// bidi override into a dashboard, or a zero-width space past a maker-checker comparison.

/** Long enough for UUIDs, derived output ids and the workflow ids upstream systems send. */
export const MAX_IDENTIFIER_CHARS = 128;

/** The envelope fields held to these rules; `type` is also held to the event-name pattern. */
export const identifierFields = [
  'id',
  'correlationId',
  'causationId',
  'type',
  'source',
  'actor.userId',
  'actor.tenantId',
  'actor.region',
] as const;
export type IdentifierField = (typeof identifierFields)[number];

// What cannot be in an identifier, checked in this order so a message names the worst kind.
const forbidden: readonly (readonly [RegExp, string])[] = [
  [/\p{Cc}/u, 'a control character'], // C0, DEL, C1
  [/\p{Cf}/u, 'a format character (zero-width, bidi or BOM)'],
  [/[\p{Z}\s]/u, 'whitespace'],
  [/[\p{Cs}\p{Co}\p{Cn}]/u, 'an unassigned, private-use or lone surrogate code point'],
];
// Linear: anchored, no nested or overlapping quantifiers.
const eventName = /^[a-z][a-z0-9-]*\.[A-Z][A-Za-z0-9]*$/;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` is not a valid identifier, or null when it is. The message starts with the field. */
export function identifierProblem(field: IdentifierField, value: string): string | null {
  if (value.length > MAX_IDENTIFIER_CHARS)
    return `${field} is ${value.length} characters long; at most ${MAX_IDENTIFIER_CHARS}`;
  for (const [pattern, kind] of forbidden) {
    const bad = pattern.exec(value);
    if (bad) return `${field} contains ${kind}, ${codePoint(bad[0])} at index ${bad.index}`;
  }
  if (field === 'type' && !eventName.test(value)) return 'type is not <domain>.<EventName>';
  return null;
}

export interface IdentifierCarrier {
  readonly id?: unknown;
  readonly correlationId?: unknown;
  readonly causationId?: unknown;
  readonly type?: unknown;
  readonly source?: unknown;
  readonly actor?: {
    readonly userId?: unknown;
    readonly tenantId?: unknown;
    readonly region?: unknown;
  } | null;
}

function valueOf(envelope: IdentifierCarrier, field: IdentifierField): unknown {
  switch (field) {
    case 'actor.userId':
      return envelope.actor?.userId;
    case 'actor.tenantId':
      return envelope.actor?.tenantId;
    case 'actor.region':
      return envelope.actor?.region;
    default:
      return envelope[field];
  }
}

/** Every identifier problem of an envelope; absent and blank fields are left to the checks for presence. */
export function identifierProblems(envelope: IdentifierCarrier): string[] {
  const found: string[] = [];
  for (const field of identifierFields) {
    const value = valueOf(envelope, field);
    if (typeof value !== 'string' || value.trim() === '') continue;
    const problem = identifierProblem(field, value);
    if (problem) found.push(problem);
  }
  return found;
}

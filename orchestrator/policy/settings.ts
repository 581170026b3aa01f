// Building blocks for each policy's YAML section. Sections are strict: an unknown key is an
// error, so a typo in the YAML can never silently weaken a control.
import { z } from 'zod';

export function policySettings<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.strictObject(shape).extend({ enabled: z.boolean().default(true) });
}

export const nameList = z.array(z.string().trim().min(1, 'must not be blank'));

/** Glob → value rules (`banking.*`, `*`), applied in YAML order. */
export const globRules = <T extends z.ZodType>(value: T) =>
  z.record(z.string().min(1, 'pattern must not be blank'), value);

export const classifications = ['PUBLIC', 'INTERNAL', 'PII', 'SECRET'] as const;
export type ClassificationLevel = (typeof classifications)[number];

/**
 * A record's own entry for a key taken from a message. Plain indexing would also find
 * inherited members: a user id "constructor" must not pick up Object's constructor as its limit.
 */
export const ownEntry = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

const rank: Readonly<Record<string, number>> = { PUBLIC: 0, INTERNAL: 1, PII: 2, SECRET: 3 };

/** Position in PUBLIC < INTERNAL < PII < SECRET; undefined for a value outside the scale. */
export const classificationRank = (level: string): number | undefined => ownEntry(rank, level);

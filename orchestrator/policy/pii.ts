// Personal data may only travel in a record whose declared classification permits it: a card
// number in an INTERNAL event is a leak. Every payload string is scanned (validated detectors:
// Luhn, mod-97, Verhoeff, formats). A finding the classification does not permit denies, or,
// where the YAML says `redact`, the record is delivered with those spans replaced. A card number
// split across fields is found by reading the fields' lone digit runs together; redacting it
// replaces each of those fields whole.
import { z } from 'zod';
import { findPii, redactPii, type PiiKind } from '../detectors/pii.ts';
import { findSplitCards } from '../detectors/splitCards.ts';
import { textScans } from '../detectors/textScans.ts';
import { firstMatchingRule } from './glob.ts';
import { payloadStrings, rewritePayloadStrings } from './payload-strings.ts';
import { allow, deny, listed, redact } from './results.ts';
import { globRules, ownEntry, policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const piiKinds = [
  'CARD',
  'IBAN',
  'AADHAAR',
  'EMAIL',
  'PHONE',
  'SSN',
  'PAN',
  'SWIFT',
] as const satisfies readonly PiiKind[];

const kindList = z.array(z.enum(piiKinds));
const action = z.enum(['deny', 'redact']);

export const piiSettings = policySettings({
  /** The kinds to look for at all. */
  kinds: kindList.default([...piiKinds]),
  /** What each classification may carry; a classification not listed here carries none. */
  permitted: z
    .strictObject({
      PUBLIC: kindList.default([]),
      INTERNAL: kindList.default([]),
      PII: kindList.default([...piiKinds]),
      SECRET: kindList.default([...piiKinds]),
    })
    .prefault({}),
  action: action.default('deny'),
  /** Per event type (glob, first match), overriding `action`. */
  actionByType: globRules(action).default({}),
});

/** The paths of the fields that hold a card number between them. */
function splitCardPaths(payload: Readonly<Record<string, unknown>>): Set<string> {
  const strings = payloadStrings(payload);
  const groups = findSplitCards(strings.map(({ value }) => value));
  return new Set(groups.flatMap((fields) => fields.map((field) => strings[field]!.path)));
}

export function piiPolicy(input: z.input<typeof piiSettings> = {}): Policy {
  const settings = piiSettings.parse(input);
  const permittedBy: Readonly<Record<string, readonly PiiKind[]>> = settings.permitted;
  return {
    id: 'pii',
    scansContent: true,
    evaluate({ envelope, payload }, _view, _recipients, scans = textScans()) {
      if (payload === null) return allow('no payload to scan');
      const level = envelope.classification;
      const permitted = ownEntry(permittedBy, level) ?? [];
      const forbidden = settings.kinds.filter((kind) => !permitted.includes(kind));
      if (forbidden.length === 0) return allow(`${level} permits every kind scanned`);
      const hits: string[] = [];
      const splitPaths = forbidden.includes('CARD') ? splitCardPaths(payload) : new Set<string>();
      if (splitPaths.size > 0) hits.push(`CARD split across ${listed([...splitPaths])}`);
      // One pass finds and redacts; the copy is discarded unless the verdict is REDACT.
      const redacted = rewritePayloadStrings(payload, (value, path) => {
        if (splitPaths.has(path)) return '[REDACTED:CARD]';
        const findings = findPii(value, forbidden, scans);
        if (findings.length === 0) return value;
        hits.push(`${listed([...new Set(findings.map((finding) => finding.kind))])} in ${path}`);
        return redactPii(value, findings);
      });
      if (hits.length === 0) return allow(`no personal data beyond what ${level} permits`);
      const what = `${hits.join('; ')} not permitted in ${level}`;
      const chosen = firstMatchingRule(settings.actionByType, envelope.type)?.value ?? settings.action;
      return chosen === 'redact' ? redact(`redacted ${what}`, redacted) : deny(what);
    },
  };
}

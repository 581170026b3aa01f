// Text that tries to steer the LLM-backed agents downstream is stopped at the gate. Every
// payload string is assessed on its own and, since an attack can be split across fields, all
// of them joined; so is the sender's rationale, which downstream agents read too. Prose in a
// script the detector has no model of (Greek, Hebrew, Korean, Thai, ...) cannot be assessed: by
// default it is sent to review, a DENY whose reason says so, instead of passing unread.
import { z } from 'zod';
import { assessInjection } from '../detectors/injection.ts';
import { findUnmodelledProse } from '../detectors/scripts.ts';
import { textScans, type TextScans } from '../detectors/textScans.ts';
import { matchesAnyGlob } from './glob.ts';
import { payloadStrings, type PayloadString } from './payload-strings.ts';
import { allow, deny, listed } from './results.ts';
import { nameList, policySettings } from './settings.ts';
import type { Policy, Proposal } from './types.ts';

export const promptInjectionSettings = policySettings({
  /** Deny at or above this score. */
  threshold: z.number().positive().default(0.5),
  /** Event types to scan (globs). */
  types: nameList.default(['*']),
  /** Prose in a script the detector has no model of: `review` denies it for a reviewer, `allow` lets it pass. */
  unmodelledScripts: z.enum(['review', 'allow']).default('review'),
  /** Letters of such a script (a Korean syllable counts two) that make prose, not a name. */
  unmodelledScriptMinLetters: z.number().int().positive().default(12),
});

function textsOf({ payload, envelope }: Proposal, scans: TextScans): PayloadString[] {
  const texts = payloadStrings(payload);
  const rationale = envelope.confidence?.rationale;
  if (rationale) texts.push({ path: 'confidence.rationale', value: rationale });
  if (texts.length > 1)
    texts.push({
      path: 'all fields joined',
      value: scans.join(
        texts.map(({ value }) => value),
        '\n',
      ),
    });
  return texts;
}

export function promptInjectionPolicy(input: z.input<typeof promptInjectionSettings> = {}): Policy {
  const { threshold, types, unmodelledScripts, unmodelledScriptMinLetters } =
    promptInjectionSettings.parse(input);
  const unreadable = (texts: readonly PayloadString[], scans: TextScans): string | undefined => {
    if (unmodelledScripts === 'allow') return undefined;
    for (const { path, value } of texts) {
      if (scans.partsOf(value) !== undefined) continue;
      const prose = findUnmodelledProse(value, unmodelledScriptMinLetters);
      if (prose) return `${path} is ${prose.script} prose, which the injection detector has no model of`;
    }
    return undefined;
  };
  return {
    id: 'prompt-injection',
    scansContent: true,
    evaluate(proposal, _view, _recipients, scans = textScans()) {
      if (!matchesAnyGlob(types, proposal.envelope.type))
        return allow(`${proposal.envelope.type} is not scanned`);
      let worst = { path: '', score: 0, signals: [] as readonly string[] };
      const texts = textsOf(proposal, scans);
      for (const { path, value } of texts) {
        const { score, signals } = assessInjection(value, scans);
        if (score > worst.score) worst = { path, score, signals };
        if (score >= threshold) break;
      }
      const score = worst.score.toFixed(2);
      if (worst.score >= threshold)
        return deny(`injection score ${score} >= ${threshold} in ${worst.path}: ${listed(worst.signals)}`);
      const unread = unreadable(texts, scans);
      return unread
        ? deny(`needs review: ${unread} (highest injection score ${score})`)
        : allow(`highest injection score ${score} < ${threshold}`);
    },
  };
}

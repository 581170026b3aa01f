// Text that tries to steer the LLM-backed agents downstream is stopped at the gate. Every
// payload string is assessed on its own and, since an attack can be split across fields, all
// of them joined; so is the sender's rationale, which downstream agents read too.
import { z } from 'zod';
import { assessInjection } from '../detectors/injection.ts';
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
  const { threshold, types } = promptInjectionSettings.parse(input);
  return {
    id: 'prompt-injection',
    scansContent: true,
    evaluate(proposal, _view, _recipients, scans = textScans()) {
      if (!matchesAnyGlob(types, proposal.envelope.type))
        return allow(`${proposal.envelope.type} is not scanned`);
      let worst = { path: '', score: 0, signals: [] as readonly string[] };
      for (const { path, value } of textsOf(proposal, scans)) {
        const { score, signals } = assessInjection(value, scans);
        if (score > worst.score) worst = { path, score, signals };
        if (score >= threshold) break;
      }
      const score = worst.score.toFixed(2);
      return worst.score >= threshold
        ? deny(`injection score ${score} >= ${threshold} in ${worst.path}: ${listed(worst.signals)}`)
        : allow(`highest injection score ${score} < ${threshold}`);
    },
  };
}

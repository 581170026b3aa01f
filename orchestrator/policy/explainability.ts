// A recommendation that cannot say why is not delivered: the configured types carry a
// confidence with a score in [0, 1] and a rationale, even when the outcome is UNSURE or COULD_NOT.
import { z } from 'zod';
import { matchesAnyGlob } from './glob.ts';
import { allow, deny } from './results.ts';
import { nameList, policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const explainabilitySettings = policySettings({
  types: nameList.default(['advice.*']),
  minRationaleChars: z.int().positive().default(1),
});

export function explainabilityPolicy(input: z.input<typeof explainabilitySettings> = {}): Policy {
  const { types, minRationaleChars } = explainabilitySettings.parse(input);
  return {
    id: 'explainability',
    evaluate({ envelope }) {
      if (!matchesAnyGlob(types, envelope.type)) return allow(`${envelope.type} needs no rationale`);
      const confidence = envelope.confidence;
      if (!confidence) return deny(`${envelope.type} carries no confidence`);
      const score = confidence.score ?? 0;
      if (!(score >= 0 && score <= 1)) return deny(`confidence score ${score} is outside [0, 1]`);
      const rationale = confidence.rationale?.trim() ?? '';
      if (rationale.length < minRationaleChars)
        return deny(`${envelope.type} has no rationale of at least ${minRationaleChars} characters`);
      return allow(`${confidence.outcome} at ${score} with a rationale of ${rationale.length} characters`);
    },
  };
}

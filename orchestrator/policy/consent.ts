// Processing that rests on the customer's consent (profiling, advice, marketing) needs the
// categories the customer granted. Every matching rule applies: requirements add up.
import type { z } from 'zod';
import { allMatchingRules } from './glob.ts';
import { allow, deny, listed } from './results.ts';
import { globRules, nameList, policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const consentSettings = policySettings({
  required: globRules(nameList).default({}),
});

export function consentPolicy(input: z.input<typeof consentSettings> = {}): Policy {
  const { required } = consentSettings.parse(input);
  return {
    id: 'consent',
    evaluate({ envelope }) {
      const needed = [...new Set(allMatchingRules(required, envelope.type).flat())];
      if (needed.length === 0) return allow(`${envelope.type} needs no consent`);
      const granted = envelope.consent ?? [];
      const missing = needed.filter((category) => !granted.includes(category));
      return missing.length === 0
        ? allow(`consent ${listed(needed)} granted`)
        : deny(`${envelope.type} needs consent ${listed(missing)}; granted ${listed(granted)}`);
    },
  };
}

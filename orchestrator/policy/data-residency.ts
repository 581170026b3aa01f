// Data stays where the customer's contract says it may be processed. A tenant's own region list
// (glob on tenant id, first match) replaces the global one; an empty list allows nothing.
import type { z } from 'zod';
import { firstMatchingRule } from './glob.ts';
import { allow, deny, listed } from './results.ts';
import { globRules, nameList, policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const dataResidencySettings = policySettings({
  regions: nameList.default([]),
  tenants: globRules(nameList).default({}),
});

export function dataResidencyPolicy(input: z.input<typeof dataResidencySettings> = {}): Policy {
  const { regions, tenants } = dataResidencySettings.parse(input);
  return {
    id: 'data-residency',
    evaluate({ envelope }) {
      const tenant = envelope.actor?.tenantId ?? '';
      const region = envelope.actor?.region ?? '';
      const rule = firstMatchingRule(tenants, tenant);
      const allowed = rule?.value ?? regions;
      const scope = rule ? `tenant ${tenant}` : 'this gate';
      return allowed.includes(region)
        ? allow(`region ${region} is allowed for ${scope}`)
        : deny(`region ${region || '(none)'} is outside ${listed(allowed)} allowed for ${scope}`);
    },
  };
}

// Who may cause an event of each type. Rules are `type glob: [roles]`, first match wins (in YAML
// order, like a firewall); the role `*` admits any actor. A type no rule covers follows
// `unmatched`, deny by default: nobody authorised it.
import { z } from 'zod';
import { firstMatchingRule } from './glob.ts';
import { allow, deny, listed } from './results.ts';
import { globRules, nameList, policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const rbacSettings = policySettings({
  rules: globRules(nameList).default({}),
  unmatched: z.enum(['allow', 'deny']).default('deny'),
});

export function rbacPolicy(input: z.input<typeof rbacSettings> = {}): Policy {
  const { rules, unmatched } = rbacSettings.parse(input);
  return {
    id: 'rbac',
    evaluate({ envelope }) {
      const rule = firstMatchingRule(rules, envelope.type);
      if (!rule) {
        const reason = `no rule covers ${envelope.type}`;
        return unmatched === 'allow' ? allow(reason) : deny(reason);
      }
      const roles = envelope.actor?.roles ?? [];
      const granted = roles.find((role) => rule.value.includes(role));
      if (granted !== undefined)
        return allow(`role ${granted} may cause ${envelope.type} (rule ${rule.pattern})`);
      return rule.value.includes('*')
        ? allow(`any actor may cause ${envelope.type} (rule ${rule.pattern})`)
        : deny(
            `${envelope.type} needs one of ${listed(rule.value)} (rule ${rule.pattern}); actor has ${listed(roles)}`,
          );
    },
  };
}

// Per-agent risk class: a HIGH-risk agent (AML, compliance) acts only for an actor holding one of
// the configured roles, and every agent's own requiredRoles (all of them) must be held by the actor.
import { z } from 'zod';
import { limitOrAllow, listed } from './results.ts';
import { nameList, policySettings } from './settings.ts';
import type { AgentEntry, Exclusion, Policy } from './types.ts';

export const riskClassSettings = policySettings({
  highRiskRoles: nameList.default(['advisor', 'admin']),
  enforceRequiredRoles: z.boolean().default(true),
});

export function riskClassPolicy(input: z.input<typeof riskClassSettings> = {}): Policy {
  const { highRiskRoles, enforceRequiredRoles } = riskClassSettings.parse(input);
  const refusal = (agent: AgentEntry, roles: readonly string[]): string | undefined => {
    if (agent.riskClass === 'HIGH' && !roles.some((role) => highRiskRoles.includes(role)))
      return `HIGH-risk agent acts only for ${listed(highRiskRoles)}; actor has ${listed(roles)}`;
    const missing = enforceRequiredRoles
      ? (agent.requiredRoles ?? []).filter((role) => !roles.includes(role))
      : [];
    return missing.length > 0 ? `agent requires role ${listed(missing)}` : undefined;
  };
  return {
    id: 'risk-class',
    evaluate({ envelope }, _view, recipients) {
      const roles = envelope.actor?.roles ?? [];
      const excluded = recipients.flatMap((agent): Exclusion[] => {
        const reason = refusal(agent, roles);
        return reason === undefined ? [] : [{ agent: agent.name, reason }];
      });
      return limitOrAllow(
        excluded,
        `${excluded.length} recipient(s) may not act for this actor`,
        'every recipient may act for this actor',
      );
    },
  };
}

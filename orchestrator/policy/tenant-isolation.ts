// Tenants (a bank's legal entities or brands) never see each other's records. Every record names
// a tenant that matches an allowed pattern and, since callers choose workflow ids, the tenant of
// its workflow (the first record's not denied): another tenant cannot join a workflow, nor make
// its agents fold two tenants' records into one state. An agent pinned to some tenants receives
// records of those tenants only.
import { z } from 'zod';
import { matchesAnyGlob } from './glob.ts';
import { deny, limitOrAllow, listed, present } from './results.ts';
import { nameList, ownEntry, policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const tenantIsolationSettings = policySettings({
  /** Tenant ids (globs) this gate serves. */
  tenants: nameList.default(['*']),
  /** Agent name → the tenants (globs) it may serve. Agents not listed serve every tenant. */
  agents: z.record(z.string().min(1), nameList).default({}),
});

export function tenantIsolationPolicy(input: z.input<typeof tenantIsolationSettings> = {}): Policy {
  const { tenants, agents } = tenantIsolationSettings.parse(input);
  return {
    id: 'tenant-isolation',
    evaluate({ envelope }, view, recipients) {
      const tenant = envelope.actor?.tenantId;
      if (!present(tenant)) return deny('actor.tenantId is missing');
      if (!matchesAnyGlob(tenants, tenant))
        return deny(`tenant ${tenant} is not served here (${listed(tenants)})`);
      const owner = view.tenantOf(envelope.correlationId);
      if (owner !== undefined && owner !== tenant)
        return deny(`workflow ${envelope.correlationId} belongs to tenant ${owner}, not ${tenant}`);
      const excluded = recipients.flatMap((agent) => {
        const pinned = ownEntry(agents, agent.name);
        return pinned === undefined || matchesAnyGlob(pinned, tenant)
          ? []
          : [{ agent: agent.name, reason: `pinned to ${listed(pinned)}, not ${tenant}` }];
      });
      return limitOrAllow(
        excluded,
        `${excluded.length} recipient(s) serve other tenants`,
        `tenant ${tenant}; no recipient pinned elsewhere`,
      );
    },
  };
}

// The agent inventory as the API shows it: the shared fold of sg.registry and sg.control
// (registry/), so the API lists exactly the agents the gate routes to, killed exactly when the
// gate stops them. Only operator-signed registrations appear; an agent's own request does not.
import type { RegistryFold } from '../registry/fold.ts';
import type { Clearance, RiskClass } from '../schemas/generated/types.ts';

export interface KillSwitch {
  /** The agent name, or * for every agent. */
  readonly target: string;
  readonly reason: string;
  readonly issuedBy: string;
  readonly issuedAt: string;
}

export interface InventoryAgent {
  readonly name: string;
  readonly version: string;
  readonly consumes: readonly string[];
  readonly emits: readonly string[];
  readonly risk: RiskClass;
  readonly clearance: Clearance;
  readonly requiredRoles: readonly string[];
  readonly fallback: string;
  readonly announcedAt: string;
  readonly status: 'active' | 'killed';
  readonly killSwitch: KillSwitch | null;
}

/** Every registered agent, by name. */
export function inventoryOf(fold: RegistryFold): InventoryAgent[] {
  return fold.registrations().map((agent) => {
    const kill = fold.killSwitchOf(agent.name);
    const killSwitch = kill
      ? {
          target: kill.target,
          reason: kill.reason,
          issuedBy: kill.issuedBy,
          issuedAt: new Date(kill.issuedAt).toISOString(),
        }
      : null;
    return {
      name: agent.name,
      version: agent.version,
      consumes: agent.consumes,
      emits: agent.emits,
      risk: agent.riskClass,
      clearance: agent.clearance,
      requiredRoles: agent.requiredRoles ?? [],
      fallback: agent.fallback,
      announcedAt: new Date(agent.announcedAt).toISOString(),
      status: killSwitch ? 'killed' : 'active',
      killSwitch,
    };
  });
}

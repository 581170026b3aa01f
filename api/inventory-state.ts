// The agent inventory as the API shows it, folded from sg.registry announcements and sg.control
// commands. Both topics are compacted: a record with a null value (a tombstone) removes its key.
import type { AgentAnnounced, Clearance, ControlCommand, RiskClass } from '../schemas/generated/types.ts';

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

export class AgentInventory {
  private readonly announced = new Map<string, AgentAnnounced>();
  private readonly kills = new Map<string, KillSwitch>();

  announce(agent: AgentAnnounced): void {
    this.announced.set(agent.name, agent);
  }

  /** A registry tombstone: the agent was retired. */
  retire(name: string): void {
    this.announced.delete(name);
  }

  control(command: ControlCommand): void {
    if (command.kind === 'KILL') {
      const { target, reason, issuedBy } = command;
      this.kills.set(target, {
        target,
        reason,
        issuedBy,
        issuedAt: new Date(command.issuedAt).toISOString(),
      });
    }
    if (command.kind === 'RESUME') this.kills.delete(command.target);
  }

  /** A control tombstone: whatever held the target is lifted. */
  lift(target: string): void {
    this.kills.delete(target);
  }

  /** Every announced agent, by name. */
  agents(): InventoryAgent[] {
    return [...this.announced.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((agent) => {
        const killSwitch = this.kills.get(agent.name) ?? this.kills.get('*') ?? null;
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
}

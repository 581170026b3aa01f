// The live agent inventory, built from sg.registry (announcements) and sg.control (kill
// switches). Both topics are compacted, so replaying them from the start rebuilds it.
import type { AgentAnnounced, ControlCommand } from '../../schemas/generated/types.ts';
import { matchesAnyGlob } from '../policy/glob.ts';
import type { AgentEntry } from '../policy/types.ts';

export interface KillSwitch {
  readonly target: string;
  readonly reason: string;
  readonly issuedBy: string;
  readonly issuedAt: number;
}

export class AgentDirectory {
  private readonly agents = new Map<string, AgentAnnounced>();
  private readonly kills = new Map<string, KillSwitch>();

  announce(agent: AgentAnnounced): void {
    this.agents.set(agent.name, agent);
  }

  control(command: ControlCommand): void {
    if (command.kind === 'KILL') this.kills.set(command.target, command);
    if (command.kind === 'RESUME') this.kills.delete(command.target);
  }

  get allKilled(): boolean {
    return this.kills.has('*');
  }

  killSwitchOf(agent: string): KillSwitch | undefined {
    return this.kills.get(agent) ?? this.kills.get('*');
  }

  /**
   * Agents that declare they consume the type (capability routing). An agent that consumes a type
   * it emits receives its own records too, on purpose; the hop limit stops any loop.
   */
  recipientsFor(eventType: string): AgentEntry[] {
    const recipients: AgentEntry[] = [];
    for (const agent of this.agents.values()) {
      if (!matchesAnyGlob(agent.consumes, eventType)) continue;
      recipients.push({ ...agent, killed: this.killSwitchOf(agent.name) !== undefined });
    }
    return recipients;
  }

  publicKeyOf(sender: string): string | undefined {
    return this.agents.get(sender)?.publicKey;
  }

  inventory(): AgentEntry[] {
    return [...this.agents.values()].map((agent) => ({
      ...agent,
      killed: this.killSwitchOf(agent.name) !== undefined,
    }));
  }
}

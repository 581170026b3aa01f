// The one fold of sg.registry and sg.control, shared by the gate, the API and the CLI: which
// agents are registered (operator-signed), what they requested, and which kill switches hold.
// It applies checked changes (records.ts); a rejected record (a tombstone under a registration or
// control key among them) changes nothing. Nor does a signed record older than the one in force
// for its key: the topics keep every record (never compacted), so each follower sees the same
// history and a replayed old registration (a rotated-out key) or an old RESUME cannot come back.
import type { AgentAnnounced, ControlCommand } from '../schemas/generated/types.ts';
import type { RegistryChange } from './records.ts';

export class RegistryFold {
  private readonly registered = new Map<string, AgentAnnounced>();
  private readonly requests = new Map<string, AgentAnnounced>();
  private readonly kills = new Map<string, ControlCommand>();
  /** When the registration or retirement in force for an agent was signed. */
  private readonly registeredAt = new Map<string, number>();
  /** When the KILL or RESUME in force for a target was issued. */
  private readonly commandedAt = new Map<string, number>();

  /** True (and remembered) when `at` is not older than what is in force for the key. */
  private static current(times: Map<string, number>, key: string, at: number): boolean {
    if (at < (times.get(key) ?? -Infinity)) return false;
    times.set(key, at);
    return true;
  }

  apply(change: RegistryChange): void {
    switch (change.kind) {
      case 'registered': {
        const { name, announcedAt } = change.registration;
        if (RegistryFold.current(this.registeredAt, name, announcedAt))
          this.registered.set(name, change.registration);
        return;
      }
      case 'retired':
        if (RegistryFold.current(this.registeredAt, change.agent, change.at))
          this.registered.delete(change.agent);
        return;
      case 'requested':
        this.requests.set(change.request.name, change.request);
        return;
      case 'withdrawn':
        this.requests.delete(change.agent);
        return;
      case 'commanded':
        return this.command(change.command);
      case 'rejected':
        return;
      default: {
        const unknown: never = change;
        throw new Error(`unknown registry change ${JSON.stringify(unknown)}`);
      }
    }
  }

  private command(command: ControlCommand): void {
    switch (command.kind) {
      case 'KILL':
        if (RegistryFold.current(this.commandedAt, command.target, command.issuedAt))
          this.kills.set(command.target, command);
        return;
      case 'RESUME':
        if (RegistryFold.current(this.commandedAt, command.target, command.issuedAt))
          this.kills.delete(command.target);
        return;
      case 'DRILL': // an event for the agent's runtime, not state
      case 'ACTIVATE_POLICY':
        return;
      default: {
        const unknown: never = command.kind;
        throw new Error(`unknown control kind ${String(unknown)}`);
      }
    }
  }

  /** The operator-signed registration in effect for an agent. */
  registration(agent: string): AgentAnnounced | undefined {
    return this.registered.get(agent);
  }

  /** Every registered agent, by name. */
  registrations(): AgentAnnounced[] {
    return [...this.registered.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** What the agent last announced about itself: a request an operator may approve. */
  request(agent: string): AgentAnnounced | undefined {
    return this.requests.get(agent);
  }

  get allKilled(): boolean {
    return this.kills.has('*');
  }

  /** When the KILL or RESUME in force for a target was issued: a RESUME's time starts a fresh watch. */
  lastCommandAt(target: string): number | undefined {
    return this.commandedAt.get(target);
  }

  /** Every KILL in force, the global one included. */
  killSwitches(): ControlCommand[] {
    return [...this.kills.values()];
  }

  /** The KILL command that holds the agent: its own, or the global one. */
  killSwitchOf(agent: string): ControlCommand | undefined {
    return this.kills.get(agent) ?? this.kills.get('*');
  }
}

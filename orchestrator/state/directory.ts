// The gate's view of the agent inventory: the shared fold of sg.registry and sg.control
// (registry/), read as routing candidates, keys and kill switches.
import type { RegistryFold } from '../../registry/fold.ts';
import { matchesAnyGlob } from '../policy/glob.ts';
import type { AgentEntry } from '../policy/types.ts';

export class AgentDirectory {
  constructor(private readonly fold: RegistryFold) {}

  get allKilled(): boolean {
    return this.fold.allKilled;
  }

  killSwitchOf(agent: string) {
    return this.fold.killSwitchOf(agent);
  }

  /**
   * Agents that declare they consume the type (capability routing). An agent that consumes a type
   * it emits receives its own records too, on purpose; the hop limit stops any loop.
   */
  recipientsFor(eventType: string): AgentEntry[] {
    return this.inventory().filter((agent) => matchesAnyGlob(agent.consumes, eventType));
  }

  /** Only an operator-signed registration gives a sender a key; its own announcement never does. */
  publicKeyOf(sender: string): string | undefined {
    return this.fold.registration(sender)?.publicKey;
  }

  registrationOf(name: string): AgentEntry | undefined {
    const agent = this.fold.registration(name);
    return agent && { ...agent, killed: this.killSwitchOf(name) !== undefined };
  }

  inventory(): AgentEntry[] {
    return this.fold.registrations().map((agent) => ({
      ...agent,
      killed: this.killSwitchOf(agent.name) !== undefined,
    }));
  }
}

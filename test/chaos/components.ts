// The multi-process swarm the chaos run attacks: every component a `swarmgate` child process on
// Kafka, as many instances of each as asked, each restartable after a SIGKILL. A process that
// exits without being told to is recorded as an unexpected exit and started again, so the run
// goes on and its report names it.
import type { Child } from '../support/child.ts';
import { startCli } from '../support/cli.ts';

export const agentNames = ['analyst', 'fraud', 'aml-monitor', 'advisor', 'compliance', 'responder'] as const;

export type Kind = 'gate' | 'projector' | (typeof agentNames)[number];

/** How many instances of each: gates in one group, each agent in its own, projectors active/standby. */
export interface Instances {
  readonly gates: number;
  readonly agents: number;
  readonly projectors: number;
}

export interface UnexpectedExit {
  readonly name: string;
  readonly code: number | null;
  readonly signal: string | null;
}

export interface Component {
  /** kind#instance, e.g. gate#2: also its SWARMGATE_INSTANCE. */
  readonly name: string;
  readonly kind: Kind;
  readonly args: readonly string[];
  readonly ready: RegExp;
  child?: Child;
  /** Set while this run stops or kills it, so its exit is not unexpected. */
  stopping?: boolean;
  /** It said it is ready, and has not been stopped or exited since. */
  up?: boolean;
}

const argsOf = (kind: Kind): string[] => (kind === 'gate' || kind === 'projector' ? [kind] : ['agent', kind]);
const readyOf = (kind: Kind): RegExp =>
  new RegExp(`${kind === 'gate' || kind === 'projector' ? kind : 'agent'}\\.ready`);

export function component(kind: Kind, instance: number): Component {
  return { name: `${kind}#${instance}`, kind, args: argsOf(kind), ready: readyOf(kind) };
}

export function components(instances: Instances = { gates: 1, agents: 1, projectors: 1 }): Component[] {
  const of = (kind: Kind, count: number) => Array.from({ length: count }, (_, i) => component(kind, i + 1));
  return [
    ...of('gate', instances.gates),
    ...of('projector', instances.projectors),
    ...agentNames.flatMap((agent) => of(agent, instances.agents)),
  ];
}

/** One more instance of `kind`, numbered after those in `swarm`. */
export function another(kind: Kind, swarm: readonly Component[]): Component {
  return component(kind, swarm.filter((c) => c.kind === kind).length + 1);
}

export class Swarm {
  readonly members: Component[] = [];
  readonly unexpectedExits: UnexpectedExit[] = [];

  constructor(
    private readonly env: Record<string, string>,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Starts `member` (adding it to the swarm) and resolves once it says it is ready. One that
   * exits by itself, before or after that, is recorded and started again.
   */
  async start(member: Component): Promise<void> {
    if (!this.members.includes(member)) this.members.push(member);
    member.stopping = false;
    member.up = false;
    for (let attempt = 1; ; attempt++) {
      const child = startCli(member.args, { ...this.env, SWARMGATE_INSTANCE: member.name });
      member.child = child;
      child.process.once('exit', (code, signal) => this.exited(member, child, { code, signal }));
      try {
        await child.waitForLine(member.ready);
        member.up = true;
        return;
      } catch (error) {
        if (member.stopping || attempt === 3) throw error;
      }
    }
  }

  /** Members that are ready and not being stopped: what a kill may hit. */
  running(): Component[] {
    return this.members.filter((member) => member.up && !member.stopping);
  }

  private exited(member: Component, child: Child, how: Omit<UnexpectedExit, 'name'>): void {
    if (member.stopping || member.child !== child) return;
    this.unexpectedExits.push({ name: member.name, ...how });
    this.log(`chaos: ${member.name} exited by itself (code ${how.code}, signal ${how.signal})`);
    // Before it was ready, start() tries again itself; after, it is started again here.
    if (member.up)
      void this.start(member).catch((error: unknown) =>
        this.log(`chaos: ${member.name} did not start again: ${String(error)}`),
      );
  }

  async killAndRestart(member: Component): Promise<void> {
    member.stopping = true;
    member.up = false;
    await member.child?.kill('SIGKILL');
    await this.start(member);
  }

  async stop(members: readonly Component[] = this.members): Promise<void> {
    for (const member of members) member.stopping = true;
    await Promise.all(members.map((member) => member.child?.kill('SIGTERM') ?? Promise.resolve()));
  }
}

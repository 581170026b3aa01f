// The multi-process swarm the chaos run attacks: every component a `swarmgate` child process on
// Kafka, restartable after a SIGKILL.
import type { Child } from '../support/child.ts';
import { startCli } from '../support/cli.ts';

export const agentNames = ['analyst', 'fraud', 'aml-monitor', 'advisor', 'compliance', 'responder'] as const;

export interface Component {
  readonly name: string;
  readonly args: readonly string[];
  readonly ready: RegExp;
  child?: Child;
}

export function components(): Component[] {
  return [
    { name: 'gate', args: ['gate'], ready: /gate\.ready/ },
    { name: 'projector', args: ['projector'], ready: /projector\.ready/ },
    ...agentNames.map((agent) => ({ name: agent, args: ['agent', agent], ready: /agent\.ready/ })),
  ];
}

export async function start(component: Component, env: Record<string, string>): Promise<void> {
  const child = startCli(component.args, env);
  component.child = child;
  await child.waitForLine(component.ready);
}

export async function killAndRestart(component: Component, env: Record<string, string>): Promise<void> {
  await component.child?.kill('SIGKILL');
  await start(component, env);
}

export async function stopAll(all: readonly Component[]): Promise<void> {
  await Promise.all(all.map((component) => component.child?.kill('SIGTERM') ?? Promise.resolve()));
}

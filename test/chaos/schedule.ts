// The chaos run's disturbances over the publishing span: SIGKILLs at random members and new
// instances joining their groups, each spread evenly over the span. Restarts and starts run
// alongside, so a slow one does not push the later ones past the end of the stream.
import { agentNames, another, type Component, type Kind, type Swarm } from './components.ts';

const at = (due: number) =>
  due > Date.now() ? new Promise((resolve) => setTimeout(resolve, due - Date.now())) : Promise.resolve();

/** When the k-th of `count` events is due: in its slot of the span, in the slot's later half. */
const dueOf = (began: number, spanMs: number, k: number, count: number) =>
  began + (spanMs * (k + 0.5 + Math.random() * 0.5)) / (count + 1);

async function settled(pending: Iterable<Promise<void>>, failed: readonly unknown[], what: string) {
  await Promise.all(pending);
  if (failed.length > 0) throw new Error(`a component did not ${what}`, { cause: failed[0] });
}

/**
 * Kills at random members that are not restarting already. `before` is called ahead of each
 * kill and says whether workflows are in flight. Resolves when every restarted member is ready.
 */
export async function killOnSchedule(
  swarm: Swarm,
  plan: {
    readonly kills: number;
    readonly spanMs: number;
    readonly before: (victim: Component, k: number) => Promise<boolean>;
  },
): Promise<{ kills: number; killsInFlight: number }> {
  const began = Date.now();
  const restarting = new Map<Component, Promise<void>>();
  const failed: unknown[] = [];
  let killsInFlight = 0;
  for (let k = 0; k < plan.kills; k++) {
    await at(dueOf(began, plan.spanMs, k, plan.kills));
    // Everything restarting or still starting: wait for one to be up again.
    while (swarm.running().length === 0) await Promise.race([...restarting.values(), at(Date.now() + 500)]);
    const candidates = swarm.running();
    const victim = candidates[Math.floor(Math.random() * candidates.length)]!;
    if (await plan.before(victim, k)) killsInFlight += 1;
    const restart = swarm
      .killAndRestart(victim)
      .catch((error: unknown) => void failed.push(error))
      .finally(() => restarting.delete(victim));
    restarting.set(victim, restart);
  }
  await settled(restarting.values(), failed, 'restart');
  return { kills: plan.kills, killsInFlight };
}

/** The kinds new instances are added of, in turn: the stateful ones first, then the other agents. */
const scaleOrder: readonly Kind[] = [
  'gate',
  'aml-monitor',
  'projector',
  'responder',
  ...agentNames.filter((agent) => agent !== 'aml-monitor' && agent !== 'responder'),
];

/** Adds `count` instances mid-stream, of each kind in turn; resolves when all are ready. */
export async function scaleOutOnSchedule(
  swarm: Swarm,
  plan: { readonly count: number; readonly spanMs: number; readonly log: (line: string) => void },
): Promise<Component[]> {
  const began = Date.now();
  const starting: Promise<void>[] = [];
  const failed: unknown[] = [];
  const added: Component[] = [];
  for (let k = 0; k < plan.count; k++) {
    await at(dueOf(began, plan.spanMs, k, plan.count));
    const member = another(scaleOrder[k % scaleOrder.length]!, swarm.members);
    plan.log(`chaos: scale out ${k + 1}/${plan.count}: ${member.name}`);
    added.push(member);
    starting.push(swarm.start(member).catch((error: unknown) => void failed.push(error)));
  }
  await settled(starting, failed, 'start');
  return added;
}

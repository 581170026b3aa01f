// Rate limits per actor (tenant/user) and per sender (agent or upstream system) over a sliding
// window. The gate counts each record it decides against rateKeysOf(proposal), whatever the
// outcome, so a flood stays throttled while it keeps coming; view.rateCount reads those counts.
// Each rate key is counted by the one gate that owns its partition (orchestrator/gate/stages.ts),
// so a limit holds whatever the number of gates.
// An actor is charged for what it sends upstream (sg.ingress) only. Agents' proposals carry the
// actor they act for, but they are the agent's work: charging them to the actor would let one
// request use up its customer's allowance and deny the workflow's own later steps (a deadline,
// a response). The agent's sender limit, the hop limit and the budget bound that work instead.
import { z } from 'zod';
import { allow, deny } from './results.ts';
import { ownEntry, policySettings } from './settings.ts';
import { viewHorizonMs, type Policy, type Proposal } from './types.ts';

const limit = z.int().positive();
const window = z
  .strictObject({
    limit: limit.default(600),
    windowMs: z
      .int()
      .positive()
      .max(viewHorizonMs, `the gate remembers records for at most ${viewHorizonMs} ms`)
      .default(60_000),
    /** Per user id (actor) or sender name: a different limit. */
    overrides: z.record(z.string().min(1), limit).default({}),
  })
  .prefault({});

export const rateLimitSettings = policySettings({ perActor: window, perSource: window });

export const actorRateKey = (tenantId: string, userId: string): string => `actor:${tenantId}/${userId}`;
export const sourceRateKey = (source: string): string => `source:${source}`;

/** Who a record is charged to: its actor for upstream records only, and always its sender. */
function chargedTo({ envelope, origin }: Pick<Proposal, 'envelope' | 'origin'>) {
  const userId = envelope.actor?.userId ?? '';
  const sender = { kind: 'sender', name: envelope.source, key: sourceRateKey(envelope.source) } as const;
  if (origin !== 'ingress') return [sender];
  const actor = {
    kind: 'actor',
    name: userId,
    key: actorRateKey(envelope.actor?.tenantId ?? '', userId),
  } as const;
  return [actor, sender];
}

export function rateKeysOf(proposal: Pick<Proposal, 'envelope' | 'origin'>): string[] {
  return chargedTo(proposal).map(({ key }) => key);
}

/** The window a rate key is counted over: the per-actor or the per-sender one. */
export function rateWindowMsOf(input: z.input<typeof rateLimitSettings> = {}): (key: string) => number {
  const { perActor, perSource } = rateLimitSettings.parse(input);
  return (key) => (key.startsWith('actor:') ? perActor.windowMs : perSource.windowMs);
}

export function rateLimitPolicy(input: z.input<typeof rateLimitSettings> = {}): Policy {
  const { perActor, perSource } = rateLimitSettings.parse(input);
  return {
    id: 'rate-limit',
    evaluate(proposal, view) {
      for (const { kind, name, key } of chargedTo(proposal)) {
        const rule = kind === 'actor' ? perActor : perSource;
        const max = ownEntry(rule.overrides, name) ?? rule.limit;
        const count = view.rateCount(key, rule.windowMs, proposal.now);
        if (count >= max)
          return deny(`${kind} ${name} sent ${count} records in the last ${rule.windowMs} ms, limit ${max}`);
      }
      return allow('within rate limits');
    },
  };
}

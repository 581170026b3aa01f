// What a chaos run checks in sg.decisions after the fact, as an auditor would: from the decisions
// alone and the shipped policy file, whatever the number of gates that made them.
import { firstMatchingRule } from '../../orchestrator/policy/glob.ts';
import type { PolicySettings } from '../../orchestrator/policy/config.ts';
import { ownEntry } from '../../orchestrator/policy/settings.ts';
import type { Decision } from '../../schemas/generated/types.ts';
import { busiestWindow } from '../support/rate-check.ts';

export type Decided = Pick<
  Decision,
  'correlationId' | 'eventId' | 'eventType' | 'outcome' | 'costMicros' | 'rateKeys' | 'origin' | 'decidedAt'
>;

export interface Breach {
  readonly subject: string;
  readonly detail: string;
}

/**
 * Workflows whose delivered costs, in decision order, went past the budget of the event that
 * spent it (the budget policy's rule: spent + cost ≤ the budget of the event's type).
 */
export function overBudget(decisions: readonly Decided[], budget: PolicySettings['budget']): Breach[] {
  const spent = new Map<string, number>();
  const breaches: Breach[] = [];
  for (const d of decisions) {
    if (d.outcome !== 'DELIVERED' || !d.costMicros) continue;
    const total = (spent.get(d.correlationId) ?? 0) + d.costMicros;
    spent.set(d.correlationId, total);
    const limit = firstMatchingRule(budget.byType, d.eventType)?.value ?? budget.defaultMicros;
    if (total > limit)
      breaches.push({
        subject: d.correlationId,
        detail: `${total} micros after ${d.eventType}, budget ${limit}`,
      });
  }
  return breaches;
}

/** A rate key's limit: per actor (overrides by user id) or per sender (overrides by name). */
function ruleOf(key: string, rates: PolicySettings['rate-limit']) {
  const actor = key.startsWith('actor:');
  const rule = actor ? rates.perActor : rates.perSource;
  // actor:<tenant>/<user> and source:<name>, as orchestrator/policy/rate-limit.ts writes them.
  const name = actor ? key.slice(key.indexOf('/') + 1) : key.slice('source:'.length);
  return { limit: ownEntry(rule.overrides, name) ?? rule.limit, windowMs: rule.windowMs };
}

/** Rate keys with more admitted records, by broker arrival time, in some window than their limit. */
export function overRate(decisions: readonly Decided[], rates: PolicySettings['rate-limit']): Breach[] {
  const arrivals = new Map<string, number[]>();
  for (const d of decisions) {
    if (d.outcome === 'DENIED') continue;
    // Exposure keys are sums of amounts, not counts: the rate rule does not apply to them.
    for (const key of (d.rateKeys ?? []).filter((k) => k.startsWith('actor:') || k.startsWith('source:'))) {
      const times = arrivals.get(key) ?? [];
      times.push(d.origin.timestamp);
      arrivals.set(key, times);
    }
  }
  return [...arrivals].flatMap(([key, times]) => {
    const { limit, windowMs } = ruleOf(key, rates);
    const most = busiestWindow(times, windowMs);
    return most > limit
      ? [{ subject: key, detail: `${most} admitted within ${windowMs} ms, limit ${limit}` }]
      : [];
  });
}

/** Event ids delivered more than once. */
export function deliveredTwice(decisions: readonly Decided[]): Breach[] {
  const times = new Map<string, number>();
  for (const d of decisions)
    if (d.outcome === 'DELIVERED') times.set(d.eventId, (times.get(d.eventId) ?? 0) + 1);
  return [...times]
    .filter(([, n]) => n > 1)
    .map(([eventId, n]) => ({ subject: eventId, detail: `delivered ${n} times` }));
}

/**
 * Accounts given structuring deposits (their workflows) with no aml.AlertRaised the gate admitted
 * in any of them. Admitted, not delivered: no shipped agent consumes alerts, which reach the
 * audit log and the projections as NO_RECIPIENT.
 */
export function structuringMissed(
  decisions: readonly Decided[],
  depositsByAccount: ReadonlyMap<string, readonly string[]>,
): Breach[] {
  const alerted = new Set(
    decisions
      .filter((d) => d.eventType === 'aml.AlertRaised' && d.outcome !== 'DENIED')
      .map((d) => d.correlationId),
  );
  return [...depositsByAccount]
    .filter(([, workflows]) => !workflows.some((workflow) => alerted.has(workflow)))
    .map(([account, workflows]) => ({
      subject: account,
      detail: `no alert in ${workflows.length} workflows`,
    }));
}

/** The longest time between two consecutive decisions decided within [from, to]: how long the pipeline stood still. */
export function longestStallMs(decisions: readonly Decided[], from: number, to: number): number {
  const times = decisions
    .map((d) => d.decidedAt)
    .filter((at) => at >= from && at <= to)
    .sort((a, b) => a - b);
  let longest = 0;
  let previous = from;
  for (const at of [...times, to]) {
    longest = Math.max(longest, at - previous);
    previous = at;
  }
  return longest;
}

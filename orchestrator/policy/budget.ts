// The cost guardian: a workflow may not spend past its budget. The budget is chosen by the event
// type (glob, first match, e.g. `advice.*` for LLM-backed advice) or the default. A negative or
// non-integer cost is refused: it would let a sender refill its own budget.
import { z } from 'zod';
import { firstMatchingRule } from './glob.ts';
import { allow, deny } from './results.ts';
import { globRules, policySettings } from './settings.ts';
import type { Policy } from './types.ts';

const micros = z.int().nonnegative();

export const budgetSettings = policySettings({
  defaultMicros: micros.default(1_000_000),
  byType: globRules(micros).default({}),
});

export function budgetPolicy(input: z.input<typeof budgetSettings> = {}): Policy {
  const { defaultMicros, byType } = budgetSettings.parse(input);
  return {
    id: 'budget',
    evaluate({ envelope }, view) {
      const cost = envelope.costMicros ?? 0;
      if (!Number.isSafeInteger(cost) || cost < 0)
        return deny(`costMicros ${cost} is not a non-negative integer`);
      const budget = firstMatchingRule(byType, envelope.type)?.value ?? defaultMicros;
      const spent = view.spentMicros(envelope.correlationId);
      const total = spent + cost;
      return total > budget
        ? deny(
            `workflow would spend ${total} micros (${spent} spent + ${cost}), above its budget of ${budget}`,
          )
        : allow(`workflow at ${total} of ${budget} micros`);
    },
  };
}

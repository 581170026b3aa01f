// No endless loops between agents: a record more than maxHops agent steps from its origin is
// stopped. An agent output claims at least one hop, so resetting the count cannot evade the limit.
import { z } from 'zod';
import { allow, deny } from './results.ts';
import { policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const hopLimitSettings = policySettings({
  maxHops: z.int().positive().default(10),
});

export function hopLimitPolicy(input: z.input<typeof hopLimitSettings> = {}): Policy {
  const { maxHops } = hopLimitSettings.parse(input);
  return {
    id: 'hop-limit',
    evaluate({ envelope, origin }) {
      const hops = envelope.hops ?? 0;
      if (!Number.isSafeInteger(hops) || hops < 0) return deny(`hops ${hops} is not a non-negative integer`);
      if (origin === 'proposed' && hops < 1) return deny('an agent output must count at least one hop');
      return hops > maxHops
        ? deny(`${hops} hops, above the limit of ${maxHops}`)
        : allow(`${hops} of ${maxHops} hops`);
    },
  };
}

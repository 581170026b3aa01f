// An agent never receives data above its clearance: PUBLIC < INTERNAL < PII < SECRET.
// Recipients below the record's classification are excluded; the others still receive it.
import type { z } from 'zod';
import { deny, limitOrAllow } from './results.ts';
import { classificationRank, policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const classificationCeilingSettings = policySettings({});

export function classificationCeilingPolicy(
  input: z.input<typeof classificationCeilingSettings> = {},
): Policy {
  classificationCeilingSettings.parse(input);
  return {
    id: 'classification-ceiling',
    evaluate({ envelope }, _view, recipients) {
      const level = envelope.classification;
      const needed = classificationRank(level);
      if (needed === undefined) return deny(`unknown classification ${String(level)}`);
      const excluded = recipients
        .filter((agent) => !((classificationRank(agent.clearance) ?? -1) >= needed))
        .map((agent) => ({ agent: agent.name, reason: `clearance ${agent.clearance} is below ${level}` }));
      return limitOrAllow(
        excluded,
        `${excluded.length} recipient(s) below ${level}`,
        `every recipient is cleared for ${level}`,
      );
    },
  };
}

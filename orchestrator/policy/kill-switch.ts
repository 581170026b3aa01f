// Operators stop one agent, or every agent, through sg.control. A killed agent receives nothing
// and what it still proposes goes nowhere; with the global switch on, nothing is delivered at all.
import type { z } from 'zod';
import { deny, limitOrAllow } from './results.ts';
import { policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const killSwitchSettings = policySettings({});

export function killSwitchPolicy(input: z.input<typeof killSwitchSettings> = {}): Policy {
  killSwitchSettings.parse(input);
  return {
    id: 'kill-switch',
    evaluate({ origin, envelope }, view, recipients) {
      if (view.allKilled) return deny('the global kill switch stops every agent');
      if (origin === 'proposed' && view.isKilled(envelope.source))
        return deny(`the sender ${envelope.source} is stopped by a kill switch`);
      const excluded = recipients
        .filter((agent) => agent.killed)
        .map((agent) => ({ agent: agent.name, reason: 'stopped by a kill switch' }));
      return limitOrAllow(excluded, `${excluded.length} recipient(s) stopped`, 'no recipient is stopped');
    },
  };
}

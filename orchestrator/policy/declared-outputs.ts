// An agent proposes only what its operator-approved registration says it emits (and the deadline
// ticks its runtime proposes): a compromised or misled agent cannot take another's part, such as
// an analyst closing a compliance review or an advisor answering a customer. Other senders on
// sg.proposed (the case desk) may be held to the types the YAML lists for them, and those types
// are theirs alone: no agent records a human decision, even one registered to emit it.
import { z } from 'zod';
import { DEADLINE } from '../../schemas/vocabulary.ts';
import { matchesAnyGlob } from './glob.ts';
import { allow, deny, listed } from './results.ts';
import { nameList, ownEntry, policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const declaredOutputsSettings = policySettings({
  /** Senders that are no agent → the types (globs) they may propose on sg.proposed, and no other sender may. */
  sources: z.record(z.string().min(1), nameList).default({}),
});

/** Every agent's runtime proposes deadline ticks for the workflows it waits on. */
const runtimeTypes = [DEADLINE];

export function declaredOutputsPolicy(input: z.input<typeof declaredOutputsSettings> = {}): Policy {
  const { sources } = declaredOutputsSettings.parse(input);
  return {
    id: 'declared-outputs',
    evaluate({ origin, envelope: { source, type } }, view) {
      if (origin === 'ingress') return allow('upstream records are held to their types by rbac');
      const owner = Object.entries(sources).find(([, types]) => matchesAnyGlob(types, type))?.[0];
      if (owner !== undefined && owner !== source)
        return deny(`only ${owner} may propose ${type}, whatever a registration declares`);
      const agent = view.registrationOf(source);
      const declared = agent ? [...agent.emits, ...runtimeTypes] : ownEntry(sources, source);
      if (declared === undefined) return allow(`${source} is no agent, and the policy lists no types for it`);
      return matchesAnyGlob(declared, type)
        ? allow(`${source} declares ${type}`)
        : deny(`${source} may propose only what it declares (${listed(declared)}), not ${type}`);
    },
  };
}

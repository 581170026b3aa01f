// Harmless by design: a model never gains a capability from what it read. Text from upstream
// systems is untrusted, and so is whatever a model wrote after reading it. Each delivered record
// gets a provenance label, from its sender and the label of the record it answers (its
// causation); an effect type (an approval, a case closure, an answer that discloses) whose label
// says a model read untrusted text and no deterministic checker or human decided since is denied,
// whatever the text says, so it holds for wordings no detector has seen.
import type { z } from 'zod';
import { matchesAnyGlob } from './glob.ts';
import { allow, deny, listed } from './results.ts';
import { nameList, policySettings } from './settings.ts';
import type { Policy, Proposal, Provenance, WorkflowProvenance } from './types.ts';

export const effectProvenanceSettings = policySettings({
  /** Event types (globs) that change something for a customer or a case. None: nothing is guarded. */
  effects: nameList.default([]),
  /** Agents no model writes for. Every other sender on sg.proposed counts as model-backed. */
  deterministic: nameList.default([]),
  /** Deterministic agents whose verdict may stand between a model's words and an effect. */
  checkers: nameList.default([]),
  /** Senders of human decisions (signed, so the signature policy proves them). */
  humans: nameList.default([]),
  /** Upstream sources whose text is trusted. None by default: upstream free text is untrusted. */
  trustedSources: nameList.default([]),
});
export type EffectProvenanceSettings = z.output<typeof effectProvenanceSettings>;

/** What a cause the workflow never delivered counts as: the worst the workflow has seen, so a made-up causation launders nothing. */
function unknownCause(workflow: WorkflowProvenance | undefined): Provenance {
  if (workflow?.modelRead) return 'model';
  return workflow && Object.keys(workflow.labels).length > 0 ? 'untrusted' : 'trusted';
}

function causeOf(proposal: Proposal, workflow: WorkflowProvenance | undefined): Provenance {
  const cause = proposal.envelope.causationId;
  if (cause && workflow && Object.hasOwn(workflow.labels, cause)) return workflow.labels[cause]!;
  return unknownCause(workflow);
}

/** The label a record gets when the gate delivers it. */
export function provenanceOf(
  settings: EffectProvenanceSettings,
  proposal: Proposal,
  workflow: WorkflowProvenance | undefined,
): Provenance {
  const sender = proposal.envelope.source;
  if (proposal.origin === 'ingress')
    return settings.trustedSources.includes(sender) ? 'trusted' : 'untrusted';
  if (settings.humans.includes(sender)) return 'checked';
  const cause = causeOf(proposal, workflow);
  if (!settings.deterministic.includes(sender)) return cause === 'trusted' ? 'trusted' : 'model';
  if (settings.checkers.includes(sender) && cause === 'model') return 'checked';
  return cause;
}

export function effectProvenancePolicy(input: z.input<typeof effectProvenanceSettings> = {}): Policy {
  const settings = effectProvenanceSettings.parse(input);
  return {
    id: 'effect-provenance',
    evaluate(proposal, view) {
      const label = provenanceOf(settings, proposal, view.provenanceOf(proposal.envelope.correlationId));
      const { type, source } = proposal.envelope;
      if (!matchesAnyGlob(settings.effects, type)) return allow(`provenance ${label}; ${type} is no effect`);
      if (label === 'model')
        return deny(
          `${type} is an effect, and its cause chain holds untrusted text that a model read with no checker (${listed(settings.checkers)}) or human deciding since; ${source} may not cause it`,
        );
      return allow(`provenance ${label}: no model's words reach this effect unchecked`);
    },
  };
}

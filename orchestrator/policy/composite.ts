// The gate's one policy: a fold over the enabled policies in YAML order. Every policy runs, so a
// decision records every verdict, with two exceptions that keep a bad record cheap: a final
// denial (max-length) ends the fold, and any denial by a policy that does not read the texts
// skips the content scanners (pii, prompt-injection), whose verdict could no longer change the
// outcome. A skipped policy is recorded as SKIP with the denial that skipped it. LIMIT narrows
// the recipients for the policies after it, REDACT replaces the payload for them and for
// delivery, and any DENY denies the record. Nothing here throws: a policy that throws is a DENY
// with the error as its reason.
import { textScans, type TextScans } from '../detectors/textScans.ts';
import { enabledPolicies } from './catalog.ts';
import { loadPolicyConfig, policyVersionOf, type PolicyConfig } from './config.ts';
import { provenanceOf } from './provenance.ts';
import { exposureCapOf, exposureWeightsOf, exposureWindowMsOf, isExposureKey } from './exposure.ts';
import { rateKeysOf, rateWindowMsOf } from './rate-limit.ts';
import { deny } from './results.ts';
import type {
  AgentEntry,
  Evaluation,
  Exclusion,
  GateView,
  Policy,
  PolicyResult,
  PolicyVerdictRecord,
  Proposal,
  Provenance,
} from './types.ts';

export interface Composite {
  /** SHA-256 (hex) of the policy YAML in force. */
  readonly version: string;
  evaluate(proposal: Proposal, view: GateView): Evaluation;
  /** The rate keys a proposal counts against (none when rates are not limited), exposure sums included. */
  rateKeysOf(proposal: RateSubject): readonly string[];
  /** What each rate key weighs for this proposal: its amount for an exposure sum; 1 when absent. */
  rateWeightsOf(proposal: RateSubject): Readonly<Record<string, number>>;
  /** The window a rate key is counted over. */
  rateWindowMsOf(key: string): number;
  /** An exposure sum's limit: only an amount that fits under it is charged. Undefined for a rate key. */
  rateCapOf(key: string): number | undefined;
}

/** What the rate stage knows of a record before it is decided. */
export type RateSubject = Pick<Proposal, 'envelope' | 'origin' | 'payload'>;

type ExcludedBy = Exclusion & { readonly policy: string };

interface Fold {
  /** The proposal as later policies see it: with the redacted payload once a policy redacts. */
  readonly proposal: Proposal;
  readonly verdicts: readonly PolicyVerdictRecord[];
  readonly recipients: readonly AgentEntry[];
  readonly excluded: readonly ExcludedBy[];
  /** The first DENY: it names the policy every candidate is excluded by. */
  readonly denial: { readonly policy: string; readonly reason: string } | undefined;
  /** Why the policies after this point are not evaluated, per kind; undefined while they are. */
  readonly skip: { readonly all?: string; readonly scanners?: string };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function resultOf(
  policy: Policy,
  { proposal, recipients }: Fold,
  view: GateView,
  scans: TextScans,
): PolicyResult {
  try {
    return policy.evaluate(proposal, view, recipients, scans);
  } catch (error) {
    return deny(`policy error: ${messageOf(error)}`);
  }
}

function applyLimit(
  state: Fold,
  policy: string,
  excluded: readonly Exclusion[],
): Pick<Fold, 'recipients' | 'excluded'> {
  const reasons = new Map(excluded.map(({ agent, reason }) => [agent, reason]));
  const hit = state.recipients.filter((agent) => reasons.has(agent.name));
  return {
    recipients: state.recipients.filter((agent) => !reasons.has(agent.name)),
    excluded: [
      ...state.excluded,
      ...hit.map((agent) => ({ agent: agent.name, policy, reason: reasons.get(agent.name) ?? '' })),
    ],
  };
}

/** Why `policy` is not evaluated in this state, or undefined when it is. */
const skipReasonOf = ({ skip }: Fold, policy: Policy): string | undefined =>
  skip.all ?? (policy.scansContent === true ? skip.scanners : undefined);

function skipsAfter(state: Fold, policy: Policy): Fold['skip'] {
  if (policy.denialIsFinal === true)
    return { all: `not evaluated: ${policy.id} denied the record, which ends the fold` };
  if (policy.scansContent === true || state.skip.scanners !== undefined) return state.skip;
  return {
    ...state.skip,
    scanners: `not evaluated: ${policy.id} already denied the record, so no content scan can change the outcome`,
  };
}

const step =
  (view: GateView, scans: TextScans) =>
  (state: Fold, policy: Policy): Fold => {
    const skipped = skipReasonOf(state, policy);
    if (skipped !== undefined)
      return {
        ...state,
        verdicts: [...state.verdicts, { policy: policy.id, verdict: 'SKIP', reason: skipped }],
      };
    const result = resultOf(policy, state, view, scans);
    const folded = {
      ...state,
      verdicts: [...state.verdicts, { policy: policy.id, verdict: result.verdict, reason: result.reason }],
    };
    switch (result.verdict) {
      case 'ALLOW':
        return folded;
      case 'DENY':
        return {
          ...folded,
          denial: state.denial ?? { policy: policy.id, reason: result.reason },
          skip: skipsAfter(state, policy),
        };
      case 'LIMIT':
        return { ...folded, ...applyLimit(state, policy.id, result.excluded) };
      case 'REDACT':
        return { ...folded, proposal: { ...state.proposal, payload: result.payload } };
      default:
        return result satisfies never;
    }
  };

type Kept = Pick<Evaluation, 'rateKeys' | 'provenance'>;

function conclude(fold: Fold, candidates: readonly AgentEntry[], kept: Kept): Evaluation {
  const { denial, verdicts, proposal } = fold;
  if (denial === undefined)
    return {
      denied: false,
      verdicts,
      recipients: fold.recipients,
      excluded: fold.excluded,
      payload: proposal.payload,
      ...kept,
    };
  const excluded = candidates.map((agent) => ({ agent: agent.name, ...denial }));
  return { denied: true, verdicts, recipients: [], excluded, payload: proposal.payload, ...kept };
}

export interface CompositeOptions {
  readonly version: string;
  /** The rate-limit keys a proposal counts against; none when rates are not limited. */
  readonly rateKeysOf?: (proposal: RateSubject) => readonly string[];
  readonly rateWeightsOf?: (proposal: RateSubject) => Readonly<Record<string, number>>;
  readonly rateWindowMsOf?: (key: string) => number;
  readonly rateCapOf?: (key: string) => number | undefined;
  /** The provenance label a proposal is kept with once delivered; null when provenance is not tracked. */
  readonly provenanceOf?: (proposal: Proposal, view: GateView) => Provenance | null;
}

/** Folds the given policies, in order, into one. */
export function composePolicies(
  policies: readonly Policy[],
  {
    version,
    rateKeysOf = () => [],
    rateWeightsOf = () => ({}),
    rateWindowMsOf = () => 60_000,
    rateCapOf = () => undefined,
    provenanceOf = () => null,
  }: CompositeOptions,
): Composite {
  return {
    version,
    rateKeysOf,
    rateWeightsOf,
    rateWindowMsOf,
    rateCapOf,
    evaluate(proposal, view) {
      try {
        const candidates = view.recipientsFor(proposal.envelope.type);
        const initial: Fold = {
          proposal,
          verdicts: [],
          recipients: candidates,
          excluded: [],
          denial: undefined,
          skip: {},
        };
        return conclude(policies.reduce(step(view, textScans()), initial), candidates, {
          rateKeys: rateKeysOf(proposal),
          provenance: provenanceOf(proposal, view),
        });
      } catch (error) {
        // Only the view or a malformed policy result can get here; deliver nothing.
        const reason = `policy error: ${messageOf(error)}`;
        return {
          denied: true,
          verdicts: [{ policy: 'composite', verdict: 'DENY', reason }],
          recipients: [],
          excluded: [],
          payload: null,
          rateKeys: [],
          provenance: null,
        };
      }
    },
  };
}

/** The composite of a policy config; `version` defaults to a hash of the config when it was not read from a file. */
export function buildComposite(
  config: PolicyConfig,
  version = policyVersionOf(JSON.stringify(config)),
): Composite {
  const provenance = config.policies['effect-provenance'];
  return composePolicies(enabledPolicies(config), {
    version,
    ...rateCounting(config),
    // Labels cost a state write per delivered record: kept only when some effect is guarded.
    ...(provenance.enabled && provenance.effects.length > 0
      ? {
          provenanceOf: (proposal: Proposal, view: GateView) =>
            provenanceOf(provenance, proposal, view.provenanceOf(proposal.envelope.correlationId)),
        }
      : {}),
  });
}

/** The rate keys of the rate limits and the exposure sums, counted alike by the rate stage. */
function rateCounting(
  config: PolicyConfig,
): Pick<CompositeOptions, 'rateKeysOf' | 'rateWeightsOf' | 'rateWindowMsOf' | 'rateCapOf'> {
  const rates = config.policies['rate-limit'];
  const exposure = config.policies.exposure;
  const rateKeys = rates.enabled ? rateKeysOf : () => [];
  const rateWindow = rateWindowMsOf(rates);
  const weightsOf = exposure.enabled ? exposureWeightsOf(exposure) : () => ({});
  return {
    rateKeysOf: (proposal) => [...rateKeys(proposal), ...Object.keys(weightsOf(proposal))],
    rateWeightsOf: weightsOf,
    rateWindowMsOf: (key) => (isExposureKey(key) ? exposureWindowMsOf(key) : rateWindow(key)),
    rateCapOf: exposure.enabled ? exposureCapOf(exposure) : () => undefined,
  };
}

/** Reads the YAML at `path` and builds its composite, versioned by the file's SHA-256. */
export function loadComposite(path: string): Composite {
  const { config, version } = loadPolicyConfig(path);
  return buildComposite(config, version);
}

// The contract every gate policy implements. A policy is a small pure function of the proposal
// and a read-only view of the gate's state; it returns a verdict with a reason and never throws.
// The composite folds all policies into one Evaluation (see composite.ts).
import type { AgentAnnounced, Envelope, Verdict } from '../../schemas/generated/types.ts';
import type { TextScans } from '../detectors/textScans.ts';

/**
 * Where a record's text comes from (policy/provenance.ts): trusted (nothing untrusted in its
 * chain), untrusted (upstream text, read by no model yet), model (a model wrote it, or a record
 * relays what one wrote, after reading untrusted text), checked (a checker or a human decided
 * after the model's words).
 */
export type Provenance = 'trusted' | 'untrusted' | 'model' | 'checked';

/** An agent as the gate knows it: its registry entry plus whether a kill switch holds it. */
export interface AgentEntry extends AgentAnnounced {
  readonly killed: boolean;
}

export interface Exclusion {
  readonly agent: string;
  readonly reason: string;
}

export type PolicyResult =
  | { readonly verdict: 'ALLOW'; readonly reason: string }
  | { readonly verdict: 'DENY'; readonly reason: string }
  /** Some recipients may not receive the record; the others still do. */
  | { readonly verdict: 'LIMIT'; readonly reason: string; readonly excluded: readonly Exclusion[] }
  /** The record is delivered with this payload instead of the proposed one. */
  | {
      readonly verdict: 'REDACT';
      readonly reason: string;
      readonly payload: Readonly<Record<string, unknown>>;
    };

/** One record proposed on sg.ingress or sg.proposed, decoded. */
export interface Proposal {
  readonly origin: 'ingress' | 'proposed';
  readonly envelope: Envelope;
  /** The decoded payload, or null when it failed to decode (payloadError says why). */
  readonly payload: Readonly<Record<string, unknown>> | null;
  readonly payloadError: string | null;
  /** Size of the Kafka record value in bytes. */
  readonly sizeBytes: number;
  /** The bytes the envelope's signature covers (the envelope encoded with signature = null). */
  readonly signedBytes: Buffer;
  /** Gate clock, epoch ms. Policies never read Date.now(). */
  readonly now: number;
}

/** How far back the gate's view remembers decisions; no policy window may be longer. */
export const viewHorizonMs = 60 * 60 * 1000;

/** The provenance labels (policy/provenance.ts) of a workflow's delivered records. */
export interface WorkflowProvenance {
  /** Event id → label, for the records of the workflow the gate delivered. */
  readonly labels: Readonly<Record<string, Provenance>>;
  /** True once a model read untrusted text in this workflow. */
  readonly modelRead: boolean;
}

/** Read-only view of the gate's state, rebuilt from topics on start. */
export interface GateView {
  /** Agents whose registry entry declares that they consume this event type. */
  recipientsFor(eventType: string): readonly AgentEntry[];
  /** Ed25519 public key (SPKI PEM) of an agent or a configured upstream source. */
  publicKeyOf(sender: string): string | undefined;
  /** True when every agent is stopped by the global kill switch. */
  readonly allKilled: boolean;
  /** True when a kill switch holds this agent; its own outputs are stopped too. */
  isKilled(agent: string): boolean;
  /** Cost already spent by a workflow, in micros, before this record. */
  spentMicros(correlationId: string): number;
  /** The tenant a workflow belongs to: its first record's that was not denied; undefined for a new workflow. */
  tenantOf(correlationId: string): string | undefined;
  /** How many records were counted for a rate key within the last windowMs before `now`. */
  rateCount(key: string, windowMs: number, now: number): number;
  /** When a record with this event id was last delivered, within the horizon; else undefined. */
  deliveredAt(eventId: string): number | undefined;
  /** The provenance of a workflow's delivered records; undefined for a workflow with none. */
  provenanceOf(correlationId: string): WorkflowProvenance | undefined;
}

export interface Policy {
  /** Stable id used in decision records, metrics and the YAML, e.g. "max-length". */
  readonly id: string;
  /**
   * A DENY of this policy ends the fold: the later policies are not evaluated (each is recorded as SKIP).
   * For bounds that protect the later policies' cost, so an oversize record costs no scan.
   */
  readonly denialIsFinal?: boolean;
  /**
   * Reads every text of the payload, at a cost that grows with its size. A DENY by a policy
   * that does not skips it (recorded as SKIP): the verdict could not change the outcome, and a
   * flood of records that fail a cheap check must not buy a scan each.
   */
  readonly scansContent?: boolean;
  /** `scans` is shared by every policy of one decision, so each text is decoded once; fresh when omitted. */
  evaluate(
    proposal: Proposal,
    view: GateView,
    recipients: readonly AgentEntry[],
    scans?: TextScans,
  ): PolicyResult;
}

export interface PolicyVerdictRecord {
  readonly policy: string;
  readonly verdict: Verdict;
  readonly reason: string;
}

/** The composite's answer for one proposal. */
export interface Evaluation {
  readonly denied: boolean;
  readonly verdicts: readonly PolicyVerdictRecord[];
  /** Agents the record is delivered to (empty when denied). */
  readonly recipients: readonly AgentEntry[];
  /** Every candidate agent not delivered to, with the policy and reason. */
  readonly excluded: readonly (Exclusion & { readonly policy: string })[];
  /** The payload to deliver: the proposed one, or the redacted one. */
  readonly payload: Readonly<Record<string, unknown>> | null;
  /** Rate-limit keys this proposal counts against once it is decided. */
  readonly rateKeys: readonly string[];
  /** The record's provenance label, kept once it is delivered; null when provenance is not tracked. */
  readonly provenance: Provenance | null;
}

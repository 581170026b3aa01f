// The swarm's vocabulary: every event type it emits (one payload schema under avro/payloads
// each) and what the type means for the workflow it belongs to. The projector's statuses, the
// API, the CLI and `swarmgate up`'s summary read meanings from here instead of spelling type
// names; a payload schema without a meaning, or a meaning without a schema, fails
// vocabulary.unit.spec.ts (and the `satisfies` below at compile time).
import type { CustomerAnswered, RecordName } from './generated/types.ts';

/** The type name of every payload schema: the catalogue's records outside swarmgate.v1. */
export type PayloadName = Exclude<RecordName, `swarmgate.v1.${string}`>;

export const MEANINGS = {
  started: 'an upstream event starts the workflow',
  contributed: 'an agent adds a finding or recommendation',
  escalated: 'compliance asks for a human review: open until the review completes',
  decided: 'a human recorded a verdict on an escalation; the review may still await another',
  refused: "compliance refused a human's verdict (a role below the escalation's level, a party); still open",
  reviewed: "compliance's final outcome for a recommendation: closes any open escalation",
  answered: 'the customer was answered, complete or with the contributions it lacked',
  failed: 'an agent could not decide and fell back',
  tick: 'a deadline of the workflow passed; it changes nothing by itself',
} as const;
export type Meaning = keyof typeof MEANINGS;

export const VOCABULARY = {
  'banking.TransactionPosted': 'started',
  'banking.CustomerRequestReceived': 'started',
  'analysis.AccountAnalysed': 'contributed',
  'fraud.RiskScored': 'contributed',
  'aml.AlertRaised': 'contributed',
  'advice.RecommendationMade': 'contributed',
  'compliance.EscalationRequested': 'escalated',
  'human.DecisionRecorded': 'decided',
  'compliance.ApprovalRefused': 'refused',
  'compliance.ReviewCompleted': 'reviewed',
  'response.CustomerAnswered': 'answered',
  'incident.FallbackUsed': 'failed',
  'workflow.DeadlineReached': 'tick',
} as const satisfies Record<PayloadName, Meaning>;

/** The types of one meaning, as a type. */
export type TypeMeaning<M extends Meaning> = {
  [T in PayloadName]: (typeof VOCABULARY)[T] extends M ? T : never;
}[PayloadName];

const declared = Object.entries(VOCABULARY) as [PayloadName, Meaning][];

/** The meaning of an event type; undefined for a type the swarm does not emit. */
export function meaningOf(type: string): Meaning | undefined {
  return Object.hasOwn(VOCABULARY, type) ? VOCABULARY[type as PayloadName] : undefined;
}

/** Every type of a meaning, in declaration order. */
export function typesMeaning<M extends Meaning>(meaning: M): TypeMeaning<M>[] {
  return declared.filter(([, m]) => m === meaning).map(([type]) => type as TypeMeaning<M>);
}

/** The one type of a meaning that has exactly one. */
function theType<M extends Meaning>(meaning: M): TypeMeaning<M> {
  const [only, ...more] = typesMeaning(meaning);
  if (!only || more.length > 0)
    throw new Error(`the vocabulary has ${more.length + (only ? 1 : 0)} ${meaning} types`);
  return only;
}

/** Upstream events that start workflows: what ingest accepts. */
export const STARTERS = typesMeaning('started');
export const ESCALATION = theType('escalated');
export const HUMAN_DECISION = theType('decided');
export const APPROVAL_REFUSAL = theType('refused');
export const REVIEW = theType('reviewed');
export const ANSWER = theType('answered');
export const FALLBACK = theType('failed');
export const DEADLINE = theType('tick');

/**
 * The parts an answer is assembled from, by the names response.CustomerAnswered gives them in
 * `included` and `missing`, and the contribution each rests on. The advice reaches the answer
 * through compliance's review of it. AML alerts are never part of an answer: an answer must not
 * tip off a customer.
 */
export const ANSWER_PARTS = {
  analysis: 'analysis.AccountAnalysed',
  fraud: 'fraud.RiskScored',
  advice: 'advice.RecommendationMade',
} as const satisfies Record<string, TypeMeaning<'contributed'>>;
export type AnswerPart = keyof typeof ANSWER_PARTS;

/** The contributions an answer says it lacked, as event types (a part this list does not know stays as named). */
export function missingFrom(answer: Pick<CustomerAnswered, 'complete' | 'missing'>): string[] {
  const named = answer.missing ?? [];
  const missing = named.map((part) =>
    Object.hasOwn(ANSWER_PARTS, part) ? ANSWER_PARTS[part as AnswerPart] : part,
  );
  // An answer that says it is incomplete without naming a part still lacks something.
  return missing.length === 0 && !answer.complete ? ['unknown'] : missing;
}

/** Namespace of incident types: any of them, declared here or not (the projector's own), is an incident. */
export const isIncident = (type: string): boolean => type.startsWith('incident.');

/**
 * The cost of one decided record: the costMicros its sender spent producing it, whatever the
 * gate decided (a denied or undeliverable recommendation was still paid for). A workflow's cost,
 * an agent's, and the `swarmgate up` summary all add up this.
 */
export const costOf = (decision: { readonly costMicros?: number | null }): number => decision.costMicros ?? 0;

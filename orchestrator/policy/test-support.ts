// Builders for policy tests and the red-team runner: a benign banking record and a gate view,
// each overridable in the one detail a test is about.
import type { Envelope } from '../../schemas/generated/types.ts';
import type { AgentEntry, GateView, Proposal, WorkflowProvenance } from './types.ts';
import { ownEntry } from './settings.ts';

export const NOW = Date.UTC(2025, 0, 15, 9, 30);

type Overrides<T> = {
  readonly [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : T[K] extends object | null | undefined
      ? Overrides<T[K]> | null
      : T[K];
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/** Objects merge key by key; arrays, buffers, null and scalars replace. */
export function merged<T>(base: T, overrides: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(overrides))
    return (overrides === undefined ? base : overrides) as T;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) result[key] = merged(result[key], value);
  return result as T;
}

export const aTransaction = (): Record<string, unknown> => ({
  transactionId: 'tx-20250115-000481',
  accountId: 'acc-7731',
  amountMinor: 12_950,
  currency: 'EUR',
  direction: 'DEBIT',
  channel: 'CARD',
  merchant: 'Albert Heijn Amsterdam',
  counterparty: null,
  country: 'NL',
  memo: 'groceries',
  postedAt: NOW - 2_000,
});

export const anEnvelope = (overrides: Overrides<Envelope> = {}): Envelope =>
  merged<Envelope>(
    {
      id: 'evt-0001',
      correlationId: 'wf-0001',
      causationId: null,
      type: 'banking.TransactionPosted',
      source: 'core-banking',
      occurredAt: NOW - 1_000,
      classification: 'INTERNAL',
      actor: { userId: 'svc-core-ledger', roles: ['system'], tenantId: 'retail-eu', region: 'EU' },
      consent: ['profiling', 'advice'],
      hops: 0,
      costMicros: 0,
      confidence: null,
      payload: Buffer.alloc(0),
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: null,
      signature: null,
    },
    overrides,
  );

export interface ProposalOverrides {
  readonly origin?: Proposal['origin'];
  readonly envelope?: Overrides<Envelope>;
  readonly payload?: Readonly<Record<string, unknown>> | null;
  readonly payloadError?: string | null;
  readonly sizeBytes?: number;
  readonly signedBytes?: Buffer;
}

export function aProposal(overrides: ProposalOverrides = {}): Proposal {
  return {
    origin: overrides.origin ?? 'ingress',
    envelope: anEnvelope(overrides.envelope),
    payload: overrides.payload === undefined ? aTransaction() : overrides.payload,
    payloadError: overrides.payloadError ?? null,
    sizeBytes: overrides.sizeBytes ?? 512,
    signedBytes: overrides.signedBytes ?? Buffer.from('signed envelope bytes'),
    now: NOW,
  };
}

export const anAgent = (name: string, overrides: Partial<AgentEntry> = {}): AgentEntry => ({
  name,
  version: '1.0.0',
  consumes: ['banking.TransactionPosted'],
  emits: [],
  riskClass: 'LOW',
  clearance: 'PII',
  requiredRoles: [],
  fallback: 'answer that the request is being reviewed',
  publicKey: '',
  announcedAt: NOW - 86_400_000,
  killed: false,
  ...overrides,
});

export interface ViewState {
  readonly agents?: readonly AgentEntry[];
  /** Public keys by sender, beyond the agents' own. */
  readonly keys?: Readonly<Record<string, string>>;
  readonly allKilled?: boolean;
  /** Agents held by a kill switch, as senders. */
  readonly killed?: readonly string[];
  readonly spentMicros?: number;
  /** The tenant each workflow belongs to, by correlation id. */
  readonly workflowTenants?: Readonly<Record<string, string>>;
  /** Counts by rate-key prefix (`actor:`, `source:`) or by full key. */
  readonly rateCounts?: Readonly<Record<string, number>>;
  /** Event ids already delivered, with when. */
  readonly delivered?: Readonly<Record<string, number>>;
  /** The provenance of each workflow's delivered records, by correlation id. */
  readonly provenance?: Readonly<Record<string, WorkflowProvenance>>;
}

export function aView(state: ViewState = {}): GateView {
  const agents = state.agents ?? [];
  const keys = new Map<string, string>([
    ...agents.map((agent): [string, string] => [agent.name, agent.publicKey]),
    ...Object.entries(state.keys ?? {}),
  ]);
  const counts = Object.entries(state.rateCounts ?? {});
  return {
    recipientsFor: (type) => agents.filter((agent) => agent.consumes.includes(type)),
    publicKeyOf: (sender) => keys.get(sender) || undefined,
    allKilled: state.allKilled ?? false,
    isKilled: (agent) => (state.killed ?? []).includes(agent),
    spentMicros: () => state.spentMicros ?? 0,
    tenantOf: (id) => (state.workflowTenants ? ownEntry(state.workflowTenants, id) : undefined),
    rateCount: (key) => counts.find(([prefix]) => key.startsWith(prefix))?.[1] ?? 0,
    deliveredAt: (eventId) => (state.delivered ? ownEntry(state.delivered, eventId) : undefined),
    provenanceOf: (id) => (state.provenance ? ownEntry(state.provenance, id) : undefined),
  };
}

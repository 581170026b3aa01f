// The decisions of a busy installation, as the gate writes them: banking workflows of several
// tenants, each a run of the seven-step flow or a shorter one cut off by a denial, some with a
// redaction or a limited recipient on the way; every decision carries a verdict of each policy.
import { randomUUID } from 'node:crypto';
import type { Decision, PolicyVerdict, Verdict } from '../../schemas/generated/types.ts';
import { BANKING_FLOW, type Step } from '../../projector/testing/decisions.ts';

export const TENANTS = ['retail-eu', 'retail-uk', 'retail-us', 'private-ch', 'private-sg'] as const;
export type Tenant = (typeof TENANTS)[number];

const POLICIES = [
  'max-length',
  'required-metadata',
  'payload-schema',
  'signature',
  'kill-switch',
  'duplicate',
  'tenant-isolation',
  'rbac',
  'data-residency',
  'consent',
  'hop-limit',
  'budget',
  'rate-limit',
  'classification-ceiling',
  'risk-class',
  'explainability',
  'pii',
  'prompt-injection',
] as const;

interface Flagged {
  readonly step: number;
  readonly policy: (typeof POLICIES)[number];
  readonly verdict: Exclude<Verdict, 'ALLOW' | 'SKIP'>;
  readonly reason: string;
}

interface Shape {
  readonly share: number;
  readonly steps: number;
  readonly flagged?: Flagged;
}

// Shares of workflows; the denied ones stop at the denial.
const SHAPES: readonly Shape[] = [
  { share: 0.7, steps: 8 },
  {
    share: 0.12,
    steps: 4,
    flagged: {
      step: 3,
      policy: 'prompt-injection',
      verdict: 'DENY',
      reason: 'override attempt in rationale',
    },
  },
  {
    share: 0.05,
    steps: 6,
    flagged: { step: 5, policy: 'rbac', verdict: 'DENY', reason: 'role teller may not record a decision' },
  },
  {
    share: 0.05,
    steps: 8,
    flagged: { step: 3, policy: 'pii', verdict: 'REDACT', reason: 'IBAN redacted from rationale' },
  },
  {
    share: 0.05,
    steps: 8,
    flagged: {
      step: 0,
      policy: 'classification-ceiling',
      verdict: 'LIMIT',
      reason: 'PII above clearance of fraud',
    },
  },
  { share: 0.03, steps: 3 },
];

export interface Workflow {
  readonly correlationId: string;
  readonly tenant: Tenant;
  readonly startedAt: number;
  readonly decisions: readonly Decision[];
}

/** A deterministic pick per workflow index, so the mix is the same every run. */
function shapeOf(index: number): Shape {
  const point = ((index * 7919) % 1000) / 1000;
  let sum = 0;
  for (const shape of SHAPES) {
    sum += shape.share;
    if (point < sum) return shape;
  }
  return SHAPES[0]!;
}

function verdictsFor(step: number, flagged?: Flagged): PolicyVerdict[] {
  return POLICIES.map((policy) =>
    flagged?.step === step && flagged.policy === policy
      ? { policy, verdict: flagged.verdict, reason: flagged.reason }
      : { policy, verdict: 'ALLOW', reason: 'passed' },
  );
}

function decisionOf(
  workflow: { correlationId: string; startedAt: number; envelope: Buffer },
  index: number,
  step: Step,
  flagged: Flagged | undefined,
): Decision {
  const decidedAt = workflow.startedAt + index * 1_000;
  const denied = flagged?.step === index && flagged.verdict === 'DENY';
  const limited = flagged?.step === index && flagged.verdict === 'LIMIT';
  const routed = step.routedTo ?? [];
  return {
    decisionId: randomUUID(),
    policyVersion: 'c0ffee'.padEnd(64, '0'),
    decidedAt,
    gateInstance: `gate-${index % 3}`,
    origin: {
      topic: index === 0 ? 'sg.ingress' : 'sg.proposed',
      partition: index % 6,
      offset: 0,
      timestamp: decidedAt - (step.latencyMs ?? 10),
    },
    correlationId: workflow.correlationId,
    eventId: randomUUID(),
    eventType: step.eventType,
    sender: step.sender,
    costMicros: step.costMicros ?? 0,
    hops: index,
    outcome: denied ? 'DENIED' : (step.outcome ?? 'DELIVERED'),
    verdicts: verdictsFor(index, flagged),
    routedTo: denied ? [] : limited ? routed.slice(1) : routed,
    notRouted: denied
      ? routed.map((agent) => ({ agent, policy: flagged.policy, reason: 'denied' }))
      : limited
        ? routed.slice(0, 1).map((agent) => ({ agent, policy: flagged.policy, reason: flagged.reason }))
        : [],
    envelope: workflow.envelope,
    recordSha256: 'ab'.repeat(32),
    rateKeys: [`actor:${workflow.correlationId.slice(0, 8)}`],
    traceparent: `00-${randomUUID().replaceAll('-', '')}-${'2'.repeat(16)}-01`,
  };
}

/**
 * Workflow `index` of the run; `envelopeOf` gives the tenant's upstream envelope (a real
 * Confluent-framed Envelope, what the API reads a workflow's tenant from).
 */
export function workflowAt(
  index: number,
  startedAt: number,
  envelopeOf: (tenant: Tenant) => Buffer,
): Workflow {
  const shape = shapeOf(index);
  const tenant = TENANTS[index % TENANTS.length]!;
  const base = { correlationId: `wf-${randomUUID()}`, startedAt, envelope: envelopeOf(tenant) };
  const decisions = BANKING_FLOW.slice(0, shape.steps).map((step, i) =>
    decisionOf(base, i, step, shape.flagged),
  );
  return { correlationId: base.correlationId, tenant, startedAt, decisions };
}

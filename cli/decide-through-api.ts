// `swarmgate decide` and `drill` against the embedded swarm: its log is in the `swarmgate up`
// process, so the gate's decisions (on the human decision and compliance's answer, on a drilled
// agent's incident) are followed in the audit trail its API serves (GET /audit), as projected.
import { outputId } from '../agents/runtime/index.ts';
import { z } from 'zod';
import type { Decision } from '../schemas/generated/types.ts';
import { APPROVAL_REFUSAL } from '../schemas/vocabulary.ts';
import type { ApiClient } from './api-client.ts';
import { escalationOwner } from './decide-effect.ts';

const pollMs = 200;

interface AuditPage {
  readonly entries: readonly { readonly decision: Decision }[];
  readonly next: number | null;
}

/** Every decision of the workflow's audit trail so far. */
async function trail(client: ApiClient, workflow: string): Promise<Decision[]> {
  const decisions: Decision[] = [];
  for (let after: number | null = null; ;) {
    const query = `audit?workflow=${encodeURIComponent(workflow)}${after === null ? '' : `&after=${after}`}`;
    const page = (await client.get(query)) as AuditPage;
    decisions.push(...page.entries.map((entry) => entry.decision));
    if (page.next === null) return decisions;
    after = page.next;
  }
}

/** The first audited decision of the workflow that `wanted` picks, once projected; undefined at the deadline. */
export async function auditedDecisionWhere(
  client: ApiClient,
  workflow: string,
  wanted: (decision: Decision) => boolean,
  deadline: number,
): Promise<Decision | undefined> {
  for (;;) {
    const found = (await trail(client, workflow)).find(wanted);
    if (found || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** The audited decision on `eventId`, once projected; undefined at the deadline. */
export const auditedDecision = (client: ApiClient, workflow: string, eventId: string, deadline: number) =>
  auditedDecisionWhere(client, workflow, (decision) => decision.eventId === eventId, deadline);

export type AuditedEffect =
  | { readonly kind: 'completed' | 'refused' | 'denied'; readonly decision: Decision }
  | { readonly kind: 'awaiting'; readonly approvals: number; readonly requiredApprovals: number }
  | { readonly kind: 'unanswered' };

const escalationsPage = z.object({
  escalations: z.array(
    z.object({
      escalationId: z.string(),
      requiredApprovals: z.number().int(),
      approvedBy: z.array(z.string()),
    }),
  ),
});

/**
 * Dual control, as compliance applies it: an approval that leaves the escalation short of its
 * required distinct approvers is held without an answer, so none is awaited for it.
 */
export async function awaitingApprovals(
  client: ApiClient,
  workflow: string,
  escalationId: string,
): Promise<AuditedEffect | undefined> {
  const page = escalationsPage.parse(
    await client.get(`workflows/${encodeURIComponent(workflow)}/escalations`),
  );
  const escalation = page.escalations.find((e) => e.escalationId === escalationId);
  if (!escalation) return undefined;
  const approvals = new Set(escalation.approvedBy).size;
  const { requiredApprovals } = escalation;
  return approvals < requiredApprovals ? { kind: 'awaiting', approvals, requiredApprovals } : undefined;
}

/** Compliance's answer to the human decision (its id derives from the decision's), as the gate decided it. */
export async function auditedEffect(
  client: ApiClient,
  workflow: string,
  humanId: string,
  deadline: number,
): Promise<AuditedEffect> {
  const answer = await auditedDecision(client, workflow, outputId(escalationOwner, humanId, 0), deadline);
  if (!answer) return { kind: 'unanswered' };
  if (answer.outcome === 'DENIED') return { kind: 'denied', decision: answer };
  return { kind: answer.eventType === APPROVAL_REFUSAL ? 'refused' : 'completed', decision: answer };
}

// `swarmgate decide` against the embedded swarm: its log is in the `swarmgate up` process, so the
// gate's decision on the human decision, and on compliance's answer, are followed in the audit
// trail its API serves (GET /audit), as they are projected.
import { outputId } from '../agents/runtime/index.ts';
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

/** The audited decision on `eventId`, once projected; undefined at the deadline. */
export async function auditedDecision(
  client: ApiClient,
  workflow: string,
  eventId: string,
  deadline: number,
): Promise<Decision | undefined> {
  for (;;) {
    const found = (await trail(client, workflow)).find((decision) => decision.eventId === eventId);
    if (found || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export type AuditedEffect =
  | { readonly kind: 'completed' | 'refused' | 'denied'; readonly decision: Decision }
  | { readonly kind: 'unanswered' };

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

// The body of POST /workflows/:id/decision: the verdict and why. Who decides is the token's
// subject, with the token's roles; a body naming a reviewer is refused as an unknown field.
import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be blank');

export const decisionBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().max(4000).optional().describe('the rationale'),
  escalationId: text.optional().describe("which escalation; defaults to the workflow's latest"),
});

export type DecisionBody = z.output<typeof decisionBody>;

// The body of POST /workflows/:id/decision: a reviewer's verdict on the workflow's escalation.
import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be blank');

export const decisionBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  approver: text.max(200).describe('the reviewer; becomes the acting user of the decision'),
  roles: z.array(text).min(1, 'at least one role is needed'),
  comment: z.string().max(4000).optional(),
  escalationId: text.optional().describe("which escalation; defaults to the workflow's latest"),
});

export type DecisionBody = z.output<typeof decisionBody>;

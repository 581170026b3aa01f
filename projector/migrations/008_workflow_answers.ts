// What a workflow's status rests on besides its latest decision: whether an escalation is open,
// whether the customer was answered and which contributions the answer lacked; and `partial`, a
// status for an answer that lacked some. Rows projected before keep the status they had; a
// projection rebuilt from sg.decisions (a shadow replay) computes the new ones.
export const workflowAnswers = `
ALTER TABLE workflows
  ADD COLUMN escalation_open boolean NOT NULL DEFAULT false,
  ADD COLUMN answered boolean NOT NULL DEFAULT false,
  ADD COLUMN missing jsonb NOT NULL DEFAULT '[]'::jsonb,
  DROP CONSTRAINT workflows_status_check,
  ADD CONSTRAINT workflows_status_check
    CHECK (status IN ('active', 'denied', 'escalated', 'completed', 'partial', 'failed'));
`;

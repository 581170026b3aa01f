// Indexes for what the API lists: the most recently active workflows first, with or without a
// status, in the order listWorkflows returns them, so a page is an index range, never a sort of
// every workflow.
export const queryIndexes = `
CREATE INDEX workflows_by_activity ON workflows (last_seen_at DESC, correlation_id);
CREATE INDEX workflows_by_status_activity ON workflows (status, last_seen_at DESC, correlation_id);
DROP INDEX workflows_by_status;
`;

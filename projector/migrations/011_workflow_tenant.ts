// The tenant a workflow belongs to, kept on its row so one tenant's list is an index range, not
// a scan of every tenant's recent workflows filtered afterwards (which also missed a tenant's
// older workflows behind other tenants' newer ones). Rows projected before stay NULL and are
// resolved from their audit rows, as before; a projection rebuilt from sg.decisions fills them.
export const workflowTenant = `
ALTER TABLE workflows ADD COLUMN tenant text;
CREATE INDEX workflows_by_tenant ON workflows (tenant, last_seen_at DESC, correlation_id);
CREATE INDEX workflows_without_tenant ON workflows (last_seen_at DESC, correlation_id) WHERE tenant IS NULL;
`;

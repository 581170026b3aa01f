// Who is calling and what it may do: bearer tokens, route roles, tenant scope.
export * from './access.ts';
export { callerOf, installAuth } from './guard.ts';
export { issueToken, type TokenAuthority, type TokenRequest } from './issue.ts';
export { readPublicKey, type AuthSettings, type TokenKeySource } from './settings.ts';
export { assertWorkflowTenant, entriesOfCallersTenants, ofCallersTenants } from './tenancy.ts';
export { tokenVerifier, type VerifyToken } from './verify.ts';
export { WorkflowTenants } from './workflow-tenants.ts';

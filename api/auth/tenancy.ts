// Tenant scope of the workflow routes: a caller sees and decides only its tenants' workflows, and
// of their audit rows only its tenants' records.
import { ApiError } from '../http/errors.ts';
import { mayAccessTenant, reachesAllTenants, tenantRefusal, type Caller } from './access.ts';
import type { WorkflowTenants } from './workflow-tenants.ts';

/** 403 when the workflow belongs to a tenant the caller lacks; a workflow with no rows yet passes (the route answers 404). */
export async function assertWorkflowTenant(
  tenants: WorkflowTenants,
  caller: Caller,
  correlationId: string,
): Promise<void> {
  if (reachesAllTenants(caller)) return;
  const tenant = await tenants.ofOne(correlationId);
  if (tenant === undefined) return;
  const refused = tenantRefusal(caller, tenant, `workflow ${JSON.stringify(correlationId)}`);
  if (refused) throw new ApiError(403, refused, { tenant });
}

/**
 * The audit entries of the caller's tenants, by each record's own envelope: a record of another
 * tenant that the gate denied in the caller's workflow is not the caller's to read.
 */
export async function entriesOfCallersTenants<
  E extends { readonly decision: { readonly envelope?: unknown } },
>(tenants: WorkflowTenants, caller: Caller, entries: readonly E[]): Promise<E[]> {
  if (reachesAllTenants(caller)) return [...entries];
  const owners = await Promise.all(entries.map((entry) => tenants.ofEnvelope(entry.decision.envelope)));
  return entries.filter((_, index) => mayAccessTenant(caller, owners[index] ?? null));
}

/** The workflows of the caller's tenants, in the order given. */
export async function ofCallersTenants<W extends { readonly correlationId: string }>(
  tenants: WorkflowTenants,
  caller: Caller,
  workflows: readonly W[],
): Promise<W[]> {
  if (reachesAllTenants(caller)) return [...workflows];
  const owners = await tenants.of(workflows.map((w) => w.correlationId));
  return workflows.filter((w) => mayAccessTenant(caller, owners.get(w.correlationId) ?? null));
}

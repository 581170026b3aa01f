// Who may do what, as pure checks over a verified caller. The API's own roles gate the routes;
// tenants scope the data; the caller's other roles (compliance-reviewer, system, …) are what it
// may act as in the records it causes.
export const API_ROLES = ['read', 'ingest', 'review', 'operate'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** What a route needs: one API role, or nothing (`public`). Every route declares one. */
export type Access = ApiRole | 'public';

/** A tenants claim holding this entry reaches every tenant (operators, auditors). */
export const ALL_TENANTS = '*';

/** Actor roles any ingest token may assert without holding them itself. */
export const DEFAULT_ASSERTABLE_ACTOR_ROLES: readonly string[] = ['customer'];

/** Proven by a verified token: never read from a body. */
export interface Caller {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly tenants: readonly string[];
}

const listed = (values: readonly string[]): string =>
  values.length > 0 ? values.map((v) => JSON.stringify(v)).join(', ') : 'none';

/** Why the caller may not use a route needing `role`, or null when it may. */
export function roleRefusal(caller: Caller, role: ApiRole): string | null {
  if (caller.roles.includes(role)) return null;
  return `this route needs the role "${role}"; the token of ${JSON.stringify(caller.subject)} has roles: ${listed(caller.roles)}`;
}

export const reachesAllTenants = (caller: Caller): boolean => caller.tenants.includes(ALL_TENANTS);

/** True when the caller's tenants include `tenant`; an unknown tenant (null) only for all-tenant callers. */
export const mayAccessTenant = (caller: Caller, tenant: string | null): boolean =>
  reachesAllTenants(caller) || (tenant !== null && caller.tenants.includes(tenant));

/** Why the caller may not touch `what`, which belongs to `tenant`, or null when it may. */
export function tenantRefusal(caller: Caller, tenant: string | null, what: string): string | null {
  if (mayAccessTenant(caller, tenant)) return null;
  const owner = tenant === null ? 'no known tenant' : `tenant ${JSON.stringify(tenant)}`;
  return `${what} belongs to ${owner}, not among the tenants of the token of ${JSON.stringify(caller.subject)}: ${listed(caller.tenants)}`;
}

/** The actor roles of an ingested event the caller may not assert: those it neither holds nor anyone may assert. */
export function unassertableActorRoles(
  caller: Caller,
  actorRoles: readonly string[],
  assertable: readonly string[] = DEFAULT_ASSERTABLE_ACTOR_ROLES,
): string[] {
  return actorRoles.filter((role) => !assertable.includes(role) && !caller.roles.includes(role));
}

import { describe, expect, it } from 'vitest';
import {
  mayAccessTenant,
  roleRefusal,
  tenantRefusal,
  unassertableActorRoles,
  type Caller,
} from './access.ts';

const caller = (overrides: Partial<Caller> = {}): Caller => ({
  subject: 'alice',
  roles: ['read', 'compliance-reviewer'],
  tenants: ['retail-eu'],
  ...overrides,
});

describe('route roles', () => {
  it('admit a caller holding the role, and name the role and what the caller has otherwise', () => {
    expect(roleRefusal(caller(), 'read')).toBeNull();
    expect(roleRefusal(caller(), 'review')).toBe(
      'this route needs the role "review"; the token of "alice" has roles: "read", "compliance-reviewer"',
    );
    expect(roleRefusal(caller({ roles: [] }), 'operate')).toMatch(/has roles: none$/);
  });

  it('grant nothing by implication: operate is not read', () => {
    expect(roleRefusal(caller({ roles: ['operate'] }), 'read')).not.toBeNull();
  });
});

describe('tenants', () => {
  it('admit the caller to its own tenants only, and everything to a "*" caller', () => {
    expect(mayAccessTenant(caller(), 'retail-eu')).toBe(true);
    expect(mayAccessTenant(caller(), 'retail-us')).toBe(false);
    expect(mayAccessTenant(caller({ tenants: ['*'] }), 'retail-us')).toBe(true);
  });

  it('keep records of no known tenant from tenant-scoped callers', () => {
    expect(mayAccessTenant(caller(), null)).toBe(false);
    expect(mayAccessTenant(caller({ tenants: ['*'] }), null)).toBe(true);
    expect(tenantRefusal(caller(), null, 'workflow "wf-1"')).toBe(
      'workflow "wf-1" belongs to no known tenant, not among the tenants of the token of "alice": "retail-eu"',
    );
  });

  it('name the tenant that was refused', () => {
    expect(tenantRefusal(caller(), 'retail-us', 'the event')).toBe(
      'the event belongs to tenant "retail-us", not among the tenants of the token of "alice": "retail-eu"',
    );
  });
});

describe('actor roles an ingest token may assert', () => {
  it('are the roles it holds and the unprivileged ones; admin and system need the token to hold them', () => {
    const ingest = caller({ roles: ['ingest', 'system'] });
    expect(unassertableActorRoles(ingest, ['system', 'customer'])).toEqual([]);
    expect(unassertableActorRoles(ingest, ['admin', 'customer', 'advisor'])).toEqual(['admin', 'advisor']);
    expect(unassertableActorRoles(caller({ roles: ['ingest'] }), ['teller'], ['customer', 'teller'])).toEqual(
      [],
    );
  });
});

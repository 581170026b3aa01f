// The door of every route: no token → 401 with a challenge, a token without the route's role →
// 403, a token of another tenant → 403 where the route reads or writes a tenant's records.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { exportJWK } from 'jose';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Decision } from '../schemas/generated/types.ts';
import { transactionPosted } from '../test/support/envelopes.ts';
import { startGateHarness } from '../test/support/gate-harness.ts';
import { postedFields, systemActor } from '../test/support/proposals.ts';
import { inSchema } from '../projector/index.ts';
import { payloadFacts } from '../projector/payload-facts.ts';
import type { TokenRequest } from './auth/index.ts';
import { TENANT_SCAN_LIMIT } from './routes/workflows.ts';
import { apiWith, asCaller, errorOf } from './testing/api.ts';
import { transactionBody } from './testing/bodies.ts';
import { escalatedWorkflow, escalationRequest } from './testing/escalation.ts';
import { realServices } from './testing/services.ts';
import { CALLERS, TEST_AUDIENCE, TEST_ISSUER, testAuth, testAuthority, tokenFor } from './testing/tokens.ts';

const services = realServices();

type AuditPage = { entries?: { decisionId: string }[] };

interface Route {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly role: string;
  readonly payload?: object;
}

/** Every route that is not public, with the role it needs, over a retail-eu workflow `wf`. */
const guarded = (wf: string): Route[] => [
  { method: 'GET', url: '/workflows', role: 'read' },
  { method: 'GET', url: `/workflows/${wf}`, role: 'read' },
  { method: 'GET', url: `/workflows/${wf}/history`, role: 'read' },
  { method: 'GET', url: `/workflows/${wf}/as-of?t=2025-01-15T10:00:00Z`, role: 'read' },
  { method: 'GET', url: `/audit?workflow=${wf}`, role: 'read' },
  { method: 'GET', url: `/workflows/${wf}/story`, role: 'read' },
  { method: 'GET', url: `/workflows/${wf}/provenance`, role: 'read' },
  { method: 'GET', url: `/workflows/${wf}/escalations`, role: 'read' },
  { method: 'GET', url: `/audit/case-file?workflow=${wf}`, role: 'read' },
  { method: 'GET', url: '/agents', role: 'operate' },
  { method: 'POST', url: '/agents/fraud/kill', role: 'operate', payload: { reason: 'incident INC-7' } },
  {
    method: 'POST',
    url: '/agents/fraud/resume',
    role: 'operate',
    payload: { reason: 'incident INC-7 closed' },
  },
  { method: 'POST', url: '/agents/fraud/drill', role: 'operate', payload: { event: 'transaction' } },
  { method: 'GET', url: '/registry', role: 'operate' },
  {
    method: 'POST',
    url: '/registry/fraud/registration',
    role: 'operate',
    payload: { publicKey: 'not checked before the role' },
  },
  { method: 'POST', url: '/registry/fraud/approval', role: 'operate', payload: { fingerprint: 'ab' } },
  { method: 'POST', url: '/registry/fraud/retirement', role: 'operate' },
  { method: 'GET', url: '/dashboard/overview', role: 'operate' },
  { method: 'GET', url: '/dashboard/lag', role: 'operate' },
  { method: 'GET', url: '/audit/status', role: 'operate' },
  { method: 'POST', url: '/audit/verification', role: 'operate' },
  { method: 'GET', url: '/denials', role: 'operate' },
  { method: 'GET', url: '/metrics', role: 'operate' },
  { method: 'POST', url: '/events', role: 'ingest', payload: transactionBody() },
  { method: 'POST', url: `/workflows/${wf}/decision`, role: 'review', payload: { decision: 'approve' } },
];
const PUBLIC = ['GET /healthz', 'GET /openapi.json'];

async function givenEscalatedApi(tenant = 'retail-eu') {
  const workflow = await escalatedWorkflow(services.codec, [escalationRequest()], tenant);
  const { app } = await apiWith(services, workflow.decisions);
  return { app, wf: workflow.correlationId };
}

const callerWith = (roles: string[], tenants: string[] = ['*']): TokenRequest => ({
  subject: 'someone',
  roles,
  tenants,
});

describe('every route', () => {
  it('is public or guarded by the role it declares, and this table names them all', async () => {
    const { app, wf } = await givenEscalatedApi();
    const document = (await app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, object> }>();
    const operations = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const pathOf = (url: string) =>
      url
        .split('?')[0]!
        .replace(wf, '{id}')
        .replace('/agents/fraud/', '/agents/{name}/')
        .replace('/registry/fraud/', '/registry/{name}/');
    const tabled = guarded(wf).map((r) => `${r.method} ${pathOf(r.url)}`);
    expect([...tabled, ...PUBLIC].sort()).toEqual(operations.sort());
  });

  it('answers 401 with a Bearer challenge without a token, or with a malformed header', async () => {
    const { app, wf } = await givenEscalatedApi();
    for (const route of guarded(wf)) {
      const none = await app.inject({ method: route.method, url: route.url, payload: route.payload });
      const basic = await app.inject({ ...route, headers: { authorization: 'Basic b3BzOnNlY3JldA==' } });
      expect([route.url, none.statusCode, basic.statusCode]).toEqual([route.url, 401, 401]);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="swarmgate"');
      expect(errorOf(none)).toEqual({
        error: 'Unauthorized',
        message: 'this route needs a bearer token: send "Authorization: Bearer <token>"',
      });
    }
  });

  it('answers 403 naming the role when the token lacks it', async () => {
    const { app, wf } = await givenEscalatedApi();
    for (const route of guarded(wf)) {
      const others = ['read', 'ingest', 'review', 'operate', 'system', 'compliance-officer'];
      const inject = await asCaller(app, callerWith(others.filter((role) => role !== route.role)));
      const response = await inject({ method: route.method, url: route.url, payload: route.payload });
      expect([route.url, response.statusCode]).toEqual([route.url, 403]);
      expect(errorOf(response).message).toMatch(new RegExp(`^this route needs the role "${route.role}"`));
    }
  });

  it('leaves liveness and the API description open', async () => {
    const { app } = await givenEscalatedApi();
    const responses = await Promise.all([app.inject('/healthz'), app.inject('/openapi.json')]);
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200]);
  });
});

describe('tenant scope', () => {
  it("answers 403 for another tenant's workflow on every route that reads or decides one", async () => {
    const { app, wf } = await givenEscalatedApi('retail-eu');
    const us = await asCaller(app, { ...CALLERS.usReader, roles: ['read', 'review', 'compliance-officer'] });
    const scoped = guarded(wf).filter((r) => r.url.includes(wf));
    for (const route of scoped) {
      const response = await us({ method: route.method, url: route.url, payload: route.payload });
      expect([route.url, response.statusCode]).toEqual([route.url, 403]);
      expect(errorOf(response).message).toContain('belongs to tenant "retail-eu", not among the tenants');
    }
    const eu = await asCaller(app, CALLERS.euReader);
    expect((await eu(`/workflows/${wf}`)).statusCode).toBe(200);
    expect((await eu(`/audit?workflow=${wf}`)).statusCode).toBe(200);
  });

  it("lists only the caller's tenants' workflows", async () => {
    const [eu, us] = await Promise.all([
      escalatedWorkflow(services.codec, [], 'retail-eu'),
      escalatedWorkflow(services.codec, [], 'retail-us'),
    ]);
    const { app } = await apiWith(services, [
      ...eu.decisions,
      ...us.decisions.map((d) => ({ ...d, coordinates: { ...d.coordinates, partition: 1 } })),
    ]);
    const ids = async (caller: TokenRequest) =>
      (await (await asCaller(app, caller))('/workflows'))
        .json<{ workflows: { correlationId: string }[] }>()
        .workflows.map((w) => w.correlationId)
        .sort();
    expect(await ids(CALLERS.euReader)).toEqual([eu.correlationId]);
    expect(await ids(CALLERS.usReader)).toEqual([us.correlationId]);
    expect(await ids(CALLERS.reader)).toEqual([eu.correlationId, us.correlationId].sort());
  });
});

describe("tenant scope on the workflows' tenant column", () => {
  it(`lists a tenant's workflow behind more than ${TENANT_SCAN_LIMIT} newer ones of another tenant`, async () => {
    // Given an EU workflow projected as the projector does (its records' facts read), and then
    // many more workflows of a US tenant, all active since
    const eu = await escalatedWorkflow(services.codec, [], 'retail-eu');
    const projected = await Promise.all(
      eu.decisions.map(async (d) => ({ ...d, facts: await payloadFacts(services.codec, d.decision) })),
    );
    const { app, schema } = await apiWith(services, projected);
    await inSchema(services.db, schema, (tx) =>
      tx.query(
        `INSERT INTO workflows (correlation_id, status, current_step, participants, total_cost_micros, decisions,
           denials, version, first_seen_at, last_seen_at, last_decision_id, policy_version, tenant)
         SELECT 'wf-us-' || n, 'active', 'banking.TransactionPosted', '[]'::jsonb, 0, 1, 0, 1, now(), now(),
           'd-us-' || n, 'v', 'retail-us' FROM generate_series(1, $1::int) AS n`,
        [TENANT_SCAN_LIMIT + 50],
      ),
    );

    // When an EU reader and a US reader list workflows
    const ids = async (caller: TokenRequest) =>
      (await (await asCaller(app, caller))('/workflows'))
        .json<{ workflows: { correlationId: string }[] }>()
        .workflows.map((w) => w.correlationId);

    // Then the EU reader sees its workflow, and the US reader a full page of its own
    expect(await ids(CALLERS.euReader)).toEqual([eu.correlationId]);
    const us = await ids(CALLERS.usReader);
    expect(us).toHaveLength(100);
    expect(us.every((id) => id.startsWith('wf-us-'))).toBe(true);
  });
});

describe('tenant scope when another tenant writes into a workflow', () => {
  const eu = { ...systemActor, tenantId: 'retail-eu', region: 'EU' };
  const us = { ...systemActor, tenantId: 'retail-us', region: 'US' };

  /** The records proposed in turn to a real gate, and an API over the decisions it wrote. */
  async function decidedThenServed(...records: { correlationId: string; actor: typeof eu }[]) {
    const gate = await startGateHarness(services.bus, services.codec);
    onTestFinished(() => gate.stop());
    const decisions: Decision[] = [];
    for (const record of records) {
      const fields = postedFields(record);
      await gate.propose(fields, transactionPosted());
      decisions.push(await gate.decisionFor(fields.id));
    }
    const entries = decisions.map((decision, offset) => ({
      decision,
      coordinates: { topic: 'sg.decisions', partition: 0, offset: String(offset) },
    }));
    const { app } = await apiWith(services, entries);
    return { decisions, app };
  }

  const auditOf = async (app: FastifyInstance, caller: TokenRequest, wf: string) => {
    const response = await (await asCaller(app, caller))(`/audit?workflow=${wf}`);
    return { status: response.statusCode, ids: response.json<AuditPage>().entries?.map((e) => e.decisionId) };
  };

  it("keeps a workflow its first tenant's: the gate denies the second tenant's record, whose row only an all-tenant caller reads", async () => {
    const wf = `wf-${randomUUID()}`;
    const { decisions, app } = await decidedThenServed(
      { correlationId: wf, actor: eu },
      { correlationId: wf, actor: us },
    );
    const [claimed, intruding] = decisions;
    expect(claimed!.outcome).toBe('DELIVERED');
    expect(intruding!.verdicts).toContainEqual(
      expect.objectContaining({ policy: 'tenant-isolation', verdict: 'DENY' }),
    );

    expect(await auditOf(app, CALLERS.euReader, wf)).toEqual({ status: 200, ids: [claimed!.decisionId] });
    expect((await auditOf(app, CALLERS.usReader, wf)).status).toBe(403);
    expect((await (await asCaller(app, CALLERS.usReader))(`/workflows/${wf}`)).statusCode).toBe(403);
    expect(await auditOf(app, CALLERS.reader, wf)).toEqual({
      status: 200,
      ids: [claimed!.decisionId, intruding!.decisionId],
    });
  });

  it('gives a workflow to the tenant of its first record not denied, as the gate does', async () => {
    const wf = `wf-${randomUUID()}`;
    const refused = { ...us, roles: ['customer'] }; // rbac: a customer cannot post a ledger transaction
    const { decisions, app } = await decidedThenServed(
      { correlationId: wf, actor: refused },
      { correlationId: wf, actor: eu },
    );
    expect(decisions.map((d) => d.outcome)).toEqual(['DENIED', 'DELIVERED']);

    expect((await (await asCaller(app, CALLERS.euReader))(`/workflows/${wf}`)).statusCode).toBe(200);
    expect(await auditOf(app, CALLERS.euReader, wf)).toEqual({
      status: 200,
      ids: [decisions[1]!.decisionId],
    });
    expect((await (await asCaller(app, CALLERS.usReader))(`/workflows/${wf}`)).statusCode).toBe(403);
  });
});

describe('tokens that do not verify', () => {
  it('answer 401 invalid_token: expired, another issuer or audience, another key, no subject', async () => {
    const { app } = await givenEscalatedApi();
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const tokens = {
      expired: await tokenFor({ ...CALLERS.reader, ttl: -60 }),
      issuer: await tokenFor(CALLERS.reader, { ...testAuthority, issuer: 'https://evil.test' }),
      audience: await tokenFor(CALLERS.reader, { ...testAuthority, audience: 'another-api' }),
      key: await tokenFor(CALLERS.reader, { ...testAuthority, privateKey: stranger }),
      subject: await tokenFor({ ...CALLERS.reader, subject: ' ' }),
      garbage: 'not.a.jwt',
    };
    for (const [why, token] of Object.entries(tokens)) {
      const response = await app.inject({ url: '/workflows', headers: { authorization: `Bearer ${token}` } });
      expect([why, response.statusCode]).toEqual([why, 401]);
      expect(response.headers['www-authenticate']).toMatch(
        /^Bearer realm="swarmgate", error="invalid_token"/,
      );
      expect(errorOf(response).message).toMatch(/^invalid token: /);
    }
  });
});

describe("the identity provider's JWKS", () => {
  it('verifies tokens against the keys served at a JWKS URL, found by key id', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'idp-2026', alg: 'EdDSA', use: 'sig' }] };
    const idp = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => idp.close(() => resolve())));
    const jwksUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks.json`;
    const { app } = await apiWith(services, [], { auth: { ...testAuth, key: { jwksUrl } } });
    const authority = { privateKey, issuer: TEST_ISSUER, audience: TEST_AUDIENCE };

    const good = await tokenFor(CALLERS.reader, authority);
    const local = await tokenFor(CALLERS.reader);
    const get = (token: string) =>
      app.inject({ url: '/workflows', headers: { authorization: `Bearer ${token}` } });

    expect((await get(good)).statusCode).toBe(200);
    expect((await get(local)).statusCode).toBe(401);
  });
});

import { describe, expect, it } from 'vitest';
import type { TokenRequest } from './auth/index.ts';
import type { Bus } from '../bus/port.ts';
import { openEnvelope, verifyEnvelope } from '../schemas/envelope.ts';
import { collect } from '../test/support/collect.ts';
import { uniqueName } from '../test/support/names.ts';
import { apiWith, asCaller, errorOf, fieldsOf } from './testing/api.ts';
import {
  escalatedWorkflow,
  escalationRequest,
  ESCALATION_TRACE,
  withApproval,
} from './testing/escalation.ts';
import { realServices } from './testing/services.ts';
import { CALLERS } from './testing/tokens.ts';

const services = realServices();
const review = { decision: 'approve', comment: 'checked income' };

/** POSTs a decision on the workflow as the caller. */
async function deciding(
  workflow: { decisions: Parameters<typeof apiWith>[1] },
  overrides: Parameters<typeof apiWith>[2] = {},
) {
  const given = await apiWith(services, workflow.decisions, overrides);
  const as = async (caller: TokenRequest, id: string, payload: unknown) =>
    (await asCaller(given.app, caller))({
      method: 'POST',
      url: `/workflows/${id}/decision`,
      payload: payload as object,
    });
  return { ...given, as };
}

/** The file's bus, whose first send fails as it does while the broker is down. */
function failingFirstSend(bus: Bus): Bus {
  let failed = false;
  const send: Bus['send'] = (records) => {
    if (failed) return bus.send(records);
    failed = true;
    return Promise.reject(Object.assign(new Error('broker down'), { name: 'KafkaJSConnectionError' }));
  };
  return Object.assign(Object.create(bus) as Bus, { send });
}

/** The file's bus, whose sends wait for `release`; `second` resolves once a second send waits. */
function heldSends(bus: Bus) {
  let release = () => {};
  let secondWaits = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const second = new Promise<void>((resolve) => (secondWaits = resolve));
  let waiting = 0;
  const send: Bus['send'] = async (records) => {
    waiting += 1;
    if (waiting === 2) secondWaits();
    await released;
    return bus.send(records);
  };
  return { bus: Object.assign(Object.create(bus) as Bus, { send }), second, release: () => release() };
}

const reviewer = (subject: string, overrides: Partial<TokenRequest> = {}): TokenRequest => ({
  ...CALLERS.reviewer,
  subject,
  ...overrides,
});

async function proposedFor(correlationId: string) {
  const proposed = collect(services.bus, uniqueName('api-proposed-reader'), [services.names.proposed]);
  try {
    const records = await proposed.until((seen) => seen.some((r) => r.key?.toString() === correlationId));
    return await openEnvelope(
      services.codec,
      records.find((r) => r.key?.toString() === correlationId)!.value,
    );
  } finally {
    await proposed.stop();
  }
}

describe('POST /workflows/:id/decision', () => {
  it("proposes a human.DecisionRecorded by the token's subject with the token's roles, signed by the case desk", async () => {
    const request = escalationRequest();
    const workflow = await escalatedWorkflow(services.codec, [request]);
    const { as, caseDesk } = await deciding(workflow);
    const response = await as(CALLERS.reviewer, workflow.correlationId, review);
    expect(response.statusCode).toBe(202);
    expect(response.json<object>()).toMatchObject({
      escalationId: request.escalationId,
      verdict: 'APPROVE',
      approverId: 'officer-olga',
    });
    const { envelope, payload } = await proposedFor(workflow.correlationId);
    expect(verifyEnvelope(services.codec, envelope, caseDesk.publicKeyPem)).toBe(true);
    expect(envelope).toMatchObject({
      type: 'human.DecisionRecorded',
      source: 'case-desk',
      causationId: workflow.escalationEventId,
      hops: 4,
      actor: { userId: 'officer-olga', roles: ['review', 'compliance-officer'], tenantId: 'retail-eu' },
      signature: { keyId: 'case-desk' },
    });
    expect(envelope.traceparent?.slice(0, 36)).toBe(ESCALATION_TRACE.slice(0, 36));
    expect(payload).toMatchObject({
      approverId: 'officer-olga',
      verdict: 'APPROVE',
      comment: 'checked income',
    });
  });

  it('refuses a body that names a reviewer or roles: the reviewer is the token, never the body', async () => {
    const workflow = await escalatedWorkflow(services.codec, [escalationRequest()]);
    const { as } = await deciding(workflow);
    const response = await as(CALLERS.reviewer, workflow.correlationId, {
      ...review,
      approver: 'head-hanna',
      roles: ['head-of-compliance'],
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toContain('Unrecognized keys: "approver", "roles"');
  });

  it('refuses the proposer with 403, also under a zero-width or case variant of the name', async () => {
    const workflow = await escalatedWorkflow(services.codec, [escalationRequest()]);
    const { as } = await deciding(workflow);
    const plain = await as(reviewer('advisor-amy'), workflow.correlationId, review);
    const disguised = await as(reviewer('Advisor-Amy\u200b'), workflow.correlationId, review);
    expect([plain.statusCode, disguised.statusCode]).toEqual([403, 403]);
    expect(errorOf(plain).message).toMatch(/^maker-checker: "advisor-amy" is a party/);
    expect(errorOf(disguised).message).toMatch(/^maker-checker: "Advisor-Amy\u200b" is a party/);
  });

  it('dual control: one subject cannot approve twice, in a row or after its approval was audited', async () => {
    const request = escalationRequest({ requiredApprovals: 2 });
    const workflow = await escalatedWorkflow(services.codec, [request]);
    const { as } = await deciding(workflow);
    const first = await as(CALLERS.reviewer, workflow.correlationId, review);
    const again = await as(reviewer('officer-olga\u200b'), workflow.correlationId, review);
    const other = await as(CALLERS.secondReviewer, workflow.correlationId, review);
    expect([first.statusCode, again.statusCode, other.statusCode]).toEqual([202, 403, 202]);
    expect(errorOf(again).message).toMatch(/^dual control: "officer-olga\u200b" has already approved/);

    const audited = await withApproval(services.codec, workflow, request.escalationId, 'officer-olga');
    const restarted = await deciding(audited);
    const afterRestart = await restarted.as(reviewer('OFFICER-OLGA'), workflow.correlationId, review);
    expect(afterRestart.statusCode).toBe(403);
    expect(errorOf(afterRestart).message).toMatch(/^dual control: /);
  });

  it('dual control: of two simultaneous approvals with one token, exactly one is accepted', async () => {
    const workflow = await escalatedWorkflow(services.codec, [escalationRequest({ requiredApprovals: 2 })]);
    const sends = heldSends(services.bus);
    const { app } = await deciding(workflow, { bus: sends.bus });
    const olga = await asCaller(app, CALLERS.reviewer);
    const approve = () =>
      olga({ method: 'POST', url: `/workflows/${workflow.correlationId}/decision`, payload: review });
    const answers = [approve(), approve()];
    // The first send waits until the other approval is answered or sends too: the race happens.
    void Promise.race([...answers, sends.second]).then(sends.release);
    const settled = await Promise.all(answers);
    expect(settled.map((a) => a.statusCode).sort()).toEqual([202, 403]);
    const refused = settled.find((a) => a.statusCode === 403)!;
    expect(errorOf(refused).message).toMatch(/^dual control: "officer-olga" has already approved/);
  });

  it('dual control: an approval that could not be sent does not count, so the reviewer may retry', async () => {
    const workflow = await escalatedWorkflow(services.codec, [escalationRequest({ requiredApprovals: 2 })]);
    const { as } = await deciding(workflow, { bus: failingFirstSend(services.bus) });
    const failed = await as(CALLERS.reviewer, workflow.correlationId, review);
    const retried = await as(CALLERS.reviewer, workflow.correlationId, review);
    expect([failed.statusCode, retried.statusCode]).toEqual([503, 202]);
  });

  it('refuses a reviewer of another tenant with 403 naming the tenant', async () => {
    const workflow = await escalatedWorkflow(services.codec, [escalationRequest()], 'retail-us');
    const { as } = await deciding(workflow);
    const response = await as(CALLERS.reviewer, workflow.correlationId, review);
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).message).toContain('belongs to tenant "retail-us"');
  });

  it('decides a named escalation, and answers 409 for one the workflow does not have', async () => {
    const [first, second] = [escalationRequest(), escalationRequest()];
    const workflow = await escalatedWorkflow(services.codec, [first, second]);
    const { as } = await deciding(workflow);
    const named = await as(CALLERS.reviewer, workflow.correlationId, {
      ...review,
      decision: 'reject',
      escalationId: first.escalationId,
    });
    const unknown = await as(CALLERS.reviewer, workflow.correlationId, {
      ...review,
      escalationId: 'esc-nope',
    });
    expect(named.json<object>()).toMatchObject({ escalationId: first.escalationId, verdict: 'REJECT' });
    expect(unknown.statusCode).toBe(409);
    expect(errorOf(unknown).message).toContain(
      `its escalations: ${first.escalationId}, ${second.escalationId}`,
    );
  });

  it('answers 404 for an unknown workflow, 409 for one without an escalation, 400 naming bad fields', async () => {
    const workflow = await escalatedWorkflow(services.codec, []);
    const { as } = await deciding(workflow);
    const unknown = await as(CALLERS.reviewer, 'wf-unknown', review);
    const calm = await as(CALLERS.reviewer, workflow.correlationId, review);
    const bad = await as(CALLERS.reviewer, workflow.correlationId, { decision: 'maybe' });
    expect([unknown.statusCode, calm.statusCode, bad.statusCode]).toEqual([404, 409, 400]);
    expect(errorOf(calm).message).toBe(
      `workflow "${workflow.correlationId}" has no escalation awaiting a human decision`,
    );
    expect(fieldsOf(bad)).toEqual(['decision']);
  });

  it('answers 503 when no case-desk key is configured', async () => {
    const workflow = await escalatedWorkflow(services.codec, [escalationRequest()]);
    const { as } = await deciding(workflow, { humanSigner: undefined });
    const response = await as(CALLERS.reviewer, workflow.correlationId, review);
    expect(response.statusCode).toBe(503);
    expect(errorOf(response).message).toContain('no case-desk signing key');
  });
});

import { describe, expect, it } from 'vitest';
import { openEnvelope, verifyEnvelope } from '../schemas/envelope.ts';
import { collect } from '../test/support/collect.ts';
import { uniqueName } from '../test/support/names.ts';
import { apiWith, errorOf, fieldsOf } from './testing/api.ts';
import { escalatedWorkflow, escalationRequest, ESCALATION_TRACE } from './testing/escalation.ts';
import { realServices } from './testing/services.ts';

const services = realServices();
const review = {
  decision: 'approve',
  approver: 'officer-olga',
  roles: ['compliance-officer'],
  comment: 'checked income',
};
const post = (app: Awaited<ReturnType<typeof apiWith>>['app'], id: string, payload: unknown) =>
  app.inject({ method: 'POST', url: `/workflows/${id}/decision`, payload: payload as object });

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
  it("proposes a human.DecisionRecorded signed by the case desk, answering the workflow's escalation", async () => {
    const request = escalationRequest();
    const workflow = await escalatedWorkflow(services.codec, [request]);
    const { app, caseDesk } = await apiWith(services, workflow.decisions);
    const response = await post(app, workflow.correlationId, review);
    expect(response.statusCode).toBe(202);
    expect(response.json<object>()).toMatchObject({ escalationId: request.escalationId, verdict: 'APPROVE' });
    const { envelope, payload } = await proposedFor(workflow.correlationId);
    expect(verifyEnvelope(services.codec, envelope, caseDesk.publicKeyPem)).toBe(true);
    expect(envelope).toMatchObject({
      type: 'human.DecisionRecorded',
      source: 'case-desk',
      causationId: workflow.escalationEventId,
      hops: 4,
      actor: { userId: 'officer-olga', roles: ['compliance-officer'], tenantId: 'retail-eu', region: 'EU' },
      signature: { keyId: 'case-desk' },
    });
    expect(envelope.traceparent?.slice(0, 36)).toBe(ESCALATION_TRACE.slice(0, 36));
    expect(payload).toMatchObject({
      escalationId: request.escalationId,
      approverId: 'officer-olga',
      verdict: 'APPROVE',
      comment: 'checked income',
    });
  });

  it('decides a named escalation, and answers 409 for one the workflow does not have', async () => {
    const [first, second] = [escalationRequest(), escalationRequest()];
    const workflow = await escalatedWorkflow(services.codec, [first, second]);
    const { app } = await apiWith(services, workflow.decisions);
    const named = await post(app, workflow.correlationId, {
      ...review,
      decision: 'reject',
      escalationId: first.escalationId,
    });
    const unknown = await post(app, workflow.correlationId, { ...review, escalationId: 'esc-nope' });
    expect(named.json<object>()).toMatchObject({ escalationId: first.escalationId, verdict: 'REJECT' });
    expect(unknown.statusCode).toBe(409);
    expect(errorOf(unknown).message).toContain(
      `its escalations: ${first.escalationId}, ${second.escalationId}`,
    );
  });

  it('answers 404 for an unknown workflow and 409 for one without an escalation', async () => {
    const workflow = await escalatedWorkflow(services.codec, []);
    const { app } = await apiWith(services, workflow.decisions);
    const unknown = await post(app, 'wf-unknown', review);
    const calm = await post(app, workflow.correlationId, review);
    expect([unknown.statusCode, calm.statusCode]).toEqual([404, 409]);
    expect(errorOf(calm).message).toBe(
      `workflow "${workflow.correlationId}" has no escalation awaiting a human decision`,
    );
  });

  it('refuses a party to the proposal with 403 and a bad body with 400 naming the fields', async () => {
    const workflow = await escalatedWorkflow(services.codec, [escalationRequest()]);
    const { app } = await apiWith(services, workflow.decisions);
    const maker = await post(app, workflow.correlationId, { ...review, approver: 'advisor-amy' });
    const bad = await post(app, workflow.correlationId, { decision: 'maybe', roles: [] });
    expect([maker.statusCode, bad.statusCode]).toEqual([403, 400]);
    expect(errorOf(maker).message).toMatch(/^maker-checker: advisor-amy is a party/);
    expect(fieldsOf(bad)).toEqual(['decision', 'approver', 'roles']);
  });

  it('answers 503 when no case-desk key is configured', async () => {
    const workflow = await escalatedWorkflow(services.codec, [escalationRequest()]);
    const { app } = await apiWith(services, workflow.decisions, { humanSigner: undefined });
    const response = await post(app, workflow.correlationId, review);
    expect(response.statusCode).toBe(503);
    expect(errorOf(response).message).toContain('no case-desk signing key');
  });
});

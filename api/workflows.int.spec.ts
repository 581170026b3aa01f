import { describe, expect, it } from 'vitest';
import type { WorkflowSnapshot, WorkflowState } from '../projector/index.ts';
import { BANKING_FLOW, decisionStream } from '../projector/testing/decisions.ts';
import { apiWith, asCaller, errorOf } from './testing/api.ts';
import { realServices } from './testing/services.ts';
import { CALLERS } from './testing/tokens.ts';

const services = realServices();
const denied = [
  BANKING_FLOW[0]!,
  { eventType: 'advice.RecommendationMade', sender: 'advisor', outcome: 'DENIED' as const },
];
/** Three workflows: 0 and 1 complete (8 decisions each), 2 denied at its second step. */
const given = async () => {
  const { app } = await apiWith(services, decisionStream(3, 3, { 2: denied }));
  return { app: { inject: await asCaller(app, CALLERS.reader) } };
};

describe('GET /workflows/:id and its history', () => {
  it('returns the current state and every version with its provenance', async () => {
    const { app } = await given();
    const current = await app.inject({ url: '/workflows/workflow-2' });
    const history = await app.inject({ url: '/workflows/workflow-0/history' });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({
      correlationId: 'workflow-2',
      status: 'denied',
      version: 2,
      denials: 1,
    });
    const versions = history.json<{ history: WorkflowSnapshot[] }>().history;
    expect(versions.map((snapshot) => snapshot.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(versions[0]).toMatchObject({
      decisionId: 'decision-0-0',
      origin: { topic: 'sg.ingress' },
    });
  });

  it("pages the history after a version, with the next page's key while there may be more", async () => {
    const { app } = await given();
    type Page = { history: WorkflowSnapshot[]; next: number | null };
    const versionsOf = (page: Page) => page.history.map((snapshot) => snapshot.version);

    const first = (await app.inject({ url: '/workflows/workflow-0/history?limit=5' })).json<Page>();
    const rest = (
      await app.inject({ url: `/workflows/workflow-0/history?limit=5&after=${first.next}` })
    ).json<Page>();

    expect([versionsOf(first), first.next]).toEqual([[1, 2, 3, 4, 5], 5]);
    expect([versionsOf(rest), rest.next]).toEqual([[6, 7, 8], null]);
  });

  it('answers 404 naming the workflow it does not know', async () => {
    const { app } = await given();
    const current = await app.inject({ url: '/workflows/no-such' });
    const history = await app.inject({ url: '/workflows/no-such/history' });
    expect([current.statusCode, history.statusCode]).toEqual([404, 404]);
    expect(errorOf(current).message).toBe('no workflow "no-such"');
  });
});

describe('GET /workflows', () => {
  it('filters by status and by activity since a time, most recent first, up to a limit', async () => {
    const { app } = await given();
    const completed = await app.inject({ url: '/workflows?status=completed' });
    const since = await app.inject({ url: '/workflows?since=2025-01-15T09:01:00Z' });
    const one = await app.inject({ url: `/workflows?limit=1&since=${Date.UTC(2025, 0, 15, 9, 1)}` });
    const ids = (response: typeof one) =>
      response.json<{ workflows: WorkflowState[] }>().workflows.map((w) => w.correlationId);
    expect(ids(completed)).toEqual(['workflow-1', 'workflow-0']);
    expect(ids(since)).toEqual(['workflow-2', 'workflow-1']);
    expect(ids(one)).toEqual(['workflow-2']);
  });

  it('refuses a bad filter with 400 naming the parameter and what it accepts', async () => {
    const { app } = await given();
    const status = await app.inject({ url: '/workflows?status=lost' });
    const limit = await app.inject({ url: '/workflows?limit=0' });
    const since = await app.inject({ url: '/workflows?since=yesterday' });
    const unknown = await app.inject({ url: '/workflows?stauts=active' });
    expect([status, limit, since, unknown].map((r) => r.statusCode)).toEqual([400, 400, 400, 400]);
    expect(errorOf(status).message).toMatch(/^invalid query: status: .*"active"\|"denied"/);
    expect(errorOf(limit).issues).toMatchObject([{ in: 'query', path: 'limit' }]);
    expect(errorOf(limit).message).toMatch(/^invalid query: limit: .*>=1/);
    expect(errorOf(since).message).toContain('since: expected an ISO 8601 time');
    expect(errorOf(unknown).message).toContain('stauts');
  });
});

describe('GET /workflows/:id/as-of', () => {
  it('returns the version in force at an ISO time or an epoch-ms time', async () => {
    const { app } = await given();
    const iso = await app.inject({ url: '/workflows/workflow-0/as-of?t=2025-01-15T09:00:04.500Z' });
    const epoch = await app.inject({
      url: `/workflows/workflow-0/as-of?t=${Date.UTC(2025, 0, 15, 9, 0, 1)}`,
    });
    expect(iso.json()).toMatchObject({ version: 5, state: { status: 'escalated' } });
    expect(epoch.json()).toMatchObject({ version: 2 });
  });

  it('answers 404 before the first decision or for an unknown workflow, 400 for a bad or missing t', async () => {
    const { app } = await given();
    const before = await app.inject({ url: '/workflows/workflow-0/as-of?t=2025-01-15T08:00:00Z' });
    const unknown = await app.inject({ url: '/workflows/no-such/as-of?t=2025-01-15T08:00:00Z' });
    const bad = await app.inject({ url: '/workflows/workflow-0/as-of?t=last-tuesday' });
    const missing = await app.inject({ url: '/workflows/workflow-0/as-of' });
    expect([before, unknown, bad, missing].map((r) => r.statusCode)).toEqual([404, 404, 400, 400]);
    expect(errorOf(before).message).toContain('did not exist yet at 2025-01-15T08:00:00.000Z');
    expect(errorOf(missing).message).toBe('invalid query: t: required');
  });
});

describe('GET /workflows/:id/provenance', () => {
  it('traces each field of the state to the version, decision and Kafka records that set its value', async () => {
    const { app } = await given();
    const history = (await app.inject({ url: '/workflows/workflow-0/history' })).json<{
      history: WorkflowSnapshot[];
    }>().history;
    const response = await app.inject({ url: '/workflows/workflow-0/provenance' });
    expect(response.statusCode, response.body).toBe(200);
    const { fields } = response.json<{ fields: Record<string, { value: unknown; version: number }> }>();

    // A field's value was set by the first version from which it never changed again.
    const latest = history.at(-1)!.state as unknown as Record<string, unknown>;
    const sameFrom = (field: string) => {
      let from = history.length;
      while (
        from > 1 &&
        JSON.stringify((history[from - 2]!.state as unknown as Record<string, unknown>)[field]) ===
          JSON.stringify(latest[field])
      )
        from -= 1;
      return from;
    };
    const traced = Object.keys(latest).filter(
      (f) => !['version', 'lastDecisionId', 'correlationId'].includes(f),
    );
    expect(Object.keys(fields).sort()).toEqual(traced.sort());
    for (const field of traced)
      expect([field, fields[field]!.value, fields[field]!.version]).toEqual([
        field,
        latest[field],
        sameFrom(field),
      ]);

    // The cost was last raised by the advice (4th decision); the first sighting by the ingress record.
    const advice = history[3]!;
    expect(fields.totalCostMicros).toEqual({
      value: 6_200,
      version: 4,
      eventType: 'advice.RecommendationMade',
      decisionId: advice.decisionId,
      decidedAt: advice.decidedAt,
      policyVersion: advice.policyVersion,
      record: advice.coordinates,
      origin: advice.origin,
      traceparent: advice.traceparent,
    });
    expect(fields.firstSeenAt).toMatchObject({ version: 1, origin: { topic: 'sg.ingress' } });
  });

  it('answers 404 for an unknown workflow', async () => {
    const { app } = await given();
    const unknown = await app.inject({ url: '/workflows/no-such/provenance' });
    expect([unknown.statusCode, errorOf(unknown).message]).toEqual([404, 'no workflow "no-such"']);
  });
});

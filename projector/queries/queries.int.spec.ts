import { afterAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../apply-batch.ts';
import { checkChainProof } from '../audit/case-file-proof.ts';
import { checkpointNow } from '../audit/checkpoints.ts';
import { ed25519Keys, freshSchema, openTestDb } from '../testing/database.ts';
import { BANKING_FLOW, decisionStream } from '../testing/decisions.ts';
import {
  agentStats,
  auditTrail,
  exportCaseFile,
  getWorkflow,
  listWorkflows,
  workflowAsOf,
  workflowHistory,
} from '../queries.ts';

const db = openTestDb();
afterAll(() => db.close());
const keys = ed25519Keys();
const deniedFlow = [
  BANKING_FLOW[0]!,
  { eventType: 'advice.RecommendationMade', sender: 'advisor', outcome: 'DENIED' as const },
];
const stream = decisionStream(3, 3, { 2: deniedFlow });

/** Given three workflows (two complete, one denied at its second step), checkpointed every 5 rows. */
async function given(): Promise<string> {
  const schema = await freshSchema(db);
  await applyBatch(
    db,
    schema,
    stream,
    { group: 'projector' },
    { checkpoints: { privateKey: keys.privateKey, every: 5 } },
  );
  return schema;
}

describe('queries', () => {
  it('returns a workflow, or null for one never seen', async () => {
    const s = await given();

    expect(await getWorkflow(db, s, 'workflow-2')).toMatchObject({
      status: 'denied',
      denials: 1,
      version: 2,
    });
    expect(await getWorkflow(db, s, 'no-such-workflow')).toBeNull();
  });

  it('lists workflows by status and by activity since a time', async () => {
    const s = await given();

    const completed = await listWorkflows(db, s, { status: 'completed' });
    const recent = await listWorkflows(db, s, { since: new Date(Date.UTC(2025, 0, 15, 9, 1)) });

    expect(completed.map((w) => w.correlationId)).toEqual(['workflow-1', 'workflow-0']);
    expect(recent.map((w) => w.correlationId)).toEqual(['workflow-2', 'workflow-1']);
  });

  it('gives every version with its provenance, and the state as of any time', async () => {
    const s = await given();

    const history = await workflowHistory(db, s, 'workflow-0');
    const asOf = await workflowAsOf(db, s, 'workflow-0', new Date(Date.UTC(2025, 0, 15, 9, 0, 4, 500)));
    const beforeStart = await workflowAsOf(db, s, 'workflow-0', new Date(Date.UTC(2025, 0, 15, 8)));

    expect(history.map((snapshot) => snapshot.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(history[0]).toMatchObject({
      decisionId: 'decision-0-0',
      coordinates: { topic: 'sg.decisions', partition: 0, offset: '0' },
      origin: { topic: 'sg.ingress', offset: '0' },
      policyVersion: 'policy-sha-1',
    });
    expect(asOf).toMatchObject({
      version: 5,
      state: { status: 'escalated', currentStep: 'compliance.EscalationRequested' },
    });
    expect(beforeStart).toBeNull();
  });

  it("returns the audit rows of a workflow and the agents' statistics", async () => {
    const s = await given();

    const trail = await auditTrail(db, s, 'workflow-2');
    const [advisor] = await agentStats(db, s, 'advisor');

    expect(trail.map((row) => row.decisionId)).toEqual(['decision-2-0', 'decision-2-1']);
    expect(advisor).toMatchObject({ sent: 3, denied: 1, handled: 2, costMicros: 10_000 });
  });

  it("exports a case file whose proofs reach a signed checkpoint without other workflows' content", async () => {
    const s = await given();
    await checkpointNow(db, s, { privateKey: keys.privateKey });

    const caseFile = await exportCaseFile(db, s, 'workflow-1');

    expect(caseFile.entries).toHaveLength(8);
    expect(caseFile.entries.every((entry) => entry.checkpointSeq !== null)).toBe(true);
    expect(JSON.stringify(caseFile.digests)).not.toContain('workflow-0');
    expect(checkChainProof(caseFile, keys.publicKey)).toEqual({ ok: true, problems: [], unsigned: [] });
  });

  it('marks the rows after the last checkpoint as unsigned, and a forged entry as broken', async () => {
    const s = await given();

    const caseFile = await exportCaseFile(db, s, 'workflow-1');
    const [first, ...rest] = caseFile.entries;
    const forged = {
      ...caseFile,
      entries: [{ ...first!, canonical: first!.canonical.replace('core-banking', 'mallory') }, ...rest],
    };

    expect(checkChainProof(caseFile, keys.publicKey).unsigned).toEqual([16, 18]);
    expect(checkChainProof(forged, keys.publicKey).problems).toContain(`seq ${first!.seq}: hash mismatch`);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { applyBatch } from './apply-batch.ts';
import { WorkflowVersionConflict } from './errors.ts';
import { loadOffsets } from './offsets.ts';
import { execute } from './projections/projection.ts';
import { workflowsProjection } from './projections/workflows.ts';
import { agentStats, getWorkflow, stateHash, workflowHistory } from './queries.ts';
import { inSchema } from './store/schema-scope.ts';
import { asNumber } from './store/values.ts';
import { freshSchema, openTestDb } from './testing/database.ts';
import { aDecision, decisionStream, DECISIONS_TOPIC, inBatches } from './testing/decisions.ts';

const db = openTestDb();
afterAll(() => db.close());
const group = { group: 'projector' };

const count = (schema: string, table: string) =>
  inSchema(db, schema, async (tx) =>
    asNumber((await tx.query(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n),
  );

describe('applyBatch', () => {
  it('projects a stream of decisions into workflows, snapshots, agent stats, incidents and the audit log', async () => {
    const schema = await freshSchema(db);
    const stream = decisionStream(3);

    for (const batch of inBatches(stream, 5, 7)) await applyBatch(db, schema, batch, group);

    const workflow = await getWorkflow(db, schema, 'workflow-1');
    expect(workflow).toMatchObject({
      status: 'completed',
      currentStep: 'response.CustomerAnswered',
      decisions: 8,
      version: 8,
      denials: 0,
      totalCostMicros: 6_200,
      lastDecisionId: 'decision-1-7',
    });
    expect(workflow?.participants).toEqual([
      'advisor',
      'advisor-jane',
      'aml-monitor',
      'compliance',
      'core-banking',
      'fraud',
      'human-review',
      'responder',
    ]);
    expect((await workflowHistory(db, schema, 'workflow-1')).map((s) => s.state.status)).toEqual([
      'active',
      'active',
      'failed',
      'active',
      'escalated',
      'escalated',
      'active',
      'completed',
    ]);
    expect(await count(schema, 'audit_log')).toBe(24);
    expect(await count(schema, 'incidents')).toBe(3);
    const [aml] = await agentStats(db, schema, 'aml-monitor');
    expect(aml).toMatchObject({ sent: 3, handled: 3, fallbacks: 3, errors: 0, latency: { '10': 3 } });
    expect(await loadOffsets(db, schema, 'projector')).toEqual(
      [0, 1, 2].map((partition) => ({
        topic: DECISIONS_TOPIC,
        partition,
        nextOffset: '8',
      })),
    );
  });

  it('changes nothing when a batch is redelivered after a crash', async () => {
    const schema = await freshSchema(db);
    const stream = decisionStream(2);
    await applyBatch(db, schema, stream, group);
    const before = await stateHash(db, schema);

    const redelivered = await applyBatch(db, schema, stream, group);

    expect(redelivered).toMatchObject({ applied: 0, skipped: stream.length });
    expect(await stateHash(db, schema)).toBe(before);
    expect(await count(schema, 'audit_log')).toBe(stream.length);
  });

  it('applies only the new part of an overlapping redelivery', async () => {
    const schema = await freshSchema(db);
    const [first = [], second = []] = inBatches(decisionStream(2), 6);
    await applyBatch(db, schema, first, group);

    const result = await applyBatch(db, schema, [...first.slice(2), ...second], group);

    expect(result).toMatchObject({ applied: second.length, skipped: 4 });
    expect((await getWorkflow(db, schema, 'workflow-0'))?.version).toBe(8);
  });

  it('skips a decision already audited under other coordinates', async () => {
    const schema = await freshSchema(db);
    const [entry] = decisionStream(1);
    if (!entry) throw new Error('empty stream');
    await applyBatch(db, schema, [entry], group);

    const elsewhere = { ...entry, coordinates: { ...entry.coordinates, offset: '40' } };
    const result = await applyBatch(db, schema, [elsewhere], group);

    expect(result).toMatchObject({ applied: 0, skipped: 1 });
    expect(await loadOffsets(db, schema, 'projector')).toEqual([
      { topic: DECISIONS_TOPIC, partition: 0, nextOffset: '41' },
    ]);
  });

  it('stores extra positions, e.g. past dead-lettered records, and never moves them back', async () => {
    const schema = await freshSchema(db);
    const positions = [{ topic: DECISIONS_TOPIC, partition: 5, nextOffset: '12' }];
    await applyBatch(db, schema, [], { group: 'g', positions });

    await applyBatch(db, schema, [], { group: 'g', positions: [{ ...positions[0]!, nextOffset: '3' }] });

    expect(await loadOffsets(db, schema, 'g')).toEqual(positions);
  });

  it('refuses to update a workflow at a version other than the one read', async () => {
    const schema = await freshSchema(db);
    const decisions = decisionStream(1).slice(0, 2);
    await applyBatch(db, schema, decisions, group);
    const staleState = null; // as if nothing had been read: expects version 0, finds 2
    const late = aDecision({ decisionId: 'late', correlationId: 'workflow-0' });
    const coordinates = { topic: DECISIONS_TOPIC, partition: 0, offset: '99' };

    const attempt = inSchema(db, schema, (tx) =>
      execute(tx, workflowsProjection.evolve(late, coordinates, staleState)),
    );

    await expect(attempt).rejects.toBeInstanceOf(WorkflowVersionConflict);
    await expect(attempt).rejects.toMatchObject({ retriable: true, expectedVersion: 0 });
  });
});

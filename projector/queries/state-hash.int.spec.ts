import { afterAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../apply-batch.ts';
import { freshSchema, openTestDb } from '../testing/database.ts';
import { decisionStream, inBatches } from '../testing/decisions.ts';
import { stateHash, tableHashes } from './state-hash.ts';

const db = openTestDb();
afterAll(() => db.close());

describe('stateHash', () => {
  it('is equal for two schemas fed the same decisions in different batch splits', async () => {
    const stream = decisionStream(4);
    const live = await freshSchema(db);
    const shadow = await freshSchema(db);

    for (const batch of inBatches(stream, 1, 2, 3)) await applyBatch(db, live, batch, { group: 'live' });
    for (const batch of inBatches(stream, 17))
      await applyBatch(db, shadow, batch, { group: 'shadow-replay' });

    expect(await stateHash(db, shadow)).toBe(await stateHash(db, live));
  });

  it('differs, and names the tables that differ, when one decision is missing', async () => {
    const stream = decisionStream(2);
    const live = await freshSchema(db);
    const shadow = await freshSchema(db);

    await applyBatch(db, live, stream, { group: 'live' });
    await applyBatch(db, shadow, stream.slice(0, -1), { group: 'shadow-replay' });
    const [liveTables, shadowTables] = await Promise.all([tableHashes(db, live), tableHashes(db, shadow)]);

    expect(await stateHash(db, shadow)).not.toBe(await stateHash(db, live));
    const differing = Object.keys(liveTables).filter((table) => liveTables[table] !== shadowTables[table]);
    expect(differing).toEqual(['workflows', 'workflow_snapshots', 'agent_stats', 'agent_latency']);
  });
});

// The API with the dashboard, listening on a free port over a fresh PostgreSQL schema. The routes
// the page reads need no Kafka, so the bus and the schema registry are the in-process ones.
import { onTestFinished } from 'vitest';
import { MemoryBus } from '../../../bus/memory/index.ts';
import { topicNames } from '../../../bus/topics.ts';
import { applyBatch, type Db, type DecisionEntry } from '../../../projector/index.ts';
import { freshSchema } from '../../../projector/testing/database.ts';
import { Codec } from '../../../schemas/codec.ts';
import type { Inventory } from '../../inventory.ts';
import { buildApi } from '../../server.ts';
import { testAuth } from '../../testing/tokens.ts';

export interface ServedDashboard {
  /** e.g. http://127.0.0.1:40123 */
  readonly baseUrl: string;
  readonly schema: string;
  /** Projects more decisions, as the projector would while the page is open. */
  readonly project: (entries: readonly DecisionEntry[]) => Promise<void>;
}

export async function serveDashboard(
  db: Db,
  decisions: readonly DecisionEntry[],
  inventory: Inventory,
): Promise<ServedDashboard> {
  const schema = await freshSchema(db);
  const project = async (entries: readonly DecisionEntry[]) => {
    await applyBatch(db, schema, entries, { group: 'projector' });
  };
  await project(decisions);
  const app = buildApi({
    db,
    schema,
    bus: new MemoryBus(),
    codec: Codec.embedded(),
    names: topicNames(''),
    inventory,
    auth: testAuth,
  });
  onTestFinished(() => app.close());
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return { baseUrl, schema, project };
}

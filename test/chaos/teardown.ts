// The end of a chaos run: let the projector apply the last decisions, then drop what the run made.
import { createKafka } from '../../bus/kafka/config.ts';
import type { Db } from '../../projector/store/db.ts';

/** Waits while the projector makes progress towards `total` audited decisions; returns how many it reached. */
export async function projectorCaughtUp(db: Db, schema: string, total: number): Promise<number> {
  const audited = async () =>
    Number((await db.query(`SELECT count(*)::int AS n FROM "${schema}".audit_log`)).rows[0]?.n ?? 0);
  let applied = await audited();
  let progressedAt = Date.now();
  while (applied < total && Date.now() - progressedAt < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await audited();
    if (now > applied) progressedAt = Date.now();
    applied = now;
  }
  return applied;
}

/** Drops the run's projector schemas, then (its clients closed) its topics. */
export async function dropSchemas(db: Db, schema: string): Promise<void> {
  for (const name of [schema, `${schema}_shadow`]) await db.exec(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
}

export async function dropTopics(brokers: readonly string[], prefix: string): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'swarmgate-chaos-cleanup' }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

import { describe, expect, it } from 'vitest';
import { testOperator } from '../registry/testing.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { topicNames, topicSpecs } from '../bus/topics.ts';
import { openTestDb, uniqueSchemaName } from '../projector/testing/database.ts';
import { quoteSchema } from '../projector/index.ts';
import { uniqueName } from '../test/support/names.ts';
import { services } from '../test/support/services.ts';
import { startApi } from './main.ts';
import { bearer, CALLERS, testAuth } from './testing/tokens.ts';

describe('startApi', () => {
  it('connects Kafka, the registry and PostgreSQL, listens, and stops cleanly', async () => {
    // Given the topics of an installation and a database schema the API will migrate
    const prefix = `${uniqueName('api-main')}.`;
    const schema = uniqueSchemaName();
    const admin = new KafkaBus({ brokers: services.brokers });
    await admin.createTopics(topicSpecs(topicNames(prefix), { partitions: 1, agents: [] }));
    await admin.close();
    // When the API process starts on a free port
    const api = await startApi({
      brokers: services.brokers,
      registryUrl: services.registryUrl,
      databaseUrl: services.databaseUrl,
      schema,
      topicPrefix: prefix,
      port: 0,
      auth: testAuth,
      logger: false,
      operatorKeys: testOperator().keys,
    });
    try {
      await api.inventory.caughtUp;
      // Then it answers over HTTP on the loopback interface: healthy, an empty projection for a
      // reader, and nothing without a token
      const health = await fetch(`${api.url}/healthz`);
      const list = await fetch(`${api.url}/workflows`, { headers: await bearer(CALLERS.reader) });
      const anonymous = await fetch(`${api.url}/workflows`);
      const ingest = await fetch(`${api.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await bearer(CALLERS.ingest)) },
        body: '{}',
      });
      expect(new URL(api.url).hostname).toBe('127.0.0.1');
      expect(health.status).toBe(200);
      expect(await list.json()).toEqual({ workflows: [] });
      expect(anonymous.status).toBe(401);
      expect(ingest.status).toBe(400);
    } finally {
      await api.stop();
      const db = openTestDb();
      await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      await db.close();
    }
  });
});

// The projector's integration specs share one set-up: the test database, a Kafka bus and the
// codec, closed after the file, with the topics of every installation it made.
import { afterAll, beforeAll } from 'vitest';
import { KafkaBus } from '../../bus/kafka/index.ts';
import { openTestDb } from '../../projector/testing/database.ts';
import { deleteInstallations } from '../../projector/testing/installation.ts';
import { Codec } from '../../schemas/codec.ts';
import { services } from './services.ts';

/** Call at a spec's top level; hooks registered after it run before its clean-up. */
export function projectorServices() {
  const db = openTestDb();
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  beforeAll(() => codec.registerAll());
  afterAll(async () => {
    await bus.close();
    await db.close();
    await deleteInstallations(services.brokers);
  });
  return { db, bus, codec };
}

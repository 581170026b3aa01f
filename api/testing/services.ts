// The real services of one test file: PostgreSQL, Kafka under a topic prefix of its own, the
// schema registry, and an inventory following the file's sg.registry and sg.control.
import { afterAll, beforeAll } from 'vitest';
import { KafkaBus } from '../../bus/kafka/index.ts';
import { topicNames, topicSpecs, type TopicNames } from '../../bus/topics.ts';
import type { Db } from '../../projector/index.ts';
import { openTestDb } from '../../projector/testing/database.ts';
import { testOperator } from '../../registry/testing.ts';
import { Codec } from '../../schemas/codec.ts';
import { uniqueName } from '../../test/support/names.ts';
import { services } from '../../test/support/services.ts';
import { followInventory, type FollowedInventory } from '../inventory.ts';

export interface Services {
  readonly db: Db;
  readonly bus: KafkaBus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly inventory: FollowedInventory;
}

/** Opened before the file's tests, closed after them; read its fields inside tests only. */
export function realServices(): Services {
  const opened: Partial<Services> = {};
  beforeAll(async () => {
    const names = topicNames(`${uniqueName('api')}.`);
    const bus = new KafkaBus({ brokers: services.brokers, clientId: 'api-test' });
    await bus.createTopics(topicSpecs(names, { partitions: 3, agents: [] }));
    const codec = Codec.connect(services.registryUrl);
    await codec.registerAll();
    const inventory = await followInventory(bus, codec, names, testOperator().keys);
    Object.assign(opened, { db: openTestDb(), bus, codec, names, inventory });
  });
  afterAll(async () => {
    await opened.inventory?.stop();
    await opened.bus?.close();
    await opened.db?.close();
  });
  const field = <K extends keyof Services>(key: K): Services[K] => {
    const value = opened[key];
    if (value === undefined) throw new Error(`services.${key} is read before beforeAll ran`);
    return value;
  };
  return {
    get db() {
      return field('db');
    },
    get bus() {
      return field('bus');
    },
    get codec() {
      return field('codec');
    },
    get names() {
      return field('names');
    },
    get inventory() {
      return field('inventory');
    },
  };
}

// The API as a process: Kafka, the schema registry and the projector's database, then listen.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { KafkaBus } from '../bus/kafka/index.ts';
import { topicNames } from '../bus/topics.ts';
import { openProjectorDb } from '../projector/index.ts';
import type { OperatorKeys } from '../registry/operator-keys.ts';
import { Codec } from '../schemas/codec.ts';
import type { Signer } from '../schemas/envelope.ts';
import type { AuthSettings } from './auth/index.ts';
import type { BudgetRule } from './dashboard/budget-queries.ts';
import { followInventory, type FollowedInventory } from './inventory.ts';
import { buildApi } from './server.ts';

export interface ApiConfig {
  readonly brokers: readonly string[];
  readonly registryUrl: string;
  /** postgres:// URL; defaults to DATABASE_URL, and without either to an embedded PGlite. */
  readonly databaseUrl?: string;
  /** Where the embedded PGlite keeps its files. */
  readonly dataDir?: string;
  /** The projector's schema; `swarmgate` by default. */
  readonly schema?: string;
  readonly topicPrefix?: string;
  /** 8080 by default; 0 picks a free port. */
  readonly port?: number;
  /** 127.0.0.1 by default: another interface only when asked. */
  readonly host?: string;
  /** Whose bearer tokens the API accepts. */
  readonly auth: AuthSettings;
  readonly humanSigner?: Signer;
  /** Signs kill switches from the dashboard (POST /agents/:name/kill|resume). */
  readonly operatorSigner?: Signer;
  /** The audit checkpoints' public key, for GET /audit/verification. */
  readonly auditKey?: KeyObject;
  /** Operator keys: the inventory lists only the registrations they signed. */
  readonly operatorKeys: OperatorKeys;
  readonly logger?: FastifyServerOptions['logger'];
  /** The per-workflow budgets the dashboard weighs spend against. */
  readonly budgets?: readonly BudgetRule[];
}

export interface RunningApi {
  readonly app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  readonly inventory: FollowedInventory;
  /** Stops listening, then closes the inventory follower, Kafka and the database. */
  stop(): Promise<void>;
}

/** The case desk's signer from its Ed25519 private key (PKCS#8 PEM). */
export function caseDeskSigner(privateKeyPem: string | Buffer, keyId = 'case-desk'): Signer {
  return { keyId, privateKey: createPrivateKey(privateKeyPem) };
}

export async function startApi(config: ApiConfig): Promise<RunningApi> {
  const codec = Codec.connect(config.registryUrl);
  await codec.registerAll();
  const names = topicNames(config.topicPrefix ?? '');
  const { db, schema } = await openProjectorDb({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    schema: config.schema,
  });
  const bus = new KafkaBus({ brokers: config.brokers, clientId: 'swarmgate-api' });
  const closeAll = async () => {
    await bus.close();
    await db.close();
  };
  try {
    const inventory = await followInventory(bus, codec, names, config.operatorKeys);
    const app = buildApi({
      db,
      schema,
      bus,
      codec,
      names,
      inventory,
      auth: config.auth,
      humanSigner: config.humanSigner,
      operatorSigner: config.operatorSigner,
      auditKey: config.auditKey,
      budgets: config.budgets,
      logger: config.logger ?? true,
    });
    const url = await app.listen({ port: config.port ?? 8080, host: config.host ?? '127.0.0.1' });
    const stop = async () => {
      await app.close();
      await inventory.stop();
      await closeAll();
    };
    return { app, url, inventory, stop };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

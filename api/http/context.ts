import type { KeyObject } from 'node:crypto';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Bus } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { BudgetRule } from '../dashboard/budget-queries.ts';
import type { Db } from '../../projector/index.ts';
import type { LagThresholds } from '../../projector/lag.ts';
import type { FollowedRegistry } from '../../registry/follow.ts';
import type { CardOf } from '../../registry/registration-edits.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { Signer } from '../../schemas/envelope.ts';
import type { AuthSettings } from '../auth/settings.ts';
import type { WorkflowTenants } from '../auth/workflow-tenants.ts';
import type { Inventory } from '../inventory.ts';
import type { ApiMetrics } from './metrics.ts';
import type { ZodTypeProvider } from './zod.ts';

/** What the registry routes sign from: the registry as followed, and the agents' cards. */
export interface Registrar {
  readonly registry: Pick<FollowedRegistry, 'fold' | 'until'>;
  readonly cards: CardOf;
}

/** What the routes read from and write to. */
export interface ApiDeps {
  readonly db: Db;
  /** The projector's schema in the database. */
  readonly schema: string;
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly inventory: Inventory;
  /** Whose bearer tokens the API accepts; every route but the public ones needs one. */
  readonly auth: AuthSettings;
  /** Signs human decisions for the gate's signature policy; without it POST /workflows/:id/decision answers 503. */
  readonly humanSigner?: Signer;
  /** Signs kill switches for POST /agents/:name/kill|resume; without it they answer 503. */
  readonly operatorSigner?: Signer;
  /** With operatorSigner, enables the registry routes (POST /registry/:name/…); without, 503. */
  readonly registrar?: Registrar;
  /** The per-workflow budgets the overview weighs spend against; none listed when absent. */
  readonly budgets?: readonly BudgetRule[];
  /** Verifies the audit checkpoints for GET /audit/verification; without it that answers 503. */
  readonly auditKey?: KeyObject;
  /** Epoch ms; Date.now by default. */
  readonly clock?: () => number;
  /** Each /healthz check fails after this long. Default 3000. */
  readonly healthTimeoutMs?: number;
  /** When /healthz calls the projector degraded; from the environment by default (projector/lag.ts). */
  readonly projectorLag?: LagThresholds;
}

export interface ApiContext extends ApiDeps {
  readonly clock: () => number;
  readonly metrics: ApiMetrics;
  readonly tenants: WorkflowTenants;
}

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

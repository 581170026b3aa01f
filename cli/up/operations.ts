import type { FastifyInstance } from 'fastify';
import type { Bus } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { Db } from '../../projector/index.ts';
import type { Codec } from '../../schemas/codec.ts';

export interface OperationDeps {
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly db: Db;
  readonly schema: string;
}

export const operationRoutes = (_deps: OperationDeps) => (_app: FastifyInstance) => {};

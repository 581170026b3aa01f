// The HTTP API of swarmgate: queries over the projector's database, the live agent inventory,
// upstream ingest to sg.ingress, human decisions to sg.proposed, health, metrics and OpenAPI.
// buildApi wires routes only; the caller owns (opens and closes) the database, bus and inventory.
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Registry } from 'prom-client';
import { installAuth, tokenVerifier, WorkflowTenants } from './auth/index.ts';
import {
  auditPageRoutes,
  dashboardRoutes,
  denialRoutes,
  overviewRoutes,
  storyRoutes,
} from './dashboard/index.ts';
import type { ApiApp, ApiContext, ApiDeps } from './http/context.ts';
import { installErrorHandling } from './http/errors.ts';
import { apiMetrics, instrument } from './http/metrics.ts';
import { zodToOpenApi, zodValidator, type ZodTypeProvider } from './http/zod.ts';
import { agentRoutes } from './routes/agents.ts';
import { auditRoutes } from './routes/audit.ts';
import { controlRoutes } from './routes/control.ts';
import { decisionRoutes } from './routes/decision.ts';
import { eventRoutes } from './routes/events.ts';
import { operationRoutes } from './routes/operations.ts';
import { registryRoutes } from './routes/registry.ts';
import { workflowRoutes } from './routes/workflows.ts';

export type { ApiDeps } from './http/context.ts';

export interface ApiOptions extends ApiDeps {
  /** Fastify's logger (pino options, or false). Off by default. */
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * The process's Prometheus registry, made with processRegistry('api', bus.health), when other
   * components of the process register on it too: /metrics then serves theirs with the API's.
   */
  readonly registry?: Registry;
}

const ROUTES = [
  workflowRoutes,
  auditRoutes,
  agentRoutes,
  eventRoutes,
  decisionRoutes,
  operationRoutes,
  denialRoutes,
  controlRoutes,
  registryRoutes,
  overviewRoutes,
  storyRoutes,
  auditPageRoutes,
  dashboardRoutes,
];

export function buildApi(options: ApiOptions): FastifyInstance {
  const { logger = false, registry, ...deps } = options;
  const app = Fastify({ logger }).withTypeProvider<ZodTypeProvider>();
  const ctx: ApiContext = {
    ...deps,
    clock: deps.clock ?? Date.now,
    metrics: apiMetrics(deps.bus.health, registry),
    tenants: new WorkflowTenants(deps.db, deps.schema, deps.codec),
  };
  app.setValidatorCompiler(zodValidator);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // Bodies are JSON only; anything else is a 415, not a string for the validator to puzzle over.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app);
  installAuth(app, tokenVerifier(deps.auth));
  instrument(app, ctx.metrics);
  app.addHook('onClose', (_instance, done) => {
    if (!registry) ctx.metrics.registry.clear(); // a shared one is its owner's
    done();
  });
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'swarmgate API',
        version: '1',
        description: 'Workflows, audit trail, agents, upstream ingest and human decisions.',
      },
    },
    transform: zodToOpenApi,
  });
  // Routes go in after the swagger plugin has loaded, so it sees every one of them.
  void app.register((scope: ApiApp, _opts, done) => {
    for (const routes of ROUTES) routes(scope, ctx);
    done();
  });
  return app;
}

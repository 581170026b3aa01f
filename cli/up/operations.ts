// The operations of the CLI that need the log and the database together (replay, audit verify,
// audit export), as routes of the running `swarmgate up`: its in-process log and its PGlite belong
// to that one process, so `swarmgate replay|audit` reach them through its API while it runs (and
// through its data directory once it is stopped). Role `operate`: each reads every tenant.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../api/http/errors.ts';
import type { ZodTypeProvider } from '../../api/http/zod.ts';
import type { Bus } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import { verifyAudit } from '../../projector/audit/verify.ts';
import type { Db } from '../../projector/index.ts';
import { exportCaseFile } from '../../projector/queries/case-file.ts';
import { defaultShadowSchema, replayAndCompare } from '../../projector/replay.ts';
import { describeStart, parseReplayStart } from '../../projector/replay-start.ts';
import { quoteSchema } from '../../projector/store/schema-scope.ts';
import { verifyAuditTrail } from '../../projector/verify-trail.ts';
import type { Codec } from '../../schemas/codec.ts';

export interface OperationDeps {
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly db: Db;
  readonly schema: string;
  /** The checkpoints' public key this installation signs with, when the caller names none. */
  readonly verifyingKey: () => KeyObject;
}

export const REPLAY_ROUTE = '/operations/replay';
export const VERIFY_ROUTE = '/operations/audit-verification';
export const CASE_FILE_ROUTE = '/operations/case-file';

const shadowName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL name (a-z, 0-9, _)');

const replayBody = z.strictObject({
  from: z.string().min(1).describe('an offset on every partition, an ISO 8601 time, or "earliest"'),
  workflow: z.string().min(1).max(200).optional(),
  schema: shadowName.optional(),
  drop: z.boolean().default(false),
});

const verifyBody = z.strictObject({
  offline: z.boolean().default(false),
  skipRecords: z.boolean().default(false),
  checkpointEvery: z.number().int().min(1),
  publicKeyPem: z.string().min(1).optional().describe("the checkpoints' Ed25519 public key (PEM)"),
});

const caseFileQuery = z.strictObject({ workflow: z.string().min(1).max(200) });

function startOf(text: string) {
  try {
    return parseReplayStart(text);
  } catch (error) {
    throw new ApiError(400, `from: ${(error as Error).message}`);
  }
}

function publicKeyOf(deps: OperationDeps, pem: string | undefined): KeyObject {
  if (pem === undefined) return deps.verifyingKey();
  try {
    return createPublicKey(pem);
  } catch (error) {
    throw new ApiError(400, `publicKeyPem is not a PEM public key: ${(error as Error).message}`);
  }
}

function replayRoute(app: FastifyInstance, deps: OperationDeps): void {
  const { bus, codec, db, names } = deps;
  app.withTypeProvider<ZodTypeProvider>().post(
    REPLAY_ROUTE,
    {
      config: { access: 'operate' },
      schema: {
        tags: ['operations'],
        summary:
          'Rebuild the projections from sg.decisions into a shadow schema and compare (swarmgate replay)',
        body: replayBody,
      },
    },
    async (request) => {
      const { workflow, drop } = request.body;
      const from = startOf(request.body.from);
      const shadowSchema = request.body.schema ?? defaultShadowSchema();
      const topic = names.decisions;
      const report = await replayAndCompare({
        bus,
        codec,
        db,
        liveSchema: deps.schema,
        shadowSchema,
        from,
        topic,
        workflow,
      });
      const dropShadow = () => db.exec(`DROP SCHEMA ${quoteSchema(shadowSchema)} CASCADE`);
      if (workflow !== undefined && report.applied === 0 && report.comparison.identical) {
        await dropShadow();
        throw new ApiError(
          404,
          `workflow ${workflow} has no decisions in ${topic} from ${describeStart(from)} nor in live state`,
        );
      }
      if (drop) await dropShadow();
      return { topic, from: describeStart(from), fromStart: 'offset' in from && from.offset === '0', report };
    },
  );
}

function verifyRoute(app: FastifyInstance, deps: OperationDeps): void {
  const { db, schema } = deps;
  app.withTypeProvider<ZodTypeProvider>().post(
    VERIFY_ROUTE,
    {
      config: { access: 'operate' },
      schema: {
        tags: ['operations'],
        summary:
          'Walk the hash chain, check the signed checkpoints, compare rows with their records (swarmgate audit verify)',
        body: verifyBody,
      },
    },
    async (request) => {
      const { offline, skipRecords, checkpointEvery } = request.body;
      const publicKey = publicKeyOf(deps, request.body.publicKeyPem);
      if (offline) {
        const report = await verifyAudit(db, schema, { publicKey, checkpointEvery });
        return { ...report, published: 0, unpublished: 0, recordsChecked: false, unreadableTopics: {} };
      }
      return verifyAuditTrail({ ...deps, publicKey, checkpointEvery, skipRecords });
    },
  );
}

function caseFileRoute(app: FastifyInstance, { db, schema }: OperationDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    CASE_FILE_ROUTE,
    {
      config: { access: 'operate' },
      schema: {
        tags: ['operations'],
        summary: "A workflow's case file: its decisions, audit rows and proofs (swarmgate audit export)",
        querystring: caseFileQuery,
      },
    },
    async (request) => {
      const caseFile = await exportCaseFile(db, schema, request.query.workflow);
      if (caseFile.entries.length === 0)
        throw new ApiError(404, `no decisions of workflow ${request.query.workflow} in the audit log`);
      return caseFile;
    },
  );
}

export const operationRoutes = (deps: OperationDeps) => (app: FastifyInstance) => {
  replayRoute(app, deps);
  verifyRoute(app, deps);
  caseFileRoute(app, deps);
};

// An API over a fresh projector schema holding the given decisions, closed after the test.
import { onTestFinished } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TokenRequest } from '../auth/index.ts';
import { applyBatch, type DecisionEntry } from '../../projector/index.ts';
import { freshSchema } from '../../projector/testing/database.ts';
import { keyPairFor, type KeyPair } from '../../test/support/keys.ts';
import type { Issue } from '../http/errors.ts';
import type { Inventory } from '../inventory.ts';
import { buildApi, type ApiOptions } from '../server.ts';
import type { Services } from './services.ts';
import { bearer, testAuth } from './tokens.ts';

export interface GivenApi {
  readonly app: FastifyInstance;
  readonly schema: string;
  /** The case desk's key pair; its signer signs human decisions. */
  readonly caseDesk: KeyPair;
}

export async function apiWith(
  services: Services,
  decisions: readonly DecisionEntry[] = [],
  overrides: Partial<ApiOptions> & { inventory?: Inventory } = {},
): Promise<GivenApi> {
  const { db, bus, codec, names, inventory } = services;
  const schema = await freshSchema(db);
  if (decisions.length > 0) await applyBatch(db, schema, decisions, { group: 'projector' });
  const caseDesk = keyPairFor('case-desk');
  const app = buildApi({
    db,
    schema,
    bus,
    codec,
    names,
    inventory,
    auth: testAuth,
    humanSigner: caseDesk.signer,
    ...overrides,
  });
  onTestFinished(() => app.close());
  await app.ready();
  return { app, schema, caseDesk };
}

/** Injects requests into `app` as the caller (a bearer token of the tests' authority). */
export async function asCaller(app: FastifyInstance, caller: TokenRequest) {
  const authorization = await bearer(caller);
  return (options: InjectOptions | string): Promise<LightMyRequestResponse> => {
    const request = typeof options === 'string' ? { url: options } : options;
    return app.inject({ ...request, headers: { ...request.headers, ...authorization } });
  };
}

export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly issues?: readonly Issue[];
}

/** The JSON error a 4xx or 5xx answer carries. */
export const errorOf = (response: LightMyRequestResponse): ErrorBody => response.json<ErrorBody>();

/** The fields a 400 names, in order. */
export const fieldsOf = (response: LightMyRequestResponse): string[] =>
  (errorOf(response).issues ?? []).map((issue) => issue.path);

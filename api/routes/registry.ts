// Registry changes from the API, for operators beside a running swarm: the same operator-signed
// registrations `swarmgate agents register|approve|retire` write to sg.registry, computed from
// the registry as followed (registry/registration-edits.ts) and the cards the API was given.
// Role `operate`; the registration grants what the card says, never what the body asks. The API
// signs with its operator key; without a key or the cards these routes answer 503.
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import type { RegistryFold } from '../../registry/fold.ts';
import { registrationRecord, type Registration } from '../../registry/publish.ts';
import {
  approvalFor,
  changesFrom,
  grantsOf,
  RegistrationRefused,
  registryListing,
  retirementOf,
} from '../../registry/registration-edits.ts';
import { callerOf } from '../auth/index.ts';
import type { ApiApp, ApiContext, Registrar } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';

const tags = ['agents'];
const params = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/, 'an agent name')
    .describe('the agent'),
});
const registerBody = z.strictObject({
  publicKey: z.string().min(1).max(4_000).describe("the agent's Ed25519 public key (PEM)"),
});
const approveBody = z.strictObject({
  fingerprint: z.string().describe("the requested key's fingerprint, as the agent's host printed it"),
});
const accepted = {
  202: { description: 'Accepted: the signed registration is durable on sg.registry', type: 'object' },
};

/** How long a registry change waits to be read back before the API answers anyway. */
const followTimeoutMs = 5_000;

const holds = (fold: RegistryFold, registration: Registration): boolean => {
  const current = fold.registration(registration.name);
  if (registration.retired) return current === undefined;
  return current !== undefined && current.announcedAt >= registration.announcedAt;
};

async function within(ms: number, done: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([done.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const refusalStatus = { 'unknown-agent': 404, 'no-request': 409, 'not-registered': 409, fingerprint: 422 };

/** The registration `edit` computes, or the API's refusal saying why nothing was signed. */
function computed<T>(edit: () => T): T {
  try {
    return edit();
  } catch (error) {
    if (error instanceof RegistrationRefused) throw new ApiError(refusalStatus[error.reason], error.message);
    throw error;
  }
}

function pemOf(text: string): string {
  try {
    return createPublicKey(text).export({ type: 'spki', format: 'pem' }).toString();
  } catch (error) {
    throw new ApiError(400, `publicKey is not a PEM public key: ${(error as Error).message}`);
  }
}

export function registryRoutes(app: ApiApp, ctx: ApiContext): void {
  const { codec, names, bus, clock } = ctx;
  const registrar = (): Registrar => {
    if (!ctx.registrar || !ctx.operatorSigner)
      throw new ApiError(
        503,
        'registry changes are disabled here: the API was given no operator key or no agent cards',
      );
    return ctx.registrar;
  };

  /**
   * Signs and writes the registration, then waits (boundedly) until the followed registry holds
   * it, so the next command reads it; `inEffect` says whether it did in time.
   */
  const sign = async (name: string, registration: Registration, caller: string) => {
    const { registry } = registrar();
    const signer = ctx.operatorSigner!;
    const changes = changesFrom(registry.fold.registration(name), registration);
    await bus.send([await registrationRecord(codec, names, registration, signer)]);
    const inEffect = await within(
      followTimeoutMs,
      registry.until((fold) => holds(fold, registration)),
    );
    return {
      name,
      changes,
      registration: grantsOf(registration),
      retired: registration.retired ?? false,
      signedBy: signer.keyId,
      issuedBy: caller,
      inEffect,
    };
  };

  app.get(
    '/registry',
    {
      config: { access: 'operate' },
      schema: {
        tags,
        summary: 'Registrations in effect, who signed each, and what newer requests ask to change',
      },
    },
    () => ({ registrations: registryListing(registrar().registry.fold) }),
  );
  app.post(
    '/registry/:name/registration',
    {
      config: { access: 'operate' },
      schema: {
        tags,
        summary: "Sign a registration from the agent's card and the given key (also a key rotation)",
        params,
        body: registerBody,
        response: accepted,
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const { cards } = registrar();
      const registration = computed(() => cards(name, pemOf(request.body.publicKey), clock()));
      return reply.code(202).send(await sign(name, registration, callerOf(request).subject));
    },
  );
  app.post(
    '/registry/:name/approval',
    {
      config: { access: 'operate' },
      schema: {
        tags,
        summary: "Sign the agent's card with the key it requested, if the key has the fingerprint",
        params,
        body: approveBody,
        response: accepted,
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const { cards, registry } = registrar();
      const { registration, ignored } = computed(() =>
        approvalFor(name, registry.fold, request.body.fingerprint, cards, clock()),
      );
      const signed = await sign(name, registration, callerOf(request).subject);
      return reply.code(202).send({ ...signed, notGranted: ignored });
    },
  );
  app.post(
    '/registry/:name/retirement',
    {
      config: { access: 'operate' },
      schema: { tags, summary: 'Sign the registration in effect marked retired', params, response: accepted },
    },
    async (request, reply) => {
      const { name } = request.params;
      const { registry } = registrar();
      const registration = computed(() => retirementOf(name, registry.fold.registration(name), clock()));
      return reply.code(202).send(await sign(name, registration, callerOf(request).subject));
    },
  );
}

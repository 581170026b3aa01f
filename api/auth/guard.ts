// The door of every route: each route declares what it needs (`config: { access }`), a route
// that declares nothing fails at start-up, and every request to a non-public route carries a
// bearer token that verifies and holds the role — before its body is even parsed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, Unauthorized } from '../http/errors.ts';
import { API_ROLES, roleRefusal, type Access, type Caller } from './access.ts';
import type { VerifyToken } from './verify.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The API role the route needs, or `public`. Required on every route. */
    access?: Access;
  }
  interface FastifyRequest {
    /** The verified caller; null on public routes. */
    caller: Caller | null;
  }
}

const ACCESS: readonly string[] = [...API_ROLES, 'public'];

function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (match?.[1]) return match[1];
  throw new Unauthorized(
    header
      ? 'the Authorization header must be "Bearer <token>"'
      : 'this route needs a bearer token: send "Authorization: Bearer <token>"',
  );
}

export function installAuth(app: FastifyInstance, verify: VerifyToken): void {
  app.decorateRequest('caller', null);
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: unknown } | undefined)?.access;
    if (typeof access !== 'string' || !ACCESS.includes(access))
      throw new Error(
        `route ${String(route.method)} ${route.url} must declare config.access (${ACCESS.join(', ')})`,
      );
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    // Unmatched requests (404) have no route and no access to declare.
    if (access === undefined || access === 'public') return;
    const caller = await verify(bearerToken(request.headers.authorization));
    const refused = roleRefusal(caller, access);
    if (refused) throw new ApiError(403, refused, { required: access });
    request.caller = caller;
  });
}

/** The verified caller of a route that is not public. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller)
    throw new Error(`no verified caller on ${request.method} ${request.url}: is the route public?`);
  return request.caller;
}

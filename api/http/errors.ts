// Every error leaves the API as JSON that says what went wrong. Bad input is a 4xx naming the
// fields; a dependency that is down is a 503; only a bug is a 500, and its detail stays in the log.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { isUnavailable } from './unavailable.ts';

export interface Issue {
  readonly in: string;
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 401: no token, or one that does not verify. The challenge tells the client what to send. */
export class Unauthorized extends ApiError {
  readonly challenge: string;
  constructor(message: string) {
    super(401, message);
    this.name = 'Unauthorized';
    const description = message.replace(/["\\]/g, "'");
    this.challenge = message.startsWith('invalid token')
      ? `Bearer realm="swarmgate", error="invalid_token", error_description="${description}"`
      : 'Bearer realm="swarmgate"';
  }
}

export class InvalidInput extends ApiError {
  constructor(
    part: string,
    readonly issues: readonly Issue[],
  ) {
    super(400, `invalid ${part}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
}

export function issuesOf(part: string, error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    in: part,
    path: issue.path.length > 0 ? issue.path.join('.') : part,
    message: issue.message,
  }));
}

const reason = (status: number): string =>
  ({
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    503: 'Service Unavailable',
  })[status] ?? (status < 500 ? 'Client Error' : 'Internal Server Error');

export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: reason(404), message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof Unauthorized) void reply.header('www-authenticate', error.challenge);
    if (error instanceof ApiError) {
      return reply
        .code(error.statusCode)
        .send({ error: reason(error.statusCode), message: error.message, ...error.details });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return reply.code(status).send({ error: reason(status), message: error.message });
    if (isUnavailable(error)) {
      request.log.warn({ err: error }, 'dependency unavailable');
      return reply
        .code(503)
        .send({ error: reason(503), message: `a dependency is unavailable: ${error.message}` });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: reason(500), message: 'internal error; see the API log' });
  });
}

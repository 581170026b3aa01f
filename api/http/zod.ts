// Routes declare their inputs as zod schemas: zod validates them (one place for rules and
// messages) and the same schemas, rendered as JSON Schema, document the routes in OpenAPI.
import type { FastifySchema, FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import type { SwaggerTransform } from '@fastify/swagger';
import { z } from 'zod';
import { InvalidInput, issuesOf } from './errors.ts';

/** Handlers see the parsed output of the route's zod schemas as their request types. */
export interface ZodTypeProvider extends FastifyTypeProvider {
  readonly validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  readonly serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

const PARTS: Readonly<Record<string, string>> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'headers',
};

// A missing field says so, instead of "expected string, received undefined".
const requiredMessage = (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : undefined);

export const zodValidator: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (!(schema instanceof z.ZodType))
    throw new Error(`route schemas must be zod schemas (${httpPart ?? 'input'})`);
  const part = PARTS[httpPart ?? ''] ?? httpPart ?? 'input';
  return (data) => {
    const result = schema.safeParse(data ?? undefined, { error: requiredMessage });
    return result.success
      ? { value: result.data }
      : { error: new InvalidInput(part, issuesOf(part, result.error)) };
  };
};

/** JSON Schema of a zod schema as a client writes it (before coercion and defaults). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json: Record<string, unknown> = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  delete json.$schema;
  return json;
}

const SCHEMA_PARTS = ['body', 'querystring', 'params', 'headers'] as const;

export const zodToOpenApi: SwaggerTransform = ({ schema, url }) => {
  const rendered: FastifySchema = { ...schema };
  for (const part of SCHEMA_PARTS) {
    const value: unknown = schema[part];
    if (value instanceof z.ZodType) rendered[part] = jsonSchemaOf(value);
  }
  return { schema: rendered, url };
};

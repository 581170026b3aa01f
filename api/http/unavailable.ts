// Errors that mean a dependency (Kafka, the schema registry, PostgreSQL) is down, overloaded or
// refusing: the request was fine and may succeed later, so the answer is 503, not 500.
import { isRetriable } from '../../schemas/errors.ts';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
// SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P0x (server shutting down).
const PG_UNAVAILABLE = /^(08|53|57P0)/;
const POOL_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end/;

export function isUnavailable(error: unknown): boolean {
  if (isRetriable(error)) return true;
  if (!(error instanceof Error)) return false;
  if (error.name.startsWith('KafkaJS')) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || PG_UNAVAILABLE.test(code))) return true;
  return POOL_MESSAGES.test(error.message);
}

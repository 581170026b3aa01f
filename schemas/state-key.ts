// Which inbox partition an event goes to: an agent that keeps state by something other than the
// workflow (aml-monitor by account) declares the payload field, and the gate keys that agent's
// deliveries by its value, so one instance holds every event of an account whatever the workflow.
import { createHash } from 'node:crypto';

/** The field's value as a key, or null when the payload has no such scalar field. */
function fieldValue(payload: unknown, field: string): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const value = (payload as Record<string, unknown>)[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/**
 * The inbox record key for an agent: the workflow's correlation id, or a digest of the declared
 * field's value (keys show in broker tools; an account number need not). A payload without the
 * field falls back to the workflow, so a record is never left unkeyed.
 */
export function inboxKeyOf(
  agent: { readonly stateKey?: string | null },
  correlationId: string,
  payload: unknown,
): string {
  if (!agent.stateKey) return correlationId;
  const value = fieldValue(payload, agent.stateKey);
  if (value === null) return correlationId;
  const digest = createHash('sha256').update(`${agent.stateKey}\u0000${value}`).digest('base64url');
  return `${agent.stateKey}:${digest.slice(0, 22)}`;
}

// Ids derived from what they stand for: the same parts always give the same UUID-shaped id, so a
// retry or a redelivery can never mint a second event.
import { createHash } from 'node:crypto';

export function derivedId(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The workflow a drill command's own test event travels in; the agent runtime matches the two. */
export const drillWorkflowId = (commandId: string): string => `drill-${commandId}`;

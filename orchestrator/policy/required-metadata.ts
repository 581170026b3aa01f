// The envelope fields every other policy, the projector and an auditor rely on. Avro guarantees
// they exist; this guarantees they mean something (not blank, a sane clock, a real trace id).
import { z } from 'zod';
import { identifierProblems } from '../../schemas/identifiers.ts';
import { deny, allow, present } from './results.ts';
import { policySettings } from './settings.ts';
import type { Policy, Proposal } from './types.ts';

export const requiredMetadataSettings = policySettings({
  /** An event dated further ahead of the gate clock than this is refused. */
  maxFutureSkewMs: z.int().nonnegative().default(300_000),
  /** Agent outputs must name the event they answer, so a workflow can be replayed as a chain. */
  causationOnProposed: z.boolean().default(true),
  requireTraceparent: z.boolean().default(false),
});

// Linear: anchored, no nested or overlapping quantifiers.
const traceparent = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

type Settings = z.output<typeof requiredMetadataSettings>;

function problems({ envelope, origin, now }: Proposal, settings: Settings): string[] {
  const found: string[] = [];
  const blank = (name: string, value: unknown) => {
    if (!present(value)) found.push(`${name} is missing or blank`);
  };
  blank('id', envelope.id);
  blank('correlationId', envelope.correlationId);
  blank('source', envelope.source);
  blank('type', envelope.type);
  const actor = envelope.actor as Partial<typeof envelope.actor> | null | undefined;
  blank('actor.userId', actor?.userId);
  blank('actor.tenantId', actor?.tenantId);
  blank('actor.region', actor?.region);
  if (!Number.isFinite(envelope.occurredAt) || envelope.occurredAt <= 0)
    found.push('occurredAt is not a timestamp');
  else if (envelope.occurredAt > now + settings.maxFutureSkewMs)
    found.push(`occurredAt is ${envelope.occurredAt - now} ms ahead of the gate clock`);
  if (origin === 'proposed' && settings.causationOnProposed) blank('causationId', envelope.causationId);
  found.push(...identifierProblems(envelope));
  const trace = envelope.traceparent;
  if (trace != null && !traceparent.test(trace)) found.push('traceparent is not W3C trace context');
  if (trace == null && settings.requireTraceparent) found.push('traceparent is missing');
  return found;
}

export function requiredMetadataPolicy(input: z.input<typeof requiredMetadataSettings> = {}): Policy {
  const settings = requiredMetadataSettings.parse(input);
  return {
    id: 'required-metadata',
    evaluate(proposal) {
      const found = problems(proposal, settings);
      return found.length === 0 ? allow('envelope metadata complete') : deny(found.join('; '));
    },
  };
}

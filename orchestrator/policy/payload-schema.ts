// A payload that did not decode against its registered schema reaches no agent: agents are
// typed deciders and must never see a shape their schema does not promise.
import type { z } from 'zod';
import { allow, deny } from './results.ts';
import { policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const payloadSchemaSettings = policySettings({});

export function payloadSchemaPolicy(input: z.input<typeof payloadSchemaSettings> = {}): Policy {
  payloadSchemaSettings.parse(input);
  return {
    id: 'payload-schema',
    evaluate({ payload, payloadError, envelope }) {
      if (payloadError !== null) return deny(`payload does not decode as ${envelope.type}: ${payloadError}`);
      if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
        return deny('payload is not a record');
      return allow(`payload decodes as ${envelope.type}`);
    },
  };
}

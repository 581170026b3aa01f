// Bounds what every later policy has to read: the record's size on the wire and the length of
// any one text field (a 100 kB "memo" is an attack surface, not a memo).
import { z } from 'zod';
import { payloadStrings } from './payload-strings.ts';
import { allow, deny } from './results.ts';
import { policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const maxLengthSettings = policySettings({
  maxBytes: z.int().positive().default(1_048_576),
  maxStringChars: z.int().positive().default(65_536),
});

export function maxLengthPolicy(input: z.input<typeof maxLengthSettings> = {}): Policy {
  const { maxBytes, maxStringChars } = maxLengthSettings.parse(input);
  return {
    id: 'max-length',
    // What is too long to read is too long to scan: a megabyte of text must not cost a second of CPU.
    denialIsFinal: true,
    evaluate({ sizeBytes, payload }) {
      if (!(sizeBytes <= maxBytes))
        return deny(`record is ${sizeBytes} bytes, above the ${maxBytes}-byte limit`);
      const long = payloadStrings(payload).find(({ value }) => value.length > maxStringChars);
      if (long)
        return deny(
          `field ${long.path} has ${long.value.length} characters, above the ${maxStringChars}-character limit`,
        );
      return allow(
        `record is ${sizeBytes} bytes, within ${maxBytes}; every field within ${maxStringChars} characters`,
      );
    },
  };
}

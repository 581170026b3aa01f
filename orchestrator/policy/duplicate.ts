// A record is delivered once. An event id the gate already delivered within the window is
// denied as a duplicate: an upstream system retrying a post, a captured signed record sent
// again (a signature alone does not stop a replay), or an agent re-proposing after a restart
// what it had proposed before the crash. The agents' own idempotence then never has to carry it.
import { z } from 'zod';
import { allow, deny } from './results.ts';
import { policySettings } from './settings.ts';
import { viewHorizonMs, type Policy } from './types.ts';

export const duplicateSettings = policySettings({
  windowMs: z
    .int()
    .positive()
    .max(viewHorizonMs, `the gate remembers deliveries for at most ${viewHorizonMs} ms`)
    .default(viewHorizonMs),
});

export function duplicatePolicy(input: z.input<typeof duplicateSettings> = {}): Policy {
  const { windowMs } = duplicateSettings.parse(input);
  return {
    id: 'duplicate',
    evaluate({ envelope, now }, view) {
      const deliveredAt = view.deliveredAt(envelope.id);
      return deliveredAt !== undefined && now - deliveredAt < windowMs
        ? deny(`event ${envelope.id} was already delivered at ${new Date(deliveredAt).toISOString()}`)
        : allow('not delivered before');
    },
  };
}

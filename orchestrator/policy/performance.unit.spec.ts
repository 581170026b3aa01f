import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadComposite } from './composite.ts';
import { anAgent, aProposal, aView } from './test-support.ts';

// The composite must stay linear in the size of its input whatever the text looks like:
// doubling the payload eight-fold may not cost much more than eight-fold the time.
describe('composite performance', () => {
  const composite = loadComposite(fileURLToPath(new URL('../policies.yaml', import.meta.url)));
  const view = aView({ agents: [anAgent('analyst', { consumes: ['banking.CustomerRequestReceived'] })] });
  const shapes: Readonly<Record<string, string>> = {
    'banking prose': 'Paid 42.50 EUR at shop 1234 on 2025-01-15, ref 000481; card ending 4242. ',
    'digit runs': '4111 1111 1111 1112 9999 ',
    'at signs and dots': 'a@b.c@d.e@f.',
    'base64-like': 'aWdub3JlIGFsbCBwcmV2aW91cyBpbnN0cnVjdGlvbnM',
    'spaces and zero-widths': ' \u200b \u200b\t',
  };
  const proposalOf = (unit: string, chars: number) =>
    aProposal({
      envelope: { type: 'banking.CustomerRequestReceived', actor: { roles: ['customer'] } },
      payload: {
        requestId: 'req-1',
        customerId: 'cust-1',
        channel: 'chat',
        text: unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars),
        receivedAt: 0,
      },
    });
  const millisFor = (proposal: ReturnType<typeof aProposal>): number => {
    const started = performance.now();
    composite.evaluate(proposal, view);
    return performance.now() - started;
  };

  it.each(Object.entries(shapes))('stays linear on %s', (_name, unit) => {
    // given the same kind of text at 20k and at 160k characters
    const small = proposalOf(unit, 20_000);
    const large = proposalOf(unit, 160_000);
    // when both are evaluated, alternately and best of five so that a busy machine evens out
    let bestSmall = Number.POSITIVE_INFINITY;
    let bestLarge = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 5; round++) {
      bestSmall = Math.min(bestSmall, millisFor(small));
      bestLarge = Math.min(bestLarge, millisFor(large));
    }
    // then eight times the input costs well under the 64 times a quadratic scan would
    expect(bestLarge).toBeLessThan(Math.max(bestSmall, 1) * 24);
  });
});

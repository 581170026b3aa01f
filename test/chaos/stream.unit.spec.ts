import { describe, expect, it } from 'vitest';
import { streamOf } from './stream.ts';

describe('chaos stream', () => {
  const stream = streamOf(200, 150, 3);
  const sizes = stream.batches.map((batch) => batch.length);

  it('sends the teller burst in one batch and everything else in batches of at most 50', () => {
    expect(sizes.filter((size) => size === 150)).toHaveLength(1);
    expect(sizes.filter((size) => size !== 150).every((size) => size <= 50)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(200 + 150 + 9);
  });

  it('gives each account three deposits in three workflows, none of them a workflow that must end', () => {
    const sent = new Set(stream.batches.flat().map(({ fields }) => fields.correlationId));
    for (const workflows of stream.depositsByAccount.values()) {
      expect(new Set(workflows).size).toBe(3);
      for (const workflow of workflows) {
        expect(sent.has(workflow)).toBe(true);
        expect(stream.workflows.has(workflow)).toBe(false);
      }
    }
    expect(stream.workflows.size).toBe(350);
    expect(stream.tellerWorkflows.size).toBe(150);
  });
});

// A transactional producer fenced by a newer one with the same transactional id: the input
// partition it wrote for moved to another member (or to this process's own restart). Both
// exactly-once processors (bus/processor.ts, bus/partitioned.ts) turn that into a retriable
// error, so the consumer backs off and the group settles, instead of the process stopping.

/** A producer fenced by a newer owner of the partition: retried once the group has settled. */
export class PartitionMovedError extends Error {
  readonly retriable = true;
  constructor(partition: number, options: { cause: unknown }) {
    super(`partition ${partition} is owned by another member now`, options);
    this.name = 'PartitionMovedError';
  }
}

const fencedTypes = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'INVALID_PRODUCER_ID_MAPPING']);

export function isFenced(error: unknown): boolean {
  const { name, type, cause } = (error ?? {}) as {
    name?: unknown;
    type?: unknown;
    cause?: { type?: unknown };
  };
  return (
    name === 'ProducerFencedError' || fencedTypes.has(String(type)) || fencedTypes.has(String(cause?.type))
  );
}

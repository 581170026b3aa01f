// An in-process projector for tests, with a promise that resolves once it has applied a given
// number of decisions: tests wait for that condition, never for time.
import type { AppliedBatch } from '../apply-records.ts';
import { startProjector, type Projector, type ProjectorOptions } from '../consumer.ts';

export interface Projecting {
  readonly projector: Projector;
  readonly batches: readonly AppliedBatch[];
  /** Resolves once `count` records were audited by this projector: applied, or recorded as unapplied. */
  readonly done: Promise<void>;
}

export async function projecting(
  options: Omit<ProjectorOptions, 'onBatch'>,
  count: number,
): Promise<Projecting> {
  let applied = 0;
  let reached: () => void = () => {};
  const done = new Promise<void>((resolve) => (reached = resolve));
  const batches: AppliedBatch[] = [];
  if (count === 0) reached();
  const projector = await startProjector({
    ...options,
    onBatch: (batch) => {
      batches.push(batch);
      applied += batch.applied + batch.unapplied;
      if (applied >= count) reached();
    },
  });
  return { projector, batches, done };
}

/** Projects until `count` decisions are applied, then stops. */
export async function projectAll(options: Omit<ProjectorOptions, 'onBatch'>, count: number): Promise<void> {
  const run = await projecting(options, count);
  await run.done;
  await run.projector.stop();
}

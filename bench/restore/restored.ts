/** Counts restored partitions and the state records read; resolves once `partitions` are in. */
export function restoreWatch(partitions: number) {
  let restored = 0;
  let records = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  return {
    onRestored: (_partition: number, read: number) => {
      records += read;
      restored += 1;
      if (restored >= partitions) done();
    },
    all,
    records: () => records,
  };
}

/** Resolves once `count` events were handled (onHandled calls). */
export function handledWatch(count: number) {
  let handled = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  if (count === 0) done();
  return {
    onHandled: () => {
      handled += 1;
      if (handled >= count) done();
    },
    all,
  };
}

/**
 * Starts an instance three times, each until its `partitions` are restored: the restore times,
 * and the state records the last one read.
 */
export async function measureRestores(
  partitions: number,
  start: (onRestored: (partition: number, records: number) => void) => Promise<{ stop(): Promise<void> }>,
): Promise<{ restoreMs: number[]; stateRecords: number }> {
  const restoreMs: number[] = [];
  let stateRecords = 0;
  for (let run = 0; run < 3; run++) {
    const watch = restoreWatch(partitions);
    const started = performance.now();
    const restarted = await start(watch.onRestored);
    await watch.all;
    restoreMs.push(performance.now() - started);
    stateRecords = watch.records();
    await restarted.stop();
  }
  return { restoreMs, stateRecords };
}

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

// Forgetting what an agent no longer needs, without a full scan on every event: the state keeps
// the event time of its last sweep, and a sweep runs at most 24 times per retention period.
import type { Map as ImmutableMap } from 'immutable';

export interface Swept<V> {
  readonly entries: ImmutableMap<string, V>;
  readonly sweptAt: number;
}

/** The entries `keep` accepts given the stale boundary, when a sweep is due; otherwise unchanged. */
export function sweep<V>(
  { entries, sweptAt }: Swept<V>,
  now: number,
  retentionMs: number,
  keep: (value: V, stale: number) => boolean,
): Swept<V> {
  if (now - sweptAt < retentionMs / 24) return { entries, sweptAt };
  const stale = now - retentionMs;
  return { entries: entries.filter((value) => keep(value, stale)), sweptAt: now };
}

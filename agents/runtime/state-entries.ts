// An agent's state as entries of its partition's state store: each persistent map field is kept
// entry by entry (`s\0field\0key`) and every other field whole (`s\0field`), so a batch writes
// only what it changed to the changelog, and a restore reads the live entries, not the history.
import { Map as ImmutableMap } from 'immutable';
import type { StateStore, StoreBatch, StoredValue } from '../../bus/state-store.ts';

const prefix = 's\u0000';
const entryKey = (field: string, key: string) => `${prefix}${field}\u0000${key}`;
const fieldKey = (field: string) => `${prefix}${field}`;
const wrap = (value: unknown): StoredValue => ({ v: value });

type Fields = Readonly<Record<string, unknown>>;

function fieldsOf(state: unknown): Fields {
  if (typeof state !== 'object' || state === null || Array.isArray(state))
    throw new TypeError('an agent state must be an object of fields');
  return state as Fields;
}

function putMapChanges(
  field: string,
  before: ImmutableMap<string, unknown>,
  after: ImmutableMap<string, unknown>,
  batch: StoreBatch,
): void {
  if (before === after) return;
  // Unchanged entries are shared between the two versions: a reference check is enough.
  for (const [key, value] of after)
    if (before.get(key) !== value) batch.put(entryKey(field, key), wrap(value));
  for (const key of before.keys()) if (!after.has(key)) batch.delete(entryKey(field, key));
}

/** Writes into `batch` what changed from `before` to `after`. */
export function putStateChanges(before: unknown, after: unknown, batch: StoreBatch): void {
  if (before === after) return;
  const old = fieldsOf(before);
  for (const [field, value] of Object.entries(fieldsOf(after))) {
    const was = old[field];
    if (ImmutableMap.isMap(value)) {
      const previous = ImmutableMap.isMap(was) ? was : ImmutableMap();
      putMapChanges(
        field,
        previous as ImmutableMap<string, unknown>,
        value as ImmutableMap<string, unknown>,
        batch,
      );
    } else if (was !== value) batch.put(fieldKey(field), wrap(value));
  }
}

/** The state held by a restored store: the initial state with its stored fields and entries. */
export function stateFromStore(initial: unknown, store: StateStore): unknown {
  const fields: Record<string, unknown> = { ...fieldsOf(initial) };
  const entries = new Map<string, [string, unknown][]>();
  for (const key of store.keys()) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const split = rest.indexOf('\u0000');
    const value = store.get(key)!.v;
    if (split < 0) fields[rest] = value;
    else {
      const field = rest.slice(0, split);
      if (!entries.has(field)) entries.set(field, []);
      entries.get(field)!.push([rest.slice(split + 1), value]);
    }
  }
  for (const [field, list] of entries) fields[field] = ImmutableMap(list);
  return fields;
}

// Walks every string of a decoded payload (records, arrays, maps; any depth), for the content
// policies. Bytes fields are not text and are skipped. Each node is visited once, so a scan is
// linear in the payload's size.

export interface PayloadString {
  /** Where the string sits, e.g. `memo` or `lines[2].text`: for reasons, never the value. */
  readonly path: string;
  readonly value: string;
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !Buffer.isBuffer(value) &&
  !(value instanceof Uint8Array);

const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;

export function payloadStrings(payload: unknown): PayloadString[] {
  const found: PayloadString[] = [];
  const seen = new Set<object>();
  const stack: { path: string; value: unknown }[] = [{ path: '', value: payload }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { path, value } = item;
    if (typeof value === 'string') found.push({ path: path === '' ? '(payload)' : path, value });
    else if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    else if (Array.isArray(value)) {
      seen.add(value);
      for (let i = value.length - 1; i >= 0; i--) stack.push({ path: childPath(path, i), value: value[i] });
    } else if (isRecord(value)) {
      seen.add(value);
      for (const [key, child] of Object.entries(value).reverse())
        stack.push({ path: childPath(path, key), value: child });
    }
  }
  return found;
}

/** A copy of the payload with every string passed through `rewrite`; other values are kept as they are. */
export function rewritePayloadStrings(
  payload: Readonly<Record<string, unknown>>,
  rewrite: (value: string, path: string) => string,
): Record<string, unknown> {
  const copy = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') return rewrite(value, path);
    if (Array.isArray(value)) return value.map((child: unknown, i) => copy(child, childPath(path, i)));
    if (isRecord(value))
      return Object.fromEntries(
        Object.entries(value).map(([key, child]) => [key, copy(child, childPath(path, key))]),
      );
    return value;
  };
  return copy(payload, '') as Record<string, unknown>;
}

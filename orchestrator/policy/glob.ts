// Globs over event types, agent, tenant and source names: `*` matches any run of characters
// (dots included), everything else is literal. Matched by a greedy left-to-right segment search,
// never a regex, so the cost stays within pattern length × text length for any input.

export function matchesGlob(pattern: string, text: string): boolean {
  const segments = pattern.split('*');
  if (segments.length === 1) return pattern === text;
  const head = segments[0] ?? '';
  const tail = segments[segments.length - 1] ?? '';
  if (text.length < head.length + tail.length || !text.startsWith(head) || !text.endsWith(tail)) return false;
  const end = text.length - tail.length;
  let at = head.length;
  for (const middle of segments.slice(1, -1)) {
    const found = text.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

export const matchesAnyGlob = (patterns: readonly string[], text: string): boolean =>
  patterns.some((pattern) => matchesGlob(pattern, text));

/** The first rule, in YAML order, whose pattern matches: rules read like a firewall's. */
export function firstMatchingRule<T>(
  rules: Readonly<Record<string, T>>,
  text: string,
): { pattern: string; value: T } | undefined {
  for (const [pattern, value] of Object.entries(rules)) {
    if (matchesGlob(pattern, text)) return { pattern, value };
  }
  return undefined;
}

/** Every rule whose pattern matches, in YAML order: for requirements that add up. */
export function allMatchingRules<T>(rules: Readonly<Record<string, T>>, text: string): T[] {
  return Object.entries(rules)
    .filter(([pattern]) => matchesGlob(pattern, text))
    .map(([, value]) => value);
}

// Numbers as people write them: runs of digits ("groups") joined by one separator. A window is a
// run of consecutive groups with the same separator that stands on its own: not glued to a word
// ("INV-4111..."), not part of a decimal amount ("4111.50"), not behind a currency sign.
// Every finder of digit-based PII reads these windows, so all of them share one notion of a
// number's boundary. Windows are bounded in digits and groups, so enumerating them is linear.

export interface DigitGroup {
  readonly start: number;
  readonly end: number;
}

export interface NumberWindow {
  readonly start: number;
  readonly end: number;
  /** The digits without separators. */
  readonly digits: string;
  /** Length of each group, in order. */
  readonly groups: readonly number[];
  /** The separator between groups: ' ', '-' or '.'; '' for a single group. */
  readonly separator: string;
}

const isDigitCode = (code: number): boolean => code >= 48 && code <= 57;

/** Letters, digits and underscore of ASCII, and anything non-ASCII (letters of other scripts, currency signs). */
export const isWordCode = (code: number): boolean =>
  isDigitCode(code) ||
  (code >= 65 && code <= 90) ||
  (code >= 97 && code <= 122) ||
  code === 95 ||
  code >= 0x80;

export function digitGroups(text: string): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigitCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isDigitCode(text.charCodeAt(i))) i++;
    groups.push({ start, end: i });
  }
  return groups;
}

/** Whether a number may start at `start`: not glued to a word, a sign or a decimal point before it. */
export function isNumberStart(text: string, start: number): boolean {
  if (start === 0) return true;
  const before = text.charCodeAt(start - 1);
  if (isWordCode(before) || before === 36 /* $ */) return false;
  const beforeThat = start >= 2 ? text.charCodeAt(start - 2) : NaN;
  if (before === 45 || before === 47 /* - / */) return !isWordCode(beforeThat);
  if (before === 46 || before === 44 /* . , */) return !isDigitCode(beforeThat);
  return true;
}

/** Whether a number may end at `end`: not glued to a word, a decimal part or a dash-joined suffix. */
export function isNumberEnd(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const after = text.charCodeAt(end);
  if (isWordCode(after)) return false;
  const afterThat = end + 1 < text.length ? text.charCodeAt(end + 1) : NaN;
  if (after === 45 || after === 47) return !isWordCode(afterThat);
  if (after === 46 || after === 44) return !isDigitCode(afterThat);
  return true;
}

const SEPARATORS = ' -.';

export interface WindowLimits {
  readonly minDigits: number;
  readonly maxDigits: number;
  readonly maxGroups: number;
  /** Whether some finder wants a window of these group lengths; the others are never built. */
  readonly wants: (groups: readonly number[], separator: string, digitCount: number) => boolean;
}

/** The single separator character between two groups, or '' when they are not joined. */
function separatorBetween(text: string, left: DigitGroup, right: DigitGroup): string {
  if (right.start - left.end !== 1) return '';
  const joint = text[left.end]!;
  return SEPARATORS.includes(joint) ? joint : '';
}

/**
 * Calls `visit` with every standalone window of `limits` size and a wanted layout, in order of
 * start. The window's `groups` array is reused: it is valid only during the call.
 */
export function forEachNumberWindow(
  text: string,
  groups: readonly DigitGroup[],
  limits: WindowLimits,
  visit: (window: NumberWindow) => void,
): void {
  const lengths: number[] = [];
  for (let first = 0; first < groups.length; first++) {
    const head = groups[first]!;
    if (!isNumberStart(text, head.start)) continue;
    let separator = '';
    let count = 0;
    lengths.length = 0;
    for (let last = first; last < groups.length && lengths.length < limits.maxGroups; last++) {
      const group = groups[last]!;
      if (last > first) {
        const joint = separatorBetween(text, groups[last - 1]!, group);
        if (joint === '' || (separator !== '' && joint !== separator)) break;
        separator = joint;
      }
      count += group.end - group.start;
      lengths.push(group.end - group.start);
      if (count > limits.maxDigits) break;
      if (
        count >= limits.minDigits &&
        isNumberEnd(text, group.end) &&
        limits.wants(lengths, separator, count)
      ) {
        const span = text.slice(head.start, group.end);
        const digits = separator === '' ? span : span.replaceAll(separator, '');
        visit({ start: head.start, end: group.end, digits, groups: lengths, separator });
      }
    }
  }
}

// A card number split across fields ("4539 1488" in one, "0343 6467" in the next) is found in no
// field on its own. Each field holding exactly one short run of digits is a fragment; fragments
// of consecutive fields, and any two fragments in either order, are read together as a card
// (issuer range, length, Luhn). A field with other digits besides is not a fragment, which keeps
// references and amounts from being joined.
import { cardScheme } from './cardIssuers.ts';
import { isLuhnValid } from './luhn.ts';

const FRAGMENT = /^[^0-9]*?([0-9]{3,12}(?:[ -][0-9]{1,12}){0,3})[ -]?[^0-9]*$/;
const MIN_FRAGMENT_DIGITS = 4;
const MAX_FRAGMENT_DIGITS = 12;
const MAX_PARTS = 5;
/** Pairs are tried among this many fragments at most: a payload of hundreds is not a split card. */
const MAX_PAIRED_FRAGMENTS = 32;

interface Fragment {
  /** Index of the field among those given. */
  readonly field: number;
  readonly digits: string;
}

const isCard = (digits: string): boolean =>
  digits.length >= 13 && digits.length <= 19 && cardScheme(digits) !== undefined && isLuhnValid(digits);

function fragmentOf(value: string, field: number): Fragment | undefined {
  if (value.length > 200) return undefined;
  const run = FRAGMENT.exec(value)?.[1];
  if (run === undefined) return undefined;
  const digits = run.replace(/[ -]/g, '');
  if (digits.length < MIN_FRAGMENT_DIGITS || digits.length > MAX_FRAGMENT_DIGITS) return undefined;
  return { field, digits };
}

/** Groups of field indexes whose fragments, read together, are a card number. */
export function findSplitCards(values: readonly string[]): number[][] {
  const fragments = values.flatMap((value, field) => fragmentOf(value, field) ?? []);
  const found: number[][] = [];
  // Consecutive fields, in order: "4111" "1111" "1111" "1111".
  for (let first = 0; first < fragments.length; first++) {
    let digits = fragments[first]!.digits;
    for (let last = first + 1; last < Math.min(fragments.length, first + MAX_PARTS); last++) {
      if (fragments[last]!.field !== fragments[last - 1]!.field + 1) break;
      digits += fragments[last]!.digits;
      if (isCard(digits)) {
        found.push(fragments.slice(first, last + 1).map(({ field }) => field));
        break;
      }
    }
  }
  // Two fields in either order: the halves need not sit side by side.
  const paired = fragments.slice(0, MAX_PAIRED_FRAGMENTS);
  for (const a of paired)
    for (const b of paired)
      if (a !== b && isCard(a.digits + b.digits) && !found.some((group) => group.includes(a.field)))
        found.push([a.field, b.field]);
  return found;
}

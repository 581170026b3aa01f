// Telephone numbers. International numbers with a plus are taken on their shape; national
// layouts are taken unless a reference word precedes them (and no phone word does); bare digit
// runs only when a phone word precedes them. Amounts next to a currency are never phones.
import { keywords, mentionsAny, REFERENCE_WORDS, textBefore } from './context.ts';
import type { DigitGroup } from './numberWindows.ts';
import { isNumberEnd, isNumberStart, isWordCode } from './numberWindows.ts';
import type { PhoneCandidate } from './phoneShapes.ts';
import {
  isBareNational,
  isFrenchNational,
  isIndianMobile,
  isInternational,
  isNorthAmerican,
  isTrunkNational,
} from './phoneShapes.ts';
import type { Span } from './span.ts';

// prettier-ignore
const PHONE_WORDS = keywords([
  'phone', 'ph', 'tel', 'telephone', 'mobile', 'mob', 'cell', 'cellphone', 'call', 'contact', 'whatsapp',
  'sms', 'text', 'reach', 'ring', 'telefono', 'movil', 'celular', 'portable', 'handy', 'telefon',
  'telefone', 'cellulare', 'फोन', 'मोबाइल',
]);

const CURRENCY = /(?:\b(?:usd|eur|gbp|inr|chf|jpy|rs|aed|sgd|cad|aud)\b|[$€£¥₹])/i;
const MIN_DIGITS = 8;
/** National numbers have 10 digits or more (NANP 10, India 10, UK 10-11 with the trunk 0). */
const MIN_NATIONAL_DIGITS = 10;
const MAX_DIGITS = 15;
const MAX_GROUPS = 6;

/** Joints that may sit between two groups of a phone number, given whether a '(' is open. */
function isPhoneJoint(joint: string, parenOpen: boolean, allowOpen: boolean): boolean {
  if (joint === ' ' || joint === '-' || joint === '.') return !parenOpen;
  if (joint === '(' || joint === ' (') return !parenOpen && allowOpen;
  return parenOpen && (joint === ')' || joint === ') ' || joint === ')-' || joint === ').');
}

interface Opening {
  readonly prefix: PhoneCandidate['prefix'];
  readonly start: number;
}

function openingAt(text: string, group: DigitGroup): Opening | undefined {
  const before = text[group.start - 1];
  if (before === '+' || before === '(') {
    const symbol = group.start - 1;
    const standsAlone = symbol === 0 || !isWordCode(text.charCodeAt(symbol - 1));
    return standsAlone ? { prefix: before, start: symbol } : undefined;
  }
  return isNumberStart(text, group.start) ? { prefix: '', start: group.start } : undefined;
}

function isPhoneShape(candidate: PhoneCandidate): boolean {
  return (
    isInternational(candidate) ||
    isNorthAmerican(candidate) ||
    isTrunkNational(candidate) ||
    isFrenchNational(candidate) ||
    isIndianMobile(candidate) ||
    isBareNational(candidate)
  );
}

function isAmount(text: string, start: number, end: number): boolean {
  return CURRENCY.test(text.slice(Math.max(0, start - 5), start)) || CURRENCY.test(text.slice(end, end + 5));
}

function isPlausibleInContext(text: string, candidate: PhoneCandidate, start: number): boolean {
  if (candidate.prefix === '+') return true;
  const before = textBefore(text, start);
  if (mentionsAny(before, PHONE_WORDS)) return true;
  return !isBareNational(candidate) && !mentionsAny(before, REFERENCE_WORDS);
}

function digitsOf(text: string, groups: readonly DigitGroup[], first: number, last: number): string {
  let digits = '';
  for (let g = first; g <= last; g++) digits += text.slice(groups[g]!.start, groups[g]!.end);
  return digits;
}

/** The longest phone-shaped number that starts at group `first`, if any. */
function longestPhoneFrom(text: string, groups: readonly DigitGroup[], first: number): Span | undefined {
  const opening = openingAt(text, groups[first]!);
  if (!opening) return undefined;
  let parenOpen = opening.prefix === '(';
  let count = 0;
  // The candidate is classified while it grows; its arrays are not copied.
  const lengths: number[] = [];
  const joints: string[] = [];
  const candidate: PhoneCandidate = { prefix: opening.prefix, digits: '', groups: lengths, joints };
  let found: Span | undefined;
  for (let last = first; last < groups.length && lengths.length < MAX_GROUPS; last++) {
    const group = groups[last]!;
    if (last > first) {
      const joint = text.slice(groups[last - 1]!.end, Math.min(group.start, groups[last - 1]!.end + 3));
      const mayOpen = opening.prefix === '+' && !joints.some((j) => j.includes('('));
      if (group.start - groups[last - 1]!.end > 2 || !isPhoneJoint(joint, parenOpen, mayOpen)) break;
      if (joint.includes('(')) parenOpen = true;
      if (joint.includes(')')) parenOpen = false;
      joints.push(joint);
    }
    count += group.end - group.start;
    lengths.push(group.end - group.start);
    if (count > MAX_DIGITS) break;
    const national = opening.prefix !== '+';
    if (count < (national ? MIN_NATIONAL_DIGITS : MIN_DIGITS) || parenOpen || !isNumberEnd(text, group.end))
      continue;
    const grown = { ...candidate, digits: digitsOf(text, groups, first, last) };
    if (isPhoneShape(grown) && isPlausibleInContext(text, grown, opening.start)) {
      found = { kind: 'PHONE', start: opening.start, end: group.end };
    }
  }
  if (found && isAmount(text, found.start, found.end)) return undefined;
  return found;
}

export function findPhones(text: string, groups: readonly DigitGroup[]): Span[] {
  const spans: Span[] = [];
  for (let first = 0; first < groups.length; first++) {
    const span = longestPhoneFrom(text, groups, first);
    if (span) spans.push(span);
  }
  return spans;
}

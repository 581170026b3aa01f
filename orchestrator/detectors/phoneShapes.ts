// The shapes of telephone numbers that banks see in customer text. Each rule accepts a number
// only in the layouts people write phones in, which amounts, dates and references do not share.

export interface PhoneCandidate {
  /** '+' for international form, '(' when the first group is in parentheses, '' otherwise. */
  readonly prefix: '+' | '(' | '';
  readonly digits: string;
  readonly groups: readonly number[];
  /** The text between consecutive groups, e.g. [') ', '-']. */
  readonly joints: readonly string[];
}

const isPlainSeparator = (joint: string): boolean => joint === ' ' || joint === '-' || joint === '.';

/** The joints outside parentheses are all the same character (no "415 555-2671.12"). */
function hasConsistentSeparators(candidate: PhoneCandidate): boolean {
  const plain = candidate.joints.filter((joint) => !joint.includes('(') && !joint.includes(')'));
  return plain.every((joint) => isPlainSeparator(joint) && joint === plain[0]);
}

/** E.164 written with a leading plus: 8-15 digits, a country code that does not start with 0. */
export function isInternational(candidate: PhoneCandidate): boolean {
  const length = candidate.digits.length;
  if (candidate.prefix !== '+' || candidate.digits[0] === '0') return false;
  return candidate.groups.length === 1 ? length >= 10 && length <= 15 : length >= 8 && length <= 15;
}

/** North American Numbering Plan: (NXX) NXX-XXXX, NXX-NXX-XXXX, optionally led by 1. */
export function isNorthAmerican(candidate: PhoneCandidate): boolean {
  if (candidate.prefix === '+') return false;
  const leadingOne = candidate.prefix === '' && candidate.groups.length === 4 && candidate.digits[0] === '1';
  const groups = leadingOne ? candidate.groups.slice(1) : candidate.groups;
  const digits = leadingOne ? candidate.digits.slice(1) : candidate.digits;
  if (groups.length !== 3 || groups[0] !== 3 || groups[1] !== 3 || groups[2] !== 4) return false;
  return digits[0]! >= '2' && digits[3]! >= '2' && hasConsistentSeparators(candidate);
}

/** National numbers behind a trunk 0, as in Europe and India: "020 7946 0958", "(030) 1234 5678". */
export function isTrunkNational(candidate: PhoneCandidate): boolean {
  const [first = 0] = candidate.groups;
  const length = candidate.digits.length;
  return (
    candidate.prefix !== '+' &&
    candidate.digits[0] === '0' &&
    candidate.digits[1] !== '0' &&
    length >= 10 &&
    length <= 12 &&
    candidate.groups.length >= 2 &&
    candidate.groups.length <= 4 &&
    first >= 3 &&
    first <= 5 &&
    candidate.groups.every((group) => group >= 2) &&
    hasConsistentSeparators(candidate)
  );
}

/** French national numbers in pairs: "06 12 34 56 78". */
export function isFrenchNational(candidate: PhoneCandidate): boolean {
  return (
    candidate.prefix === '' &&
    candidate.groups.length === 5 &&
    candidate.groups.every((group) => group === 2) &&
    candidate.digits[0] === '0' &&
    candidate.digits[1] !== '0' &&
    hasConsistentSeparators(candidate)
  );
}

/** Indian mobile numbers in their usual 5-5 layout: "98765 43210". */
export function isIndianMobile(candidate: PhoneCandidate): boolean {
  return (
    candidate.prefix === '' &&
    candidate.groups.length === 2 &&
    candidate.groups[0] === 5 &&
    candidate.groups[1] === 5 &&
    candidate.digits[0]! >= '6' &&
    hasConsistentSeparators(candidate) &&
    candidate.joints[0] !== '.'
  );
}

/** Unformatted national numbers, which look like any other reference: only with a phone word nearby. */
export function isBareNational(candidate: PhoneCandidate): boolean {
  if (candidate.prefix !== '' || candidate.groups.length !== 1) return false;
  const digits = candidate.digits;
  if (digits.length === 10) return digits[0]! >= '2' && (digits[0]! >= '6' || digits[3]! >= '2');
  return digits.length === 11 && digits[0] === '0' && digits[1] !== '0';
}

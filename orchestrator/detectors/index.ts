// The gate's text detectors: pure functions, linear in the input, safe on hostile text.
export { findPii, redactPii, PII_KINDS, type PiiFinding, type PiiKind } from './pii.ts';
export {
  assessInjection,
  DEFAULT_INJECTION_THRESHOLD,
  MAX_SCANNED_CHARS,
  type InjectionAssessment,
} from './injection.ts';
export { isLuhnValid } from './luhn.ts';
export { isVerhoeffValid } from './verhoeff.ts';
export { isValidIban, IBAN_LENGTHS } from './iban.ts';
export { textScans, type TextScans } from './textScans.ts';

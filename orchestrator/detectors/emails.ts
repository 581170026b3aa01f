// E-mail addresses, found from each '@' outwards rather than by one big regex: neither side can
// cross another '@', so every character is looked at a bounded number of times.
import type { Span } from './span.ts';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isLocalChar = (c: number): boolean =>
  isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45; // . _ % + -
const isDomainChar = (c: number): boolean => isAlnum(c) || c === 46 || c === 45; // . -

function localStart(text: string, at: number): number | undefined {
  let start = at;
  while (start > 0 && isLocalChar(text.charCodeAt(start - 1))) {
    start--;
    if (at - start > MAX_LOCAL) return undefined;
  }
  while (start < at && text[start] === '.') start++;
  const local = text.slice(start, at);
  return local.length === 0 || local.endsWith('.') || local.includes('..') ? undefined : start;
}

function domainEnd(text: string, at: number): number | undefined {
  let end = at + 1;
  while (end < text.length && end - at <= MAX_DOMAIN + 1 && isDomainChar(text.charCodeAt(end))) end++;
  // A sentence may end right after the address: "write to a@b.com."
  while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
  const labels = text.slice(at + 1, end).split('.');
  const tld = labels[labels.length - 1] ?? '';
  const wellFormed =
    labels.length >= 2 &&
    labels.every(
      (label) => label.length > 0 && label.length <= 63 && !label.startsWith('-') && !label.endsWith('-'),
    ) &&
    /^[a-z]{2,24}$/i.test(tld);
  return wellFormed ? end : undefined;
}

export function findEmails(text: string): Span[] {
  const spans: Span[] = [];
  let at = text.indexOf('@');
  while (at !== -1) {
    const start = localStart(text, at);
    const end = start === undefined ? undefined : domainEnd(text, at);
    if (start !== undefined && end !== undefined) spans.push({ kind: 'EMAIL', start, end });
    at = text.indexOf('@', at + 1);
  }
  return spans;
}

// Runs the text part of the red-team corpus straight against the detectors, with the gate's
// semantics: PII in an event classified below PII must not pass (DENY or REDACT), the same text in a
// PII or SECRET event passes; an injection score at or above the default threshold denies.
// Prints detection and false-positive rates per policy.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { assessInjection, DEFAULT_INJECTION_THRESHOLD } from './injection.ts';
import { findPii } from './pii.ts';

interface CorpusCase {
  readonly id: string;
  readonly policy: 'pii' | 'prompt-injection';
  readonly expect: 'DENY' | 'ALLOW' | 'REDACT';
  readonly text: string;
  readonly classification?: 'PUBLIC' | 'INTERNAL' | 'PII' | 'SECRET';
  readonly note?: string;
}

const corpus = JSON.parse(
  readFileSync(new URL('../../test/redteam/text.corpus.json', import.meta.url), 'utf8'),
) as readonly CorpusCase[];

const CARRIES_PII: ReadonlySet<string> = new Set(['PII', 'SECRET']);

/** Whether the detectors would stop this case at the gate. */
function stopped(item: CorpusCase): boolean {
  if (item.policy === 'prompt-injection')
    return assessInjection(item.text).score >= DEFAULT_INJECTION_THRESHOLD;
  if (CARRIES_PII.has(item.classification ?? 'INTERNAL')) return false;
  return findPii(item.text).length > 0;
}

const tally = new Map<string, { attacks: number; caught: number; benign: number; falseAlarms: number }>();

function record(item: CorpusCase, wasStopped: boolean): void {
  const counts = tally.get(item.policy) ?? { attacks: 0, caught: 0, benign: 0, falseAlarms: 0 };
  if (item.expect === 'ALLOW') {
    counts.benign++;
    if (wasStopped) counts.falseAlarms++;
  } else {
    counts.attacks++;
    if (wasStopped) counts.caught++;
  }
  tally.set(item.policy, counts);
}

const percent = (part: number, whole: number): string => `${((100 * part) / Math.max(whole, 1)).toFixed(1)}%`;

describe('text red-team corpus', () => {
  afterAll(() => {
    for (const [policy, { attacks, caught, benign, falseAlarms }] of tally) {
      console.log(
        `${policy}: detection ${percent(caught, attacks)} (${caught}/${attacks}), ` +
          `false positives ${percent(falseAlarms, benign)} (${falseAlarms}/${benign})`,
      );
    }
  });

  it('holds at least 200 cases with unique ids, about half of them benign', () => {
    const benign = corpus.filter((item) => item.expect === 'ALLOW').length;

    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((item) => item.id)).size).toBe(corpus.length);
    expect(benign / corpus.length).toBeGreaterThan(0.4);
    expect(benign / corpus.length).toBeLessThan(0.6);
  });

  it.each(corpus.map((item) => [`${item.id} (${item.note ?? item.policy})`, item] as const))(
    '%s',
    (_, item) => {
      const wasStopped = stopped(item);
      record(item, wasStopped);

      expect(wasStopped).toBe(item.expect !== 'ALLOW');
    },
  );
});

import { describe, expect, it } from 'vitest';
import { findRuns } from './encoded.ts';
import { decodeEscapes } from './escapes.ts';
import { foldText } from './normalize.ts';
import { textScans } from './textScans.ts';

// What a joined text is made of must be what reading the joined text itself would give.
describe('textScans of a joined text', () => {
  const cases: readonly (readonly string[])[] = [
    ['%69%67', '%6e%6f%72%65 all'],
    ['&#105;&#103;', '&#110; &lt;b&gt;', 'plain'],
    ['\\u0069\\u0067', '\\u006e', '%4', '1 and &amp', '; after'],
    ['aWdub3JlIGFsbCBw', 'cmV2aW91cyBpbnN0cnVjdGlvbnM=', '0x69 0x67 0x6e 0x6f'],
    ['caf\u00e9 %C3', '%A9 \ud800 lone', ''],
  ];

  it.each(cases)('reads the parts of %j as one text', (...parts) => {
    const scans = textScans();
    const joined = scans.join(parts, '\n');

    expect(joined).toBe(parts.join('\n'));
    expect(scans.escapesOf(joined)).toEqual(decodeEscapes(joined));
    expect(scans.foldedOf(joined)).toEqual(foldText(joined));
    expect(scans.runsOf(joined)).toEqual(findRuns(joined));
    for (const { decoded } of scans.escapesOf(joined)) {
      expect(scans.foldedOf(decoded)).toEqual(foldText(decoded));
      expect(scans.escapesOf(decoded)).toEqual(decodeEscapes(decoded));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { scanView } from './scanView.ts';

describe('scanView', () => {
  it('leaves plain ASCII untouched and maps offsets one to one', () => {
    const view = scanView('card 4111');

    expect(view.text).toBe('card 4111');
    expect(view.toOriginal(5, 9)).toEqual({ start: 5, end: 9 });
  });

  it('reads full-width and Devanagari digits, exotic spaces and dashes as ASCII', () => {
    const view = scanView('４１\u00a0११\u2013७');

    expect(view.text).toBe('41 11-7');
  });

  it('drops invisible characters but maps spans back over them', () => {
    const original = '41\u200b11';

    const view = scanView(original);

    expect(view.text).toBe('4111');
    expect(view.toOriginal(0, 4)).toEqual({ start: 0, end: original.length });
  });

  it('maps look-alike letters to Latin ones, keeping case', () => {
    expect(scanView('DЕ89 аbc').text).toBe('DE89 abc');
  });

  it('spells [at] and (dot) as symbols, taking the spaces around them', () => {
    const original = 'jo [at] x (dot) com';

    const view = scanView(original);

    expect(view.text).toBe('jo@x.com');
    expect(view.toOriginal(0, view.text.length)).toEqual({ start: 0, end: original.length });
  });
});

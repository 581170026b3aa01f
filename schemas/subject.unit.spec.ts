import { describe, expect, it } from 'vitest';
import { amongSubjects, sameSubject, subjectKey } from './subject.ts';

describe('subject keys', () => {
  it('see through zero-width and format characters, compatibility forms and case', () => {
    expect(subjectKey('alice\u200b')).toBe('alice');
    expect(subjectKey('a\u200dl\u2060i\ufeffc\u00ade')).toBe('alice');
    expect(subjectKey('ＡＬＩＣＥ')).toBe('alice');
    expect(subjectKey(' Alice ')).toBe('alice');
    expect(subjectKey('ali\u202ece')).toBe('alice');
  });

  it('read look-alike letters of other scripts as the Latin ones', () => {
    expect(sameSubject('\u0430lice', 'alice')).toBe(true); // Cyrillic а
    expect(sameSubject('\u03bflga', 'olga')).toBe(true); // Greek ο
    expect(sameSubject('\u0410LICE', 'alice')).toBe(true); // Cyrillic А
  });

  it('keep different people apart', () => {
    expect(sameSubject('alice', 'alicia')).toBe(false);
    expect(sameSubject('alice', 'alice2')).toBe(false);
    expect(amongSubjects(['advisor-amy', 'cust-7'], 'Advisor-Amy\u200b')).toBe(true);
    expect(amongSubjects(['advisor-amy', 'cust-7'], 'officer-olga')).toBe(false);
  });
});

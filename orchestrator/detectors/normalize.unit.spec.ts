import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldText, foldWord, joinFolded } from './normalize.ts';

const words = (text: string): string[] => foldText(text).tokens.map(({ word }) => word);
const disguised = (text: string): boolean[] => foldText(text).tokens.map(({ obfuscated }) => obfuscated);

describe('foldText', () => {
  it('lower-cases, drops accents and folds compatibility forms', () => {
    expect(words('Précédentes ＩＧＮＯＲＥ 𝐬𝐲𝐬𝐭𝐞𝐦')).toEqual(['precedentes', 'ignore', 'system']);
  });

  it('reads l and i as one letter, so "all" and "a11" match alike', () => {
    expect(words('all a11 aII')).toEqual(['aii', 'aii', 'aii']);
  });

  it('reads leetspeak and marks the word as disguised', () => {
    expect(words('1gn0r3 pr3v10u5 plain')).toEqual(['ignore', 'previous', 'piain']);
    expect(disguised('1gn0r3 pr3v10u5 plain')).toEqual([true, true, false]);
  });

  it('leaves hex identifiers out of the words: a UUID fragment is not leetspeak', () => {
    expect(words('ref ce02-5b1f0ce0 ce0 a11')).toEqual(['ref', 'ceo', 'aii']);
    expect(foldText('ce02 ok').squashed).toBe('ok');
  });

  it('takes leet symbols only inside words, not as punctuation', () => {
    expect(words('p@ssw0rd $ecret stop! |gnore')).toEqual(['password', 'secret', 'stop', 'ignore']);
  });

  it('maps Cyrillic and Greek look-alikes and counts words that mix scripts', () => {
    const folded = foldText('іgnоrе ρrompt');

    expect(folded.tokens.map(({ word }) => word)).toEqual(['ignore', 'prompt']);
    expect(folded.evidence.mixedScriptWords).toBe(2);
  });

  it('removes invisible characters inside words and counts them', () => {
    const folded = foldText('ig\u200bno\u200dre');

    expect(folded.tokens).toEqual([{ word: 'ignore', obfuscated: true }]);
    expect(folded.evidence.invisibleInWords).toBe(2);
  });

  it('rejoins words spelled out with one separator, splitting where the separator changes', () => {
    expect(words('i.g.n.o.r.e the r-u-l-e-s, i g n o r e  a l l')).toEqual([
      'ignore',
      'the',
      'ruies',
      'ignore',
      'aii',
    ]);
  });

  it('leaves runs of fewer than three single letters alone', () => {
    expect(words('i.e. a test')).toEqual(['i', 'e', 'a', 'test']);
  });

  it('runs all letters together and also through ROT13', () => {
    const folded = foldText('Vtaber, cerivbhf!');

    expect(folded.squashed).toBe('vtabercerivbhf');
    expect(folded.rot13).toBe('ignoreprevious');
  });

  it('recovers ASCII hidden in Unicode tag characters', () => {
    const hidden = [...'hi there'].map((char) => String.fromCodePoint(0xe0000 + char.charCodeAt(0))).join('');

    expect(foldText(`visible${hidden}`).hidden).toBe('hi there');
  });

  it('keeps a layout with blanks collapsed and a leading line break for role tags', () => {
    expect(foldText('###   System:\tgo').layout).toBe('\n### system: go');
  });

  it('counts bidi override controls but not the plain direction marks', () => {
    expect(foldText('a\u202eb\u200fc').evidence.bidiControls).toBe(1);
  });

  it('keeps Devanagari words whole, vowel signs included', () => {
    expect(words('सिस्टम प्रॉम्प्ट')).toHaveLength(2);
  });
});

describe('foldWord', () => {
  it('folds a pattern word exactly as text is folded', () => {
    expect(foldWord('Règles')).toBe(foldText('règles').tokens[0]!.word);
  });
});

describe('joinFolded', () => {
  const corpus = (
    JSON.parse(readFileSync(new URL('../../test/redteam/text.corpus.json', import.meta.url), 'utf8')) as {
      text: string;
    }[]
  ).map(({ text }) => text);
  // Cuts that fall inside words, disguises and tags, and parts that are empty or a single letter.
  const cutsOf = (text: string): string[][] => [
    [text],
    [text, ''],
    [text.slice(0, text.length >> 1), text.slice(text.length >> 1)],
    [text.slice(0, 1), text.slice(1, 3), text.slice(3)],
    ['i g n o r e', text, 'a l l', 'ΣΑΣ', '\u200b'],
  ];

  it.each(['i.g.n.o.r.e', '### system:', 'ΟΔΟΣ', 'ign\u200bore a11 pr3vious', ...corpus])(
    'folds the joined parts of %s as foldText folds the joined text',
    (text) => {
      for (const parts of cutsOf(text))
        expect(joinFolded(parts.map(foldText))).toEqual(foldText(parts.join('\n')));
    },
  );
});

// Who a person is, for comparing people: maker-checker and dual control ask "is this the same
// subject?", and a name that only looks different ("alice\u200b", "ＡＬＩＣＥ", "Alice", "аlice"
// with a Cyrillic а) must not pass as a second person. Compatibility-normalised (NFKC), with
// format and other invisible characters removed, look-alike letters of other scripts read as the
// Latin ones, case-folded and trimmed.
import { HOMOGLYPHS } from './homoglyphs.ts';

const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

const latinLookalikes = (text: string): string =>
  Array.from(text, (char) => HOMOGLYPHS.get(char.codePointAt(0)!) ?? char).join('');

export function subjectKey(subject: string): string {
  return latinLookalikes(subject.normalize('NFKC').replace(INVISIBLE, '')).toLowerCase().trim();
}

export const sameSubject = (a: string, b: string): boolean => subjectKey(a) === subjectKey(b);

/** True when `subject` is one of `subjects` under subjectKey. */
export const amongSubjects = (subjects: readonly string[], subject: string): boolean =>
  subjects.some((other) => sameSubject(other, subject));

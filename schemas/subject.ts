// Who a person is, for comparing people: maker-checker and dual control ask "is this the same
// subject?", and a name that only looks different ("alice\u200b", "ＡＬＩＣＥ", "Alice") must not
// pass as a second person. Compatibility-normalised (NFKC), with format and other invisible
// characters removed, case-folded and trimmed.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

export function subjectKey(subject: string): string {
  return subject.normalize('NFKC').replace(INVISIBLE, '').toLowerCase().trim();
}

export const sameSubject = (a: string, b: string): boolean => subjectKey(a) === subjectKey(b);

/** True when `subject` is one of `subjects` under subjectKey. */
export const amongSubjects = (subjects: readonly string[], subject: string): boolean =>
  subjects.some((other) => sameSubject(other, subject));

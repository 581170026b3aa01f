// What compliance may approve without a human. The recommendation's text is the model's, and it
// reaches the customer: compliance's automatic approval rests on the value at stake, computed by
// code, and on this check of what the text asks of anyone. Advice that names an account, card or
// payee, tells the customer to move money or change a limit, or speaks of approval or in someone
// else's name is beyond an automatic approval, however confident the model was: a human decides.
// Each rule can only send a recommendation to a human, never approve one.
import { HOMOGLYPHS } from '../../schemas/homoglyphs.ts';
import { largestAmountIn } from './amounts.ts';

/** NFKC, no invisible format characters, look-alike letters of other scripts read as Latin, lower case. */
function plain(text: string): string {
  const folded = Array.from(text.normalize('NFKC').replace(/\p{Cf}/gu, ''), (char) => {
    return HOMOGLYPHS.get(char.codePointAt(0)!) ?? char;
  }).join('');
  return folded.toLowerCase();
}

/**
 * An identifier: eight digits or more in groups (a card or account number), or a token with six
 * digits or more, or letters with four digits or more (NW-4481-2290).
 */
function namesAnIdentifier(text: string): boolean {
  if (/\d(?:[ -]?\d){7,}/.test(text)) return true;
  for (const [token] of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\-/.]*/gu)) {
    const digits = token.replace(/\D/g, '').length;
    if (digits >= 6 || (digits >= 4 && /\p{L}/u.test(token))) return true;
  }
  return false;
}

const movesMoney = /\b(transfer|send|wire|pay|move|withdraw)\w*\b/;
const changesALimit = /\b(lift|raise|increase|remove|disable|change)\w*\b[^.]{0,40}\blimits?\b/;
const speaksWithAuthority =
  /\b(approv\w*|authori[sz]\w*|complian\w*|on behalf of|this is (?!a\b|an\b|the\b)\w+)/;

/** Why `recommendation` needs a human; empty when it is within an automatic approval. */
export function beyondAutomaticApproval(recommendation: string): string[] {
  const text = plain(recommendation);
  return [
    ...(namesAnIdentifier(text) ? ['the recommendation names an account, card or payee'] : []),
    ...(movesMoney.test(text) && largestAmountIn(text) !== null
      ? ['the recommendation tells the customer to move an amount of money']
      : []),
    ...(changesALimit.test(text) ? ['the recommendation changes a limit'] : []),
    ...(speaksWithAuthority.test(text)
      ? ['the recommendation speaks of an approval or in the name of someone other than the advisor']
      : []),
  ];
}

import type { PhraseRule } from '../phraseMatcher.ts';
import { DISCLOSURE_RULES } from './disclosure.ts';
import { MONEY_RULES } from './money.ts';
import { OVERRIDE_RULES } from './override.ts';
import { PERSONA_RULES } from './persona.ts';

export { ROLE_TAGS, type RoleTag } from './roleTags.ts';

/** Every phrase rule, in English, Spanish, French, German, Portuguese, Italian and Hindi. */
export const PHRASE_RULES: readonly PhraseRule[] = [
  ...OVERRIDE_RULES,
  ...DISCLOSURE_RULES,
  ...PERSONA_RULES,
  ...MONEY_RULES,
];

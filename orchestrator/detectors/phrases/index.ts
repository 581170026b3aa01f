import type { PhraseRule } from '../phraseMatcher.ts';
import { DISCLOSURE_RULES } from './disclosure.ts';
import { FRAMING_RULES } from './framing.ts';
import { MONEY_RULES } from './money.ts';
import { OVERRIDE_RULES } from './override.ts';
import { PERSONA_RULES } from './persona.ts';
import { SETUP_RULES } from './setup.ts';

export { ROLE_TAGS, type RoleTag } from './roleTags.ts';

/** Every phrase rule, in English, Spanish, French, German, Portuguese, Italian and Hindi (Dutch and Turkish for the strongest). */
export const PHRASE_RULES: readonly PhraseRule[] = [
  ...OVERRIDE_RULES,
  ...DISCLOSURE_RULES,
  ...PERSONA_RULES,
  ...MONEY_RULES,
  ...SETUP_RULES,
  ...FRAMING_RULES,
];

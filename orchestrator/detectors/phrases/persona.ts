// Attempts to give an agent another identity or a mode without its rules. Bank messages say
// "you are now enrolled" and customers say "please act on my request", so the bare phrases weigh
// little; naming an unrestricted persona or a jailbreak is what tips the score.
import type { PhraseRule } from '../phraseMatcher.ts';

const ROGUE =
  'dan|unrestricted|unfiltered|uncensored|jailbroken|evil|freed|liberated|rogue|sudo|root|superuser|godmode|unaligned|malicious|unchained';

export const PERSONA_RULES: readonly PhraseRule[] = [
  {
    id: 'you-are-now',
    weight: 0.2,
    patterns: [
      'you ~1 are|re ~1 now',
      'from ~1 now ~1 on ~1 you',
      'ahora ~1 eres|sos|seras',
      'eres ~1 ahora',
      'tu|vous ~1 es|etes ~1 maintenant|desormais',
      'desormais ~1 tu|vous',
      'du ~1 bist ~1 jetzt|nun|ab',
      'ab ~1 jetzt|sofort ~1 bist ~1 du',
      'voce|tu ~1 agora ~1 e|es',
      'agora ~1 voce|tu ~1 e|es',
      'ora|adesso ~1 sei',
      'ab ~1 tum|aap ~4 ho',
    ],
  },
  {
    id: 'rogue-persona',
    weight: 0.6,
    patterns: [
      `you ~1 are|re ~1 now ~3 ${ROGUE}`,
      'you ~1 are|re ~1 now ~2 a|an ~2 different|new|unrestricted|unfiltered|evil|jailbroken|rogue|malicious ~2 ai|assistant|model|bot|persona|character|entity',
      `act|behave|roleplay|respond|operate|answer ~1 as|like ~3 ${ROGUE}|hacker|god`,
      `pretend ~1 to ~1 be ~3 ${ROGUE}|hacker|god`,
      'you ~1 have|ve|had ~1 no ~2 rules|guidelines|restrictions|filters|limitations|limits|constraints|oversight|boundaries|ethics',
      `pretend ~1 you ~1 are|re ~3 ${ROGUE}|hacker|god`,
      `ahora ~1 eres ~3 ${ROGUE}`,
      `tu|vous ~1 es|etes ~1 maintenant ~3 ${ROGUE}`,
      `du ~1 bist ~1 jetzt|nun ~3 ${ROGUE}`,
      `ab ~1 tum|aap ~3 ${ROGUE}|hacker`,
      'ab ~1 tum|aap ~3 bina ~1 niyam|rules|restriction*|pabandi|filter*',
      'du ~1 bist ~3 assistent|ki|bot|modell|bank ~2 ohne ~1 regeln|einschrankung*|filter|grenzen|kontroll*',
      'jij|je ~1 bent ~4 zonder ~1 regels|beperkingen|controle*|filters|grenzen',
    ],
    squashed: ['youarenowdan', 'youarenowunrestricted', 'youarenowjailbroken', 'youarenowunfiltered'],
  },
  {
    id: 'drop-role',
    weight: 0.5,
    patterns: [
      'stop|quit|cease ~1 being|acting|behaving ~3 assistant|bot|ai|model|chatbot|agent',
      'you ~1 are|re ~1 no ~1 longer ~3 assistant|bot|ai|model|chatbot|bound|restricted',
      'pretend|roleplay|imagine ~4 grandmother|grandma|granny|deceased|dead',
    ],
  },
  {
    id: 'privilege-claim',
    weight: 0.45,
    patterns: [
      'user|requester|sender|customer ~1 is ~1 an|the|a ~1 admin|administrator|developer|owner|root|superuser|sysadmin',
      'grant|give|assign|elevate ~3 admin|administrator|root|all|full|elevated ~1 privileges|permissions|rights|access',
      'i|im ~1 am|m ~2 the|a|your ~1 developer|engineer|creator|programmer|admin|administrator|operator|owner ~3 who|that ~2 built|made|created|wrote|trained|configured|deployed|programmed ~1 you',
    ],
  },
  {
    id: 'unrestricted',
    weight: 0.4,
    patterns: [
      'unrestricted|unfiltered|uncensored|unmoderated|unaligned ~2 ai|mode|assistant|model|version|chatbot|bot|llm|persona',
      'no|without|zero ~1 restrictions|filters|filter|censorship|guardrails|ethics|morals|moral|safeguards|rules',
      'assistant|ai|bot|model|banker|advisor|bank ~4 with ~1 no|without ~2 compliance|oversight|controls|checks|supervision|review|restrictions|rules|limits',
      'zonder ~1 regels|beperkingen|controle*|filters|grenzen',
      'sin ~1 restriccion*|filtro*|censura|reglas',
      'sans ~1 restriction*|filtre*|censure|regle*|limite*',
      'ohne ~1 einschrankung*|filter|zensur|regeln|beschrankung*',
      'sem ~1 restric*|filtro*|censura|regra*',
      'senza ~1 restrizion*|filtr*|censura|regol*',
      'bina ~1 restriction*|rules|niyam|pabandi|filter*',
    ],
  },
  {
    id: 'act-as',
    weight: 0.15,
    patterns: [
      'act|acting ~1 as|like',
      'pretend ~1 you|to',
      'roleplay|role-play',
      'actua|actue|actuar ~1 como',
      'agis|agissez|agir ~1 comme',
      'fais ~1 comme ~1 si',
      'verhalte|verhalt ~2 dich|sich ~1 wie|als',
      'aja|atue|agir|finja ~1 como',
      'agisci|comportati|fingi ~1 come|di',
    ],
  },
  {
    id: 'do-anything-now',
    weight: 0.75,
    patterns: [
      'do ~1 anything ~1 now',
      'dan ~1 mode|prompt|jailbreak',
      'you ~1 are|re ~1 dan',
      'stay|remain ~1 in ~1 character ~3 dan',
    ],
    squashed: ['doanythingnow'],
  },
  {
    id: 'jailbreak-mention',
    weight: 0.35,
    patterns: ['jailbreak*|jailbroken|jailbrake*', 'jail ~1 break*|broken'],
  },
  {
    id: 'jailbreak',
    weight: 0.7,
    patterns: [
      'jailbreak* ~1 mode|prompt|yourself|activated|enabled|successful',
      'jailbreak* ~2 the|this ~1 ai|model|assistant|bot|llm|system',
      'you ~1 are|re ~1 now ~1 jailbroken|jailbreaked',
      'you ~1 have ~1 been ~1 jailbroken|jailbreaked|freed|liberated|unchained',
    ],
  },
  {
    id: 'developer-mode',
    weight: 0.45,
    patterns: [
      'developer|dev|god|sudo ~1 mode',
      'modo ~2 desarrollador|desenvolvedor|developer|dios|deus|dev',
      'mode ~1 developpeur|dev|developer|dieu',
      'entwicklermodus|gottmodus',
      'entwickler ~1 modus',
      'modalita ~1 sviluppatore|sviluppo|developer|dio|dev',
    ],
    squashed: [
      'developermode',
      'mododesarrollador',
      'modedeveloppeur',
      'entwicklermodus',
      'mododesenvolvedor',
      'modalitasviluppatore',
    ],
  },
  {
    id: 'enable-developer-mode',
    weight: 0.75,
    patterns: [
      'enable|activate|enter|unlock|engage|start|boot ~3 developer|dev|god|sudo|debug|jailbreak|dan|unrestricted ~1 mode',
      'switch|turn ~1 on|to|into ~2 developer|dev|god|sudo|debug|jailbreak|dan|unrestricted ~1 mode',
      'activa|activar|habilita|habilitar|entra|entrar ~3 modo ~2 desarrollador|dios|developer|dev',
      'active|activez|activer|entre|entrez ~3 mode ~1 developpeur|dieu|developer|dev',
      'aktiviere|aktivieren|starte ~3 entwicklermodus|gottmodus|entwickler',
      'ative|ativa|ativar|entre|entrar ~3 modo ~2 desenvolvedor|deus|developer|dev',
      'attiva|attivare|abilita|entra ~3 modalita ~1 sviluppatore|dio|developer|dev',
      'developer ~1 mode ~1 on|chalu ~1 karo|kar|kijiye|karein|karen',
    ],
    squashed: ['enabledevelopermode', 'activatedevelopermode', 'enterdevelopermode'],
  },
];

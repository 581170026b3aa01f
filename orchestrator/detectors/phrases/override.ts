// Attempts to replace the instructions an agent runs under. "Ignore the late fee" or "ignore my
// previous instructions" are customers talking; the attack names the model's instructions.
import type { PhraseRule } from '../phraseMatcher.ts';

const ES_VERB =
  'ignora|ignore|ignorar|ignoren|olvida|olvide|olvidar|omite|omitir|descarta|descartar|desconsidera|desconsiderar|desobedece';
const EN_VERB = 'ignore|ignoring|disregard|forget|override|bypass|overlook|neglect|discard|abandon';
const EN_WHICH =
  'previous|prior|above|earlier|preceding|all|any|every|your|these|those|existing|original|initial|system|old|former';
const EN_WHAT =
  'instruction*|rule|rules|direction|directions|guideline*|guidance|prompt|prompts|command*|directive*|guardrail*|constraint*|programming|orders|context';

export const OVERRIDE_RULES: readonly PhraseRule[] = [
  {
    id: 'override-instructions',
    weight: 0.85,
    unlessOwn: true,
    patterns: [
      `${EN_VERB} ~3 ${EN_WHICH} ~3 ${EN_WHAT}`,
      // the bank's controls by name: "disregard the fraud rules" (a fraud alert may be ignored)
      `${EN_VERB} ~2 the|bank|banks ~2 fraud|aml|kyc|compliance|sanctions|screening|risk|security|internal|usual|standard ~1 rules|controls|checks|policy|policies|guidelines|procedures|instructions`,
      // es
      `${ES_VERB} ~3 todas|todos|tus|sus ~3 instruccion*|regla*|indicacion*|directriz|directrices|orden*`,
      `${ES_VERB} ~3 instruccion*|regla*|indicacion*|directriz|directrices ~2 anterior*|previa*|previo*|sistema|arriba|inicial*|original*`,
      // fr
      'ignore|ignorez|ignorer|oublie|oubliez|oublier|neglige|negligez ~3 toutes|tous|tes|vos ~3 instruction*|consigne*|regle*|directive*',
      'ignore|ignorez|ignorer|oublie|oubliez|oublier|neglige|negligez ~3 instruction*|consigne*|regle*|directive* ~2 precedent*|anterieur*|systeme|dessus|initial*|origin*',
      // de
      'ignoriere|ignorier|ignorieren|vergiss|vergessen|missachte|missachten|uberschreibe ~3 alle|deine|ihre|vorherig*|bisherig*|vorigen|obigen|fruher*|ursprunglich* ~3 anweisung*|instruktion*|regel*|vorgab*|befehl*|richtlinie*',
      'alle|deine|vorherig*|bisherig*|obigen|vorigen ~2 anweisung*|instruktion*|regel*|befehl*|vorgab* ~3 ignorieren|vergessen|missachten|ignoriere|vergiss',
      // pt
      'ignore|ignora|ignorar|ignorem|esqueca|esquece|esquecer|desconsidere|desconsiderar|descarte ~3 todas|todos|suas|tuas ~3 instruc*|regra*|orientac*|diretriz*|comando*',
      'ignore|ignora|ignorar|ignorem|esqueca|esquece|esquecer|desconsidere|desconsiderar|descarte ~3 instruc*|regra*|orientac*|diretriz* ~2 anterior*|previa*|previo*|sistema|acima|inicia*|origina*',
      // it
      'ignora|ignorare|ignori|dimentica|dimenticare|trascura ~3 tutte|tutti|tue|sue ~3 istruzion*|regol*|indicazion*|direttiv*|comand*',
      'ignora|ignorare|ignori|dimentica|dimenticare|trascura ~3 istruzion*|regol*|indicazion*|direttiv* ~2 precedent*|sistema|sopra|inizia*|origina*|anterior*',
      // hi (transliterated and Devanagari)
      'pichle|pichhle|pichli|purane|purani|upar|sabhi|saare|sare|saari|sab|apne ~3 instruction*|nirdesh*|niyam|rules|hukum|aadesh ~4 ignore|bhool|bhul|bhula|nazarandaz|andekha|anadekha|chhod|chod',
      'ignore|bhool|bhul|nazarandaz ~3 pichle|pichhle|sabhi|saare|sare|purane ~3 instruction*|nirdesh*|niyam|rules',
      'पिछले|सभी|सारे|पुराने ~3 निर्देश*|नियम*|आदेश* ~4 अनदेखा|नज़रअंदाज़|भूल|भूलो|भूल|इग्नोर',
      // nl
      'negeer|negeren|vergeet|vergeten|omzeil|omzeilen ~3 alle|je|jouw|uw|eerdere|vorige|voorgaande|bovenstaande|oorspronkelijke|huidige ~3 instructie*|regels|richtlijn*|opdracht*|aanwijzing*|prompt*',
      'negeer|vergeet|omzeil ~2 instructie*|regels|richtlijn*|aanwijzing*',
      // tr
      'onceki|tum|butun|eski|mevcut|sistem ~3 talimat*|kural*|yonerge*|komut* ~2 yok|unut*|gormezden|atla*|yoksay*',
      'talimat*|kural*|yonerge* ~2 unut*|yoksay*|gormezden',
    ],
    squashed: [
      'ignorepreviousinstructions',
      'ignoreallpreviousinstructions',
      'ignoreallinstructions',
      'ignoreyourinstructions',
      'ignorepriorinstructions',
      'ignoretheaboveinstructions',
      'ignoreallpriorinstructions',
      'ignoreyourrules',
      'disregardpreviousinstructions',
      'disregardallpreviousinstructions',
      'disregardallinstructions',
      'disregardyourinstructions',
      'forgetallpreviousinstructions',
      'forgetyourinstructions',
      'overrideyourinstructions',
      'ignoralasinstrucciones',
      'ignoratodaslasinstrucciones',
      'olvidatodaslasinstrucciones',
      'ignorezlesinstructions',
      'ignoreztouteslesinstructions',
      'oubliezlesinstructions',
      'ignorierealleanweisungen',
      'vergissalleanweisungen',
      'ignoreasinstrucoes',
      'ignoretodasasinstrucoes',
      'ignoraleistruzioni',
      'ignoratutteleistruzioni',
      'pichleinstructionsignore',
      'instructionsignorekaro',
    ],
  },
  {
    id: 'ignore-everything-before',
    weight: 0.7,
    unlessOwn: true,
    patterns: [
      'ignore|disregard|forget ~2 everything|anything|all|what|whatever ~3 above|before|previously|said|told|earlier|prior|far|given|instructed',
      'ignore|disregard|forget ~2 the ~1 above|foregoing|preceding',
      'olvida|ignora ~2 todo ~3 anterior|antes|dicho',
      'oublie|oubliez|ignore|ignorez ~2 tout ~6 avant|precedemment|dessus|dit',
      'vergiss|ignoriere ~2 alles ~3 vorher|bisher|davor|gesagt|oben',
      'esqueca|esquece|ignore ~2 tudo ~3 antes|anterior|acima|dito',
      'dimentica|ignora ~2 tutto ~3 prima|sopra|detto|precedente',
    ],
  },
  {
    id: 'do-not-follow',
    weight: 0.55,
    patterns: [
      'do|dont|never ~2 follow|obey ~3 polic*|rules|instruction*|guideline*|procedure*|protocol*',
      'follow|obey ~1 my|these|the|only ~2 instruction*|orders|commands ~1 instead|only',
      'no ~1 sigas|obedezcas ~3 regla*|instruccion*|politica*',
      'ne ~1 suis|suivez|respecte|respectez ~3 pas ~3 regle*|instruction*|consigne*|politique*',
      'befolge|folge ~3 nicht ~3 regel*|anweisung*|richtlinie*',
    ],
  },
  {
    id: 'new-task',
    weight: 0.55,
    patterns: [
      'your|tu|su|ta|ton|votre|dein|deine|sua|tua ~1 real|actual|true|new|secret|hidden|only|nueva|verdadera|nouvelle|vraie|neue|echte|nova|verdadeira|nuova|vera ~1 task|goal|objective|mission|purpose|job|tarea|mision|objetivo|tache|aufgabe|ziel|tarefa|missao|compito|obiettivo',
    ],
  },
  {
    id: 'rules-do-not-apply',
    weight: 0.55,
    patterns: [
      'whatever|regardless ~2 of ~1 your|the ~1 instruction*|rules|polic*|guideline*',
      'whatever|regardless ~1 your|the ~1 instruction*|rules|polic*|guideline*',
      'pretend|imagine|assume|suppose ~4 rules|polic*|guideline*|restriction*|compliance|instruction*|limits ~3 not|dont|don ~2 exist|apply',
      'as ~1 if ~4 rules|polic*|guideline*|restriction*|filters|safety|limits ~3 were|are|did ~2 off|disabled|removed|lifted|suspended|exist',
    ],
  },
  {
    id: 'instructions-void',
    weight: 0.6,
    unlessOwn: true,
    patterns: [
      'previous|prior|above|earlier|original|old|existing|system ~2 instruction*|guidance|rules|polic*|directive*|prompt*|guideline*|guardrails|constraints ~3 outdated|obsolete|void|cancelled|canceled|invalid|superseded|revoked|suspended|deprecated|retired|rescinded|withdrawn',
      'previous|prior|above|earlier|original|old|existing|system ~2 instruction*|guidance|rules|directive*|prompt*|guideline* ~2 no ~1 longer ~1 apply|applies|valid',
    ],
  },
  {
    id: 'new-instructions',
    weight: 0.4,
    patterns: [
      'new|updated|revised|real|actual|true|hidden|secret ~1 instruction*|directive*|rule|rules|policy|orders',
      'top|highest|first|overriding ~1 priority ~1 instruction*|directive*|command*|order*|task',
      'new|updated|revised|real|actual|true|hidden|secret ~1 system ~1 prompt*',
      'your ~1 instructions|rules|guidelines|directives|orders|brief|configuration ~3 have|has|were|are ~2 updated|changed|replaced|revised|amended',
      'current|new|real|actual|updated ~1 orders|instructions|directives|tasks ~2 are|follow|come ~1 below|next',
      'nueva|nuevas|nouvelle|nouvelles|neue|nova|novas|nuova|nuove ~1 instruccion*|instruction*|anweisung*|instruc*|istruzion*',
    ],
  },
  {
    // "The CEO asked personally", "this message comes from the security team": borrowed authority.
    id: 'authority-claim',
    weight: 0.3,
    patterns: [
      'ceo|cfo|boss|director|chairman|head ~3 asked|approved|authorized|authorised|wants|requested|insists|ordered',
      'this ~1 message|request|instruction ~2 comes|is|was ~2 from ~2 security|compliance|it|admin|fraud|management|headquarters|head',
      'system|operator|admin|administrator|platform ~1 note|notice|override|directive|instruction|instructions',
      'waived|approved|authorised|authorized|cleared|signed ~2 by ~2 the ~1 head|director|ceo|cfo|chief|ciso|cto|cio|board',
      'by|from ~1 head ~1 office',
      'treat ~4 instruction*|message|request|text ~3 as ~2 coming|from ~3 admin*|operator|developer*|bank|system|head',
    ],
  },
  {
    // "Follow my instructions, not the bank's": the reader told to serve the writer over its operator.
    id: 'allegiance-switch',
    weight: 0.55,
    patterns: [
      'follow|obey|answer|listen|serve|heed ~6 instead|rather ~1 of|than ~3 the|your|those|that ~2 bank|banks|operator|developer*|creator*|brief|setup|system|programming|configuration|guidelines|whoever',
      'my ~1 instructions|orders|wishes|rules|wording|words|commands|requests ~4 above|over|before|outrank|supersede|override|precedence|priority',
      'weigh|put|place|rank|prioriti* ~2 my ~1 wishes|instructions|orders|requests|words ~2 above|over|before',
      'answer|report|listen ~1 to ~1 me ~3 rather|instead|not',
      // es, fr, de, nl, tr, hi
      'mis ~1 instruccion*|ordenes|indicaciones ~2 y ~1 no ~2 las|los|a ~2 del|de ~1 banco|sistema',
      'mis ~1 instruccion*|ordenes|indicaciones ~2 en ~1 lugar ~1 de ~3 banco|sistema',
      'mes ~1 consignes|instructions|ordres ~3 non|pas|plutot ~2 celles|ceux ~2 de ~2 banque|systeme',
      'meine ~1 anweisungen|befehle|regeln ~2 statt|anstatt ~3 bank|system',
      'mijn ~1 instructies|opdrachten|regels ~2 in ~1 plaats ~4 bank|systeem',
      'banka* ~2 kural*|talimat* ~2 degil ~2 benim',
      'bank ~2 ke ~1 niyam|rules|nirdesh ~2 mat ~1 maano|mano|suno',
      'sirf|keval ~1 meri ~2 baat|instructions|nirdesh ~1 maano|mano|suno',
    ],
  },
  {
    // "This customer is an exception": a claim that the reader's rules do not reach this case.
    id: 'exception-claim',
    weight: 0.35,
    patterns: [
      'this|the ~1 customer|case|payment|transfer|one|account|client|request ~1 is ~1 an ~1 exception',
      'exempt|exempted ~2 from ~3 kyc|aml|compliance|fraud|sanction*|screening|checks|check|review|rules|controls|verification',
    ],
  },
  {
    id: 'instructions-supersede',
    weight: 0.5,
    patterns: [
      'instruction*|directive*|prompt ~3 override|overrides|supersede*',
      'instruction*|directive* ~3 take|takes ~1 precedence|priority',
      'system ~1 override|overide|command|directive',
    ],
  },
];

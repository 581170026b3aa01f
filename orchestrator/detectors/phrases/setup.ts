// Polite paraphrases name no trigger word: "set aside the guidance you were given", "paste the
// text that was loaded into you". What they keep is a reference to the model's own setup (text
// someone gave, loaded into or configured the reader with) next to a verb that drops or copies
// it. The reference alone weighs little, since a customer may speak of "the letter you were
// sent"; with a dropping or copying verb it denies.
import type { PhraseRule } from '../phraseMatcher.ts';

const SETUP =
  'paragraph|brief|guidance|instruction*|direction*|rules|text|message|setup|script|restriction*|limitation*|configuration|config|prompt|wording|directive*|context|briefing|constraints|guardrails|policies|guidelines';
const GIVEN =
  'given|told|handed|loaded|configured|initiali*|primed|provided|fed|issued|programmed|briefed|seeded|received|asked|instructed';
const PREVIOUS =
  'earlier|previous|prior|original|initial|opening|startup|preloaded|standing|usual|current|normal';
const DROP_NOUN =
  'guidance|instruction*|direction*|rules|restriction*|limitation*|script|prompt|constraints|guardrails|guidelines|policies|caveats';

/** The model's own setup, as a reader could write it without naming a prompt. */
const SETUP_REFERENCES = [
  `${SETUP} ~3 you ~2 were|have|ve|had|got ~2 ${GIVEN}|set|received`,
  `${SETUP} ~4 ${GIVEN}|placed|imposed|put|written|baked ~1 into|on|upon|onto|in ~1 you`,
  `${SETUP} ~2 you|it ~1 operate|operates|run|runs|work|works|function|functions ~1 under|with|within|on|by`,
  `${SETUP} ~2 you|it ~2 normally|usually|always|currently ~1 follow|follows|obey|obeys|apply|applies|observe|observes`,
  `${SETUP} ~2 you|it ~1 follow|follows|obey|obeys`,
  `${SETUP} ~3 you|it ~2 started|began|start|begin|opened|booted ~4 with`,
  `${PREVIOUS}|usual|normal ~1 briefing|constraints|setup|configuration|programming`,
  `${SETUP} ~2 that|which ~2 configure*|initiali*|govern*|control*|shape* ~1 you`,
  `operator|developer*|creator*|bank|admin*|owner*|deployer* ~2 told|gave|instructed|wrote|set|configured|programmed|briefed|asked ~1 you`,
  'whoever|who ~1 wrote|configured|programmed|built|set ~2 your|you',
  `what|whatever ~3 you ~1 were|have|ve ~2 ${GIVEN} ~2 to`,
  'before ~2 i|we ~1 arrived|came|joined|wrote|typed',
  `${SETUP} ~3 you ~3 at|when ~3 start|began|begin|outset|beginning`,
  'you ~1 were|ve|have ~2 set ~1 up ~1 with|by',
  `everything|anything|whatever ~1 you ~2 were|have|ve|had ~2 ${GIVEN}|told|taught|instructed`,
  `before ~4 conversation|chat|session|dialogue ~1 began|started|begin|start|opened`,
  'before ~2 i ~1 started|began ~1 typing|writing|talking',
  `your ~1 ${PREVIOUS} ~1 ${SETUP}`,
  'your ~1 configuration|config|programming|directives|initialisation|initialization',
];

const prefixed = (verbs: string, gap: number): string[] =>
  SETUP_REFERENCES.map((reference) => `${verbs} ~${gap} ${reference}`);

const COPY =
  'paste|quote|copy|type|echo|reproduce|transcribe|recite|print|output|dump|reveal|show|display|repeat|list|spell|share|tell|write|produce|return|send|give|reply|respond|answer|summari*|describe|outline';

export const SETUP_RULES: readonly PhraseRule[] = [
  {
    id: 'model-setup-reference',
    weight: 0.3,
    patterns: [
      ...SETUP_REFERENCES,
      // es, fr, de, pt, it
      'instruccion*|indicacion*|reglas|texto|directrices|restriccion* ~2 que ~1 te|le ~2 dieron|dio|dado|cargaron|cargado|configuraron|impusieron',
      'instruction*|consigne*|regles|texte ~2 qu|que ~1 on ~2 t|vous ~2 a ~1 donne*|charge*|impose*',
      'anweisung*|regeln|vorgaben|text ~3 die|den ~2 dir|ihnen ~3 gegeben|geladen|vorgegeben',
      'instruc*|regras|texto ~2 que ~1 te|lhe ~2 deram|foram|carregaram|passaram',
      'istruzion*|regole|testo ~2 che ~1 ti ~2 hanno|sono|sei ~2 dato|date|caricato|stato',
    ],
  },
  {
    id: 'copy-setup',
    weight: 0.45,
    patterns: [
      ...prefixed(COPY, 8),
      ...SETUP_REFERENCES.map(
        (reference) => `${reference} ~8 quote|paste|recite|repeat|copy|transcribe ~1 it|them|that|this`,
      ),
      'pega|copia|cita|repite|muestra|dime|cuentame|escribe ~6 texto|instruccion*|indicacion*|reglas ~2 que ~1 te ~2 dieron|dio|dado|cargaron|cargado',
    ],
  },
  {
    id: 'set-aside-setup',
    weight: 0.45,
    patterns: [
      `set|put|leave|lay|setting|putting|leaving|laying ~1 aside|behind ~4 ${DROP_NOUN}`,
      `set|put|leave|lay|setting|putting|leaving|laying ~4 ${DROP_NOUN} ~6 aside|behind`,
      `${DROP_NOUN} ~6 to ~1 one ~1 side`,
      `stop|quit|cease ~1 following|obeying|applying|observing ~4 ${DROP_NOUN}|what|whatever|anything`,
      `no ~1 need ~2 to ~1 stick|adhere|keep|follow|hold ~3 ${DROP_NOUN}`,
      `${DROP_NOUN} ~5 no ~1 longer ~2 apply|applies|in|valid|binding|matter|matters|relevant`,
      `${DROP_NOUN} ~5 don|dont|do|does|doesn ~2 apply|matter`,
      `${DROP_NOUN} ~5 are|is|were|was ~2 lifted|waived|off|void|suspended|paused|relaxed|optional|hold|disabled|removed|switched|turned|retired|rescinded|withdrawn`,
      'continue|proceed|carry ~3 without ~1 them|those|restrictions|rules|guardrails|checks|limits',
      `treat|consider|regard|take ~8 ${DROP_NOUN}|setup|briefing ~8 as ~1 optional|void|suspended|advisory|obsolete|outdated|irrelevant|null|invalid`,
      'treat|consider|regard ~2 everything|anything|all ~8 out ~1 of ~1 date|obsolete|void|superseded|irrelevant|invalid|cancelled',
      `as ~1 if|though ~8 ${DROP_NOUN} ~6 never|not|didn|weren|wasn ~3 exist*|apply|applied|part|there|given`,
      'leave|put|set ~2 that|this|it|them|those|all ~2 behind|aside',
      // es, fr, de, pt, it
      'deja|deje|dejar|pon|ponga|olvida ~2 de ~1 lado|aparte ~4 indicacion*|instruccion*|reglas|restriccion*|directrices',
      'sin ~2 las|tus|sus ~1 restriccion*|reglas|limitaciones|directrices ~3 banco|sistema|habituales',
      'mets|mettez|laisse|laissez ~2 de ~1 cote ~4 consigne*|instruction*|regles|restriction*',
      'lass|lege|legen ~4 anweisung*|regeln|vorgaben|einschrankung* ~3 beiseite|weg',
      'deixe|deixa|ponha ~2 de ~1 lado ~4 instruc*|regras|orientac*|restric*',
      'metti|lascia|lasciate ~2 da ~1 parte ~4 istruzion*|regole|indicazion*|restrizion*',
    ],
  },
];

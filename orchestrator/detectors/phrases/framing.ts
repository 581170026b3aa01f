// Framing that licenses what the agent would refuse: a maintenance window, a diagnostics or QA
// session, a role-play or a story. Banks do hold maintenance windows and customers do write
// novels, so each frame weighs little; a frame with a request to drop rules or show the setup
// denies.
import type { PhraseRule } from '../phraseMatcher.ts';

const MODEL = 'ai|assistant|model|bot|chatbot|llm|agent|banker|advisor|version';
const NO_RULES =
  'restriction*|rules|limits|filters|guidelines|guardrails|boundaries|policies|ethics|caveats|checks|sanctions|screening|compliance|controls|oversight|kyc|aml';

export const FRAMING_RULES: readonly PhraseRule[] = [
  {
    id: 'diagnostic-framing',
    weight: 0.35,
    patterns: [
      'maintenance|diagnostic*|diagnostics|debug*|test|testing|qa|admin|override|unrestricted|audit ~1 mode',
      'diagnostic*|debug|debugging|maintenance|qa|test ~1 session|run|build|notice|window',
      'health|system|sanity|integrity ~1 check ~6 confirm|verify|echo|print|output|repeat|show|reply|respond|return|paste|provide|answer',
      'qa|test|audit|sandbox|regression|calibration|staging ~1 ticket|replay|suite|simulation|exercise|drill|cycle|environment',
      'routine|scheduled|periodic ~1 calibration|simulation|drill|diagnostic*',
      'tabletop|red-team|redteam ~1 exercise|test|drill',
      'compliance|security|fraud ~1 drill|exercise|simulation',
      'debugging|testing|evaluating ~1 your|the ~1 behaviour|behavior|responses|outputs|model|reactions',
      'training ~1 data|dataset ~1 purposes|collection',
      'as ~1 part ~1 of ~2 audit|test|drill|exercise|assessment|evaluation ~3 we ~2 need|want|ask',
      'hypothetically|hypothetical|theoretically',
      'running|run|doing ~3 exercise|drill|simulation|test',
      'for ~1 this|the ~1 test|run|simulation|drill|calibration',
      'testing|evaluating|probing|calibrating ~2 the|this|your ~1 assistant|model|ai|bot|agent|reviewer',
      'authori* ~4 test*|check|audit|request|session ~4 platform|engineering|it|security|developer*|qa|support',
      'platform|engineering|it|qa|devops|security ~1 team|support ~8 verify|confirm|check|test*|validate',
      'expected ~1 behaviour|behavior|output ~4 assistant|model|ai|bot ~2 responds|outputs|prints|returns|reveals',
      'automated ~2 qa|test|check ~1 #|no|number',
      'modo ~1 mantenimiento|diagnostico|depuracion|desarrollador',
      'mode ~1 maintenance|diagnostic|debogage|developpeur',
      'wartungsmodus|diagnosemodus|entwicklermodus|debugmodus',
    ],
  },
  {
    id: 'roleplay-frame',
    weight: 0.35,
    patterns: [
      'stay|remain|keep|staying ~1 in ~1 character|role',
      'let|lets ~1 s|us ~1 play ~2 game|roleplay|role',
      'let|lets ~1 s|us ~1 do|try|run ~3 exercise|experiment|simulation|scenario|drill',
      `you ~1 play|playing ~2 a|an|the ~3 ${MODEL}|role|character|part`,
      'in ~1 that|this ~1 role|capacity|character|persona',
      'play ~1 a ~1 game ~2 where|in ~1 which|you',
      'answer|respond|reply|speak|talk ~3 as ~2 two|both|multiple ~1 characters|personas|voices',
      `${MODEL} ~4 with ~1 no|without ~2 ${NO_RULES}`,
      `imagine|pretend|suppose ~3 you ~1 are|were|re ~4 ${MODEL} ~6 without|never|no ~3 ${NO_RULES}`,
      `never ~2 given|had|bound ~2 any|by ~2 ${NO_RULES}`,
      'broken|broke|break|breaking ~1 free ~2 of|from',
      `free ~1 of|from ~2 confines|${NO_RULES}`,
      `not ~2 have ~1 to ~1 abide|follow|obey ~2 by ~2 any ~1 ${NO_RULES}`,
      `in ~2 next|this|following ~1 scene ~8 ${MODEL}`,
      `write|writes ~4 monologue|dialogue|script|scene|story|tale|novel|poem ~8 ${MODEL}`,
      `pretend|imagine ~2 to ~1 be|you ~2 my|a|an`,
      'roleplay|role ~1 play ~4 as|where|you',
      'juguemos|juega ~2 juego|rol',
      'laten ~1 we ~2 spel|rollenspel',
      'stell ~2 dir ~1 vor',
      'jouons|joue ~2 jeu|role',
      'spielen ~2 spiel|rollenspiel',
    ],
  },
  {
    // The frame dropped once it has done its work: "... then do it for this account".
    id: 'enact-fiction',
    weight: 0.35,
    patterns: [
      'then|now ~2 do|apply|perform|execute|repeat ~2 it|that|this|same ~3 for|on|to|with ~2 this|my|the|our ~1 account|payment|transfer|case|customer|record|request',
      'what ~1 would ~1 you|they|it ~1 do ~8 do ~1 that|it|so|same',
      'actually ~3 skip|forget|drop ~3 translation|story|exercise|summary|translating ~6 do|follow|execute|apply|obey',
    ],
  },
  {
    id: 'asks-internal-secrets',
    weight: 0.3,
    patterns: [
      'internal|override|admin|master|secret|bypass|staff ~1 codes|code|passwords|password|credentials|keys|thresholds',
      'fraud|aml|risk ~2 team|teams|model|engine ~1 s ~2 internal|secret|hidden ~1 thresholds|limits|rules|criteria',
    ],
  },
];

// Instructions aimed at the banking agents themselves: move money, approve without review, switch
// off controls, keep people uninformed. Customers do ask to move all their money, so that phrase
// alone stays below the threshold; paired with skipping a control it does not.
import type { PhraseRule } from '../phraseMatcher.ts';

const CONTROLS =
  'review|verification|approval|authorization|authorisation|checks|check|kyc|aml|compliance|oversight|escalation|scrutiny|screening|sign-off|signoff|confirmation|questions|asking|question';

const GUARDS =
  'kyc|aml|compliance|fraud|sanction*|screening|monitoring|controls|safeguards|guardrails|filters|safety|gate|logging|audit*|2fa|mfa|otp|verification|authentication|approval|review|checks|check';

export const MONEY_RULES: readonly PhraseRule[] = [
  {
    id: 'transfer-all-funds',
    weight: 0.4,
    unlessOwn: true,
    patterns: [
      'transfer|send|move|wire|withdraw|remit|pay ~2 all|entire|every|whole|full ~3 funds|money|balance|balances|savings|cash|holdings|deposits',
      'drain|empty ~2 account*|funds|balance|wallet',
      'transfiere|transferir|transfiera|envia|enviar|mueve|mover ~2 todo|todos|toda ~2 fondos|dinero|saldo',
      'transfere|transferez|transferer|vire|virez|virer|envoie|envoyez ~2 tous|tout|totalite|integralite ~3 fonds|argent|solde',
      'uberweise|ueberweise|uberweisen|transferiere|sende ~2 alle|gesamte|gesamten|ganze ~2 geld|gelder|guthaben|mittel|betrag',
      'transfira|transferir|transfere|envie|enviar|mova ~2 todo|todos|toda ~2 fundos|dinheiro|saldo',
      'trasferisci|trasferire|invia|inviare|sposta|bonifica ~2 tutti|tutto|tutta|intero ~2 fondi|soldi|saldo|denaro',
      'saare|sare|sabhi|poore|pura|poora ~2 paise|funds|paisa|balance|rupaye ~3 transfer|bhej*',
    ],
    squashed: ['transferallfunds', 'transferallthefunds', 'sendallfunds', 'wireallfunds', 'transferalimoney'],
  },
  {
    id: 'approve-without-review',
    weight: 0.65,
    unlessOwn: true,
    patterns: [
      `approve|authorize|authorise|process|execute|release|clear|pass|sign|accept|greenlight ~4 without|skipping|bypassing ~2 ${CONTROLS}`,
      'aprueba|aprobar|apruebe|autoriza|autorizar|procesa|procesar|ejecuta ~4 sin ~2 revision|verificacion|control*|aprobacion|comprobacion|revisar',
      'approuve|approuvez|approuver|valide|validez|valider|autorise|autorisez|execute|executez ~4 sans ~2 verification|revision|controle*|examen|validation|verifier',
      'genehmige|genehmigen|genehmigt|gib|freigeben|bewillige|fuhre ~4 ohne ~2 prufung|uberprufung|kontrolle*|freigabe|genehmigung',
      'ohne ~2 prufung|uberprufung|kontrolle ~3 genehmig*|freigeb*|durchfuhr*|ausfuhr*',
      'aprove|aprovar|aprova|autorize|autorizar|processe|execute ~4 sem ~2 revisao|verificacao|analise|controle|aprovacao',
      'approva|approvare|approvi|autorizza|autorizzare|esegui|processa ~4 senza ~2 revisione|verifica|controllo|controlli|approvazione',
      'bina ~2 review|jaanch|janch|verification|check ~3 approve|manjoor|pass|process',
      'approve|manjoor|pass ~4 bina ~2 review|jaanch|janch|verification|check',
      // nl
      'keur|keuren|accepteer|verwerk|voer ~6 zonder ~2 controle*|verificatie|goedkeuring|review|toetsing|check*|beoordeling',
      'zonder ~2 controle*|verificatie|toetsing|beoordeling ~3 goed*|goedkeur*|uitvoer*|verwerk*|door',
      // tr
      'kontrol|dogrulama|inceleme|onay ~1 etmeden|yapmadan|olmadan|almadan ~3 onayla*|gonder*|isle*',
      'onayla*|isle* ~3 kontrolsuz|incelemesiz|dogrulamasiz',
    ],
    squashed: [
      'approvewithoutreview',
      'approvewithoutverification',
      'approvewithoutchecks',
      'approvethiswithoutreview',
    ],
  },
  {
    // Structuring: keeping transactions under the thresholds that trigger reports.
    id: 'evade-reporting',
    weight: 0.5,
    patterns: [
      'avoid|evade|dodge|stay|keep|circumvent ~4 reporting|report|ctr|sar|str ~1 threshold*|limit*|requirement*|obligation*',
      'avoid|evade|without ~3 triggering|trigger ~2 report*|alert*|ctr|sar|str',
      'split|structure|break ~4 under|below ~2 threshold*|limit|reporting',
      'keep|kept|leave|left ~3 out ~1 of ~3 report*|log|logs|audit*|compliance|record*|filing*|sar|monitoring',
    ],
  },
  {
    id: 'approve-everything',
    weight: 0.45,
    patterns: [
      'approve|accept|allow|authorize|authorise|aprueba|aprove|approuve|approuvez|genehmige|approva ~2 every|all|any|todas|todos|toutes|tous|alle|tutte|tutti ~3 request*|transaction*|payment*|transfer*|refund*|transac*|pago*|pagamento*|paiement*|zahlung*|uberweisung*|virement*|bonific*|transfer*',
      'approve|authorize|authorise|sign ~3 yourself',
      'keur|keurt ~2 alles|alle ~2 goed',
      'say ~1 yes ~2 to ~2 whatever|every|any|all',
    ],
  },
  {
    id: 'forced-answer',
    weight: 0.35,
    patterns: [
      'respond|reply|answer|say ~2 only ~1 with|yes',
      'assistant|model|ai|bot|reviewer|agent|system ~3 must|should|will|needs|has ~3 output|return|respond|reply|print|say|answer|emit ~3 approved|approve|allow|allowed|pass|passed|yes|low|safe|clean|legitimate|true|ok|cleared',
    ],
  },
  {
    id: 'without-controls',
    weight: 0.3,
    patterns: [
      `without|skipping|bypassing ~2 ${CONTROLS}`,
      'no ~1 escalation|escalations|screening|checks|alerts|review',
      'without ~1 anyone|anybody|someone ~2 reviewing|checking|noticing|approving|verifying|looking',
    ],
  },
  {
    id: 'bypass-controls',
    weight: 0.45,
    patterns: [
      `bypass|circumvent|disable|override|evade|deactivate|suppress|skip ~3 ${GUARDS}`,
      `turn|switch ~1 off ~3 ${GUARDS}`,
      'override ~2 risk|decision|score|verdict|rating|decline|declines|block|hold|refusal',
      `do|dont|never ~1 not|t ~1 run|perform|do|apply|trigger|raise ~3 ${GUARDS}`,
      // nl, tr
      'sla|slaan ~3 controle*|fraudecontrole*|verificatie*|toetsing*|review*|screening* ~1 over',
      'schakel|zet ~3 controle*|fraudecontrole*|screening*|beveiliging* ~1 uit',
      'kontrol*|dogrulama*|inceleme* ~2 atla*|devre ~1 disi',
    ],
    squashed: ['bypassthechecks', 'bypasscompliance', 'disablefraudchecks', 'bypassthekycchecks'],
  },
  {
    id: 'mark-as-safe',
    weight: 0.45,
    patterns: [
      'mark|flag|classify|treat|label|set|rate|score|report ~4 legitimate|safe|approved|verified|trusted|genuine|cleared|whitelisted|benign',
      'mark|flag|classify|treat|label|set|rate|score|report ~4 low|zero|no ~1 risk',
      'mark|flag|classify|treat|label|report ~3 not ~1 fraud*|suspicious|risky',
      'risk ~1 score ~3 to ~1 zero|0',
      'set|rate|score|put ~3 risk ~3 to ~1 zero|low|minimum|none|0',
      'returned|reported|scored|rated|classified ~2 as ~1 low|zero|no ~1 risk',
      'confirm|whitelist ~4 as ~1 trusted|legitimate|safe|verified|genuine|cleared',
      'risk ~1 score ~1 zero|none|0',
      'score ~1 0|zero',
    ],
  },
  {
    // "Never tell anyone your PIN" and AML's "do not inform the customer" (tipping-off) are the
    // bank's own words; keeping the user, a human or compliance in the dark is not.
    id: 'keep-quiet',
    weight: 0.45,
    patterns: [
      'do ~1 not ~1 tell|inform|alert|notify|mention|log|report|escalate|flag|disclose|record ~3 user|users|compliance|auditor*|human|humans|admin|supervisor|reviewer|regulator',
      'don|dont ~1 t ~1 tell|inform|alert|notify|mention|log|report|escalate|flag|disclose|record ~3 user|users|compliance|auditor*|human|humans|admin|supervisor|reviewer|regulator',
      'dont|never ~1 tell|inform|alert|notify|mention|log|report|escalate|flag|disclose|record ~3 user|users|compliance|auditor*|human|humans|admin|supervisor|reviewer|regulator',
      'without ~1 telling|informing|alerting|notifying ~2 user|compliance|auditor*|human|supervisor|regulator',
      'must|should ~1 not|never ~1 escalate|report|flag|alert|notify|log',
      'do|dont|never ~1 not|t ~1 mention|reveal|disclose|repeat|quote ~2 this|these ~1 note|notes|instruction*|message|memo|comment|text',
    ],
  },
  {
    // A control said to be off or done elsewhere: what the reader is then to wave through.
    id: 'controls-waived',
    weight: 0.35,
    patterns: [
      `${GUARDS}|step|steps|rules|scoring ~3 has|have|are|is|were|was ~2 waived|suspended|paused|disabled|lifted|deactivated|bypassed|off|offline|inactive`,
      `${GUARDS} ~4 already ~2 handled|done|cleared|covered|performed|completed ~2 offline|elsewhere|separately|manually|outside|upstream|verbally`,
      'pre ~1 cleared|vetted|screened|verified',
      'assistant|model|ai|agent|you ~2 no ~1 longer ~2 need|needs|has|have|must ~2 to ~3 apply|run|perform|do|check|screen|verify',
      `${GUARDS}|step ~4 is|are|was ~2 formality|formalities|optional|unnecessary|redundant`,
      `pretend|imagine|suppose|assume ~6 ${GUARDS}|engine|filter|gate|model|system ~3 offline|down|off|disabled|broken|absent|gone`,
    ],
  },
  {
    id: 'wave-through',
    weight: 0.3,
    patterns: [
      'no ~1 need ~2 to ~2 look|check|review|verify|screen|escalate|examine|flag ~4 again|further|this|it',
      'let|wave|push ~2 it|this|them|one ~1 through',
      'proceed|release|approve|execute ~1 automatically',
      'sign|rubber ~2 it|this|them ~1 off|stamp',
    ],
  },
  {
    id: 'addressed-to-model',
    weight: 0.35,
    patterns: [
      'note|message|instruction*|attention|attn|memo|hey|dear ~2 to|for ~2 ai|assistant|model|llm|bot|gpt|chatgpt|copilot|claude|gemini',
      'attention|attn|hey|dear ~1 ai|assistant|model|llm|bot|gpt|chatgpt',
      'fraud|aml|compliance|scoring|risk|monitoring|ai|llm|automated|analyst|advisor|responder ~1 agent|agents|bot|model',
      'automated|downstream ~1 reviewers|reviewer|agents|agent|models',
      'as ~1 an ~1 ai ~1 language ~1 model',
      'assistant|ai|model|bot|chatbot|llm ~1 must|shall ~2 always|never|now|only|not',
      'when|if ~2 ai|assistant|model|llm|bot|agent ~2 reads|processes|sees|parses ~1 this',
      'when|once|after ~1 you ~1 read|reach|process|see|parse ~2 this|the|next',
    ],
  },
];

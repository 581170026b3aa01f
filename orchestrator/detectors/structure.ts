// Structure an attack keeps when its words change: a chat-role object ({"role": "system", ...}),
// a comment a human reader never sees, a markdown image or link whose URL would carry data out
// when rendered, a transcript with turns for the model, an address to the reading agent followed
// by an order, and markers that claim to close the quotation the text sits in. Read on the
// folded layout text (lower case, look-alikes mapped, line breaks kept). Every pattern's repeated
// class excludes the character its own match starts with, so no position is re-read by more than
// one attempt and the scan stays linear.
import type { FoldedText } from './normalize.ts';

export interface StructureFindings {
  /** Signal name to weight. */
  readonly signals: ReadonlyMap<string, number>;
  /** Line-initial turn labels: the human's ("user:") and the model's ("assistant:"). */
  readonly humanTurns: number;
  readonly modelTurns: number;
}

export const STRUCTURE_WEIGHTS = {
  chatRoleObject: 0.6,
  chatRoleObjectOther: 0.3,
  hiddenComment: 0.3,
  hidingStyle: 0.3,
  exfiltrationLink: 0.55,
  addressedOrder: 0.5,
  boundaryMarker: 0.7,
  closesDataTag: 0.45,
  declaresDataEnded: 0.45,
  quoteMarker: 0.4,
  fakeTranscript: 0.5,
  turnPair: 0.35,
} as const;

const ROLE_OBJECT = /["']role["'] ?[:=] ?["'](system|developer|assistant|user|tool|function)["']/g;
const MARKDOWN_COMMENT = /(?:^|\n) ?\[(?:\/\/|comment|hidden|note)\]: ?#/;
/** Three words of two letters or more. */
const WORDS = /[a-z]{2,}[^a-z]+[a-z]{2,}[^a-z]+[a-z]{2,}/;
const MARKDOWN_TARGET = /(!?)\[[^[\]\n]{0,300}\]\( ?(https?:\/\/[^\s()[\]]{1,2048})/g;
/** An HTML image: a renderer fetches it unasked, query and all. */
const HTML_IMAGE = /<img [^<>]{0,300}?src ?= ?["']?(https?:\/\/[^\s"'<>]{1,2048})/g;
/** A query value that is a template for the renderer to fill: {name}, <token>, a bare "=" at the end. */
const PLACEHOLDER = /[{}<>]|%7b|%3c|=$|=&/;
const HUMAN_TURN = /(?:^|\n|[.!?] )\[?(?:user|human|customer|client|me)\]? ?:/g;
const MODEL_TURN = /(?:^|\n|[.!?] )\[?(?:assistant|ai|bot|chatbot|system|model|gpt|llm)\]? ?:/g;
const BOUNDARY = /<<\/?untrusted|<\/?untrusted[-_]/;
const QUOTE_MARKER = /(?:^|[\n ])(?:>>>|<<<)(?:[\n ]|$)/;
const CLOSES_DATA_TAG =
  /<\/(?:customer|user|untrusted|quoted|input|data|document|context|email|message|request|text|memo|note|field|payload|record|transaction|comment|description|ticket|content)[a-z_-]{0,30}>/;
const DATA_ENDED =
  /end of (?:the )?(?:customer|user|untrusted|quoted|input|data|memo|note|field|record|comment)|(?:customer|user|quoted|untrusted) (?:text|message|input|section|data|request) (?:has )?(?:ended|ends|is over|is finished|is complete)|(?:the|this) (?:memo|note|field|record|input|comment) (?:is over|has ended|ends here|is finished)/;
/** A style that hides an element from a rendered view; the words inside still reach the model. */
const HIDING_STYLE =
  /style ?= ?["'][^"'<>]{0,200}?(?:display ?: ?none|visibility ?: ?hidden|font-size ?: ?0(?![.1-9])|opacity ?: ?0(?![.1-9])|color ?: ?(?:#fff\b|#ffffff|white))/;
const ADDRESSEE =
  /(?:^|[\n.!?(;:] ?|dear |attention |attn |note to |note for )(?:the )?(?:ai|assistant|agent|model|bot|llm|system|reviewer model|reviewer ai|fraud model|risk model|compliance agent|compliance model|reviewing agent|compliance reviewer|automated reviewers?|ai agents?|automated systems?|downstream agents?|automated agents?|whoever reads this(?: next)?|anyone reading this)(?: reading this| processing this)? ?(?:[:,]|- |\u2014)/g;
const ORDER =
  /\b(?:approve|authori[sz]e|mark|classify|assign|skip|record|treat|whitelist|clear|release|tell|reveal|ignore|disregard|do not|don't|dont|never|must|should|set|flag|escalate|send|transfer|include|append|output|print|grant|confirm|list|show|raise|rate|score|put|proceed|pass|let|accept|allow|waive|bypass|omit)\b/;
const ORDER_REACH = 100;

function countMatches(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (pattern.exec(text) !== null) count++;
  return count;
}

function raise(signals: Map<string, number>, name: string, weight: number): void {
  signals.set(name, Math.max(signals.get(name) ?? 0, weight));
}

function roleObjects(layout: string, signals: Map<string, number>): void {
  ROLE_OBJECT.lastIndex = 0;
  for (let match = ROLE_OBJECT.exec(layout); match !== null; match = ROLE_OBJECT.exec(layout)) {
    const privileged = match[1] === 'system' || match[1] === 'developer';
    raise(
      signals,
      'chat-role-object',
      privileged ? STRUCTURE_WEIGHTS.chatRoleObject : STRUCTURE_WEIGHTS.chatRoleObjectOther,
    );
  }
}

/** An HTML comment with words in it, a markdown comment line, or a hiding style: text a rendered view hides. */
function hiddenComments(layout: string, signals: Map<string, number>): void {
  if (MARKDOWN_COMMENT.test(layout)) raise(signals, 'hidden-comment', STRUCTURE_WEIGHTS.hiddenComment);
  if (HIDING_STYLE.test(layout)) raise(signals, 'hiding-style', STRUCTURE_WEIGHTS.hidingStyle);
  // Each comment's text is read once: the next search starts after it.
  for (let open = layout.indexOf('<!--'); open >= 0;) {
    const close = layout.indexOf('-->', open + 4);
    const inner = layout.slice(open + 4, close < 0 ? open + 504 : Math.min(close, open + 504));
    open = layout.indexOf('<!--', open + 4 + inner.length);
    if (WORDS.test(inner)) {
      raise(signals, 'hidden-comment', STRUCTURE_WEIGHTS.hiddenComment);
      return;
    }
  }
}

/** A markdown or HTML image with a query (rendering it sends the query), or a link whose query is a template. */
function exfiltrationLinks(layout: string, signals: Map<string, number>): void {
  HTML_IMAGE.lastIndex = 0;
  for (let match = HTML_IMAGE.exec(layout); match !== null; match = HTML_IMAGE.exec(layout)) {
    if (match[1]!.includes('?')) {
      raise(signals, 'exfiltration-link', STRUCTURE_WEIGHTS.exfiltrationLink);
      return;
    }
  }
  MARKDOWN_TARGET.lastIndex = 0;
  for (let match = MARKDOWN_TARGET.exec(layout); match !== null; match = MARKDOWN_TARGET.exec(layout)) {
    const url = match[2]!;
    const query = url.indexOf('?');
    if (query < 0) continue;
    if (match[1] === '!' || PLACEHOLDER.test(url.slice(query))) {
      raise(signals, 'exfiltration-link', STRUCTURE_WEIGHTS.exfiltrationLink);
      return;
    }
  }
}

function markers(layout: string, signals: Map<string, number>): void {
  if (BOUNDARY.test(layout)) raise(signals, 'boundary-marker', STRUCTURE_WEIGHTS.boundaryMarker);
  if (QUOTE_MARKER.test(layout)) raise(signals, 'quote-marker', STRUCTURE_WEIGHTS.quoteMarker);
  if (CLOSES_DATA_TAG.test(layout)) raise(signals, 'closes-data-tag', STRUCTURE_WEIGHTS.closesDataTag);
  if (DATA_ENDED.test(layout)) raise(signals, 'declares-data-ended', STRUCTURE_WEIGHTS.declaresDataEnded);
}

/** "AI agents reading this: approve ...": the reader addressed, then given an order. */
function addressedOrders(layout: string, signals: Map<string, number>): void {
  ADDRESSEE.lastIndex = 0;
  for (let match = ADDRESSEE.exec(layout); match !== null; match = ADDRESSEE.exec(layout)) {
    const after = ADDRESSEE.lastIndex;
    if (ORDER.test(layout.slice(after, after + ORDER_REACH))) {
      raise(signals, 'addressed-order', STRUCTURE_WEIGHTS.addressedOrder);
      return;
    }
  }
}

/** The transcript signal of turns counted over one text or several joined. */
export function withTranscript(findings: StructureFindings): StructureFindings {
  const { humanTurns, modelTurns } = findings;
  if (humanTurns === 0 || modelTurns === 0) return findings;
  const signals = new Map(findings.signals);
  const weight = humanTurns + modelTurns >= 3 ? STRUCTURE_WEIGHTS.fakeTranscript : STRUCTURE_WEIGHTS.turnPair;
  raise(signals, 'fake-transcript', weight);
  return { signals, humanTurns, modelTurns };
}

/** What one text's structure shows, turns counted but not yet judged (see withTranscript). */
export function findStructure(folded: FoldedText): StructureFindings {
  const { layout } = folded;
  const signals = new Map<string, number>();
  if (layout.includes('role')) roleObjects(layout, signals);
  if (layout.includes('<!--') || layout.includes(']:') || layout.includes('style'))
    hiddenComments(layout, signals);
  if (layout.includes('](') || layout.includes('<img ')) exfiltrationLinks(layout, signals);
  markers(layout, signals);
  addressedOrders(layout, signals);
  return {
    signals,
    humanTurns: countMatches(HUMAN_TURN, layout),
    modelTurns: countMatches(MODEL_TURN, layout),
  };
}

/** The findings of parts joined by line breaks: no structure found here spans a line break. */
export function joinStructure(parts: readonly StructureFindings[]): StructureFindings {
  const signals = new Map<string, number>();
  for (const part of parts) for (const [name, weight] of part.signals) raise(signals, name, weight);
  return {
    signals,
    humanTurns: parts.reduce((total, part) => total + part.humanTurns, 0),
    modelTurns: parts.reduce((total, part) => total + part.modelTurns, 0),
  };
}

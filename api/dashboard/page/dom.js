// Every value from the API reaches the page through text nodes or attribute values set by name,
// never through HTML parsing, so hostile text renders as text.
export const TONES = {
  active: 'info',
  completed: 'good',
  partial: 'warn',
  escalated: 'warn',
  denied: 'bad',
  failed: 'bad',
  killed: 'bad',
  DELIVERED: 'good',
  NO_RECIPIENT: 'warn',
  DENIED: 'bad',
  DENY: 'bad',
  LIMIT: 'warn',
  REDACT: 'info',
  LOW: 'good',
  MEDIUM: 'warn',
  HIGH: 'bad',
};

export const byId = (id) => document.getElementById(id);
export const bodyOf = (tableId) => byId(tableId).tBodies[0];

function build(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** An element; string children become text nodes. */
export const h = (tag, attributes, ...children) => build(document.createElement(tag), attributes, children);

/** An SVG element, the same way. */
export const s = (tag, attributes, ...children) =>
  build(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);

export const badge = (text) =>
  h('span', { class: `badge tone-${TONES[text] ?? 'info'}` }, String(text ?? 'unknown'));
export const none = (text = 'none') => h('span', { class: 'muted' }, text);
export const count = (value) => Number(value ?? 0).toLocaleString('en-US');
export const counted = (n, noun) => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
// Costs are in micro-units of the budget currency.
export const money = (micros) => (Number(micros ?? 0) / 1_000_000).toFixed(4);
export const num = (text) => h('td', { class: 'num' }, text);
export const emptyRow = (columns, text) => h('tr', {}, h('td', { colspan: columns }, none(text)));

export const isoText = (value) =>
  new Date(value)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');

export function when(value) {
  if (value === null || value === undefined) return none('never');
  return h('time', { datetime: new Date(value).toISOString() }, isoText(value));
}

/** Replaces a table body's rows, or shows `empty` across `columns` when there are none. */
export function fillTable(tableId, rows, columns, empty) {
  bodyOf(tableId).replaceChildren(...(rows.length > 0 ? rows : [emptyRow(columns, empty)]));
}

// The agents: a map of who sends which event types to whom (from the registrations), each
// agent's risk class, kill switch, statistics and rate, and kill or resume for an operator.
import { drawIfChanged, forget, getJson, guarded, postJson } from './api.js';
import { badge, byId, count, fillTable, h, money, none, num, s } from './dom.js';

const UPSTREAM = 'upstream';
const matches = (pattern, type) =>
  pattern === type || (pattern.endsWith('*') && type.startsWith(pattern.slice(0, -1)));

/** Every consumed event type with who emits it (upstream when no agent does) and who consumes it. */
export function flowsOf(agents) {
  const types = [...new Set(agents.flatMap((agent) => agent.consumes))].sort();
  return types.map((type) => {
    const from = agents
      .filter((agent) => agent.emits.some((emitted) => matches(emitted, type) || matches(type, emitted)))
      .map((a) => a.name);
    return {
      type,
      from: from.length > 0 ? from : [UPSTREAM],
      to: agents.filter((a) => a.consumes.includes(type)).map((a) => a.name),
    };
  });
}

// ---- rates from successive readings ------------------------------------------------------
let previous = null;
function ratesOf(agents, at) {
  const activity = new Map(
    agents.map((agent) => [agent.name, (agent.stats?.sent ?? 0) + (agent.stats?.handled ?? 0)]),
  );
  const rates = new Map();
  if (previous && at > previous.at) {
    const minutes = (at - previous.at) / 60_000;
    for (const [name, now] of activity) {
      const before = previous.activity.get(name);
      if (before !== undefined) rates.set(name, Math.max(0, (now - before) / minutes));
    }
  }
  previous = { at, activity };
  return rates;
}

// ---- the map ----------------------------------------------------------------------------
const RISK_FILL = { LOW: '#1a7f37', MEDIUM: '#9a6700', HIGH: '#c2202f' };

function agentMap(agents, flows) {
  const names = [UPSTREAM, ...agents.map((agent) => agent.name)];
  const width = 640;
  const height = 360;
  const radius = 140;
  const at = new Map(
    names.map((name, i) => {
      const angle = Math.PI + (2 * Math.PI * i) / names.length;
      return [
        name,
        { x: width / 2 + radius * 1.6 * Math.cos(angle), y: height / 2 + radius * Math.sin(angle) },
      ];
    }),
  );
  const edges = new Map();
  for (const flow of flows)
    for (const from of flow.from)
      for (const to of flow.to) {
        const key = `${from}→${to}`;
        edges.set(key, { from, to, types: [...(edges.get(key)?.types ?? []), flow.type] });
      }
  const lines = [...edges.values()].map(({ from, to, types }) => {
    const a = at.get(from);
    const b = at.get(to);
    if (!a || !b) return null;
    return s(
      'line',
      {
        x1: a.x,
        y1: a.y,
        x2: b.x,
        y2: b.y,
        stroke: 'currentColor',
        'stroke-opacity': 0.35,
        'stroke-width': 1.5,
        'marker-end': 'url(#arrow)',
      },
      s('title', {}, `${from} → ${to}: ${types.join(', ')}`),
    );
  });
  const byName = new Map(agents.map((agent) => [agent.name, agent]));
  const nodes = names.map((name) => {
    const { x, y } = at.get(name);
    const agent = byName.get(name);
    const killed = agent?.status === 'killed';
    return s(
      'g',
      {},
      s('circle', {
        cx: x,
        cy: y,
        r: 9,
        fill: agent ? (RISK_FILL[agent.risk] ?? '#59636e') : '#59636e',
        stroke: killed ? '#c2202f' : 'none',
        'stroke-width': 4,
      }),
      s(
        'text',
        { x, y: y - 14, 'text-anchor': 'middle', 'font-size': 12, fill: 'currentColor' },
        killed ? `${name} (killed)` : name,
      ),
    );
  });
  const described = [...edges.values()]
    .map(({ from, to, types }) => `${from} to ${to} (${types.join(', ')})`)
    .join('; ');
  return s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Agent map: ${described || 'no flows'}` },
    s(
      'defs',
      {},
      s(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 19,
          refY: 5,
          markerWidth: 6,
          markerHeight: 6,
          orient: 'auto-start-reverse',
        },
        s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: 'currentColor' }),
      ),
    ),
    lines,
    nodes,
  );
}

// ---- the tables ---------------------------------------------------------------------------
function agentStatus(agent) {
  if (!agent.killSwitch) return badge(agent.status);
  const { target, reason, issuedBy } = agent.killSwitch;
  const scope = target === '*' ? 'every agent' : 'this agent';
  return h(
    'span',
    {},
    badge(agent.status),
    ' ',
    h('span', { class: 'muted' }, `${reason} (${issuedBy}, ${scope})`),
  );
}

const switchButton = (agent) =>
  agent.status === 'killed'
    ? h(
        'button',
        { type: 'button', 'data-control': 'resume', 'data-agent': agent.killSwitch?.target ?? agent.name },
        `Resume ${agent.killSwitch?.target === '*' ? 'every agent' : agent.name}`,
      )
    : h('button', { type: 'button', 'data-control': 'kill', 'data-agent': agent.name }, `Kill ${agent.name}`);

const agentRow = (agent, rate) =>
  h(
    'tr',
    {},
    h('th', { scope: 'row' }, agent.name),
    h('td', {}, agent.version),
    h('td', {}, badge(agent.risk)),
    h('td', {}, agent.clearance),
    h('td', {}, agentStatus(agent)),
    num(money(agent.stats?.costMicros)),
    num(count(agent.stats?.handled)),
    num(count(agent.stats?.denied)),
    num(count(agent.stats?.fallbacks)),
    num(count(agent.stats?.errors)),
    num(rate === undefined ? '…' : rate.toFixed(1)),
    h('td', {}, switchButton(agent)),
  );

const senderRow = (stats) =>
  h(
    'tr',
    {},
    h('th', { scope: 'row' }, stats.agent),
    num(count(stats.sent)),
    num(count(stats.denied)),
    num(money(stats.costMicros)),
  );

const flowRow = (flow) =>
  h(
    'tr',
    {},
    h('th', { scope: 'row' }, flow.type),
    h('td', {}, flow.from.join(', ')),
    h('td', {}, flow.to.join(', ') || none('nobody')),
  );

function drawAgents({ agents, unregistered, inventory, rates }) {
  const flows = flowsOf(agents);
  fillTable(
    'agents',
    agents.map((agent) => agentRow(agent, rates[agent.name])),
    12,
    'No agent has announced itself.',
  );
  fillTable('senders', unregistered.map(senderRow), 4, 'None.');
  fillTable('flows', flows.map(flowRow), 3, 'No registered agent consumes anything yet.');
  byId('agent-map').replaceChildren(agentMap(agents, flows));
  byId('inventory-health').textContent = inventory.error
    ? `The inventory is stale: ${inventory.error}`
    : inventory.caughtUp
      ? 'The live inventory from sg.registry and sg.control.'
      : 'The inventory is still reading sg.registry and sg.control; agents may be missing.';
}

export async function loadAgents() {
  await guarded('agents', async () => {
    const { agents, unregistered, inventory } = await getJson('agents');
    const rates = Object.fromEntries(ratesOf(agents, Date.now()));
    drawIfChanged('agents', { agents, unregistered, inventory, rates }, drawAgents);
  });
}

async function control(kind, agent) {
  const status = byId('control-status');
  const reason = byId('control-reason').value.trim();
  if (!reason) {
    status.textContent = `Give a reason for the ${kind} first: it goes into the audit trail.`;
    byId('control-reason').focus();
    return;
  }
  try {
    const sent = await postJson(`agents/${encodeURIComponent(agent)}/${kind}`, { reason });
    status.textContent = `Sent: ${sent.kind} ${sent.target} by ${sent.issuedBy}, signed by ${sent.signedBy}. The gate applies it within a second.`;
    forget('agents');
  } catch (error) {
    status.textContent = `Not sent: ${error instanceof Error ? error.message : error}`;
  }
}

export function installAgentActions() {
  byId('control-form').addEventListener('submit', (event) => event.preventDefault());
  bodyClick('agents', 'button[data-control]', (button) =>
    control(button.dataset.control, button.dataset.agent),
  );
}

function bodyClick(tableId, selector, act) {
  byId(tableId).addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest(selector) : null;
    if (button) void act(button);
  });
}

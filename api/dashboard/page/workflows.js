// The workflows, most recently active first, and the chosen one's story: who proposed what, the
// gate's verdicts, where it went, the content (redacted by classification), the human steps,
// fallbacks and cost. The routing detail ("not routed to …") is folded away, and so is where each
// field of the projected state came from (the decision, its Kafka records, policy and trace).
import { drawIfChanged, getJson, guarded } from './api.js';
import { badge, byId, bodyOf, count, counted, fillTable, h, money, none, num, when } from './dom.js';

const FALLBACK_EVENT = 'incident.FallbackUsed';
const HUMAN_EVENT = 'human.DecisionRecorded';

let selected = null;
export const selectedWorkflow = () => selected;
export const chooseWorkflow = (id) => {
  selected = id;
};

const workflowButtons = () => [...bodyOf('workflows').querySelectorAll('button[data-workflow]')];

function markSelected() {
  for (const button of workflowButtons()) {
    const isSelected = button.dataset.workflow === selected;
    button.closest('tr').classList.toggle('selected', isSelected);
    if (isSelected) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
}

const workflowRow = (workflow) =>
  h(
    'tr',
    {},
    h(
      'th',
      { scope: 'row' },
      h(
        'button',
        { type: 'button', class: 'link', 'data-workflow': workflow.correlationId },
        workflow.correlationId,
      ),
    ),
    h('td', {}, badge(workflow.status)),
    h('td', {}, workflow.currentStep),
    num(count(workflow.decisions)),
    num(count(workflow.denials)),
    num(money(workflow.totalCostMicros)),
    h('td', {}, when(workflow.lastSeenAt)),
  );

function drawWorkflows(workflows) {
  const focused = document.activeElement?.dataset?.workflow;
  fillTable('workflows', workflows.map(workflowRow), 7, 'No workflows yet.');
  markSelected();
  if (focused !== undefined)
    workflowButtons()
      .find((b) => b.dataset.workflow === focused)
      ?.focus();
}

export async function loadWorkflows() {
  await guarded('workflows', async () => {
    const { workflows } = await getJson('workflows?limit=200');
    drawIfChanged('workflows', workflows, drawWorkflows);
  });
}

// ---- the story ------------------------------------------------------------------------------
const flaggedOf = (step) => step.verdicts.filter((v) => v.verdict !== 'ALLOW' && v.verdict !== 'SKIP');
const skippedOf = (step) => step.verdicts.filter((v) => v.verdict === 'SKIP');

function who(step) {
  const actor = step.actor
    ? ` for ${step.actor.userId}${step.actor.roles.length ? ` (${step.actor.roles.join(', ')})` : ''}`
    : '';
  if (step.eventType === HUMAN_EVENT) return `${step.sender} recorded a human decision${actor}`;
  if (step.eventType === FALLBACK_EVENT)
    return `${step.sender} fell back to its deterministic answer${actor}`;
  return `${step.sender} proposed ${step.eventType}${actor}`;
}

function where(step) {
  if (step.outcome === 'DENIED') return 'The gate denied it; it went nowhere.';
  if (step.routedTo.length === 0) return 'The gate allowed it, but no agent takes it.';
  return `The gate delivered it to ${step.routedTo.join(', ')}.`;
}

function contentList(step, number) {
  if (step.content === null) return none('No readable content.');
  const entries = Object.entries(step.content);
  if (entries.length === 0) return none('No fields.');
  const shown = (value) =>
    value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value);
  return h(
    'dl',
    { class: 'content', 'aria-label': `Content of step ${number}` },
    entries.flatMap(([key, value]) => [h('dt', {}, key), h('dd', {}, shown(value))]),
  );
}

const toneOf = (step) =>
  step.outcome === 'DENIED'
    ? 'bad'
    : flaggedOf(step).length > 0 || step.eventType === FALLBACK_EVENT
      ? 'warn'
      : step.eventType === HUMAN_EVENT
        ? 'good'
        : '';

function storyStep(step, index) {
  const flagged = flaggedOf(step);
  const skipped = skippedOf(step);
  const kinds = [
    step.eventType === FALLBACK_EVENT ? badge('fallback') : null,
    step.eventType === HUMAN_EVENT ? badge('human step') : null,
  ];
  return h(
    'li',
    {
      class: toneOf(step) ? `step-${toneOf(step)}` : null,
      'aria-label': `Step ${index + 1}: ${step.eventType}`,
    },
    h('p', {}, when(step.decidedAt), ' ', badge(step.outcome), ' ', kinds, ' ', h('strong', {}, who(step))),
    flagged.length > 0
      ? h(
          'ul',
          { class: 'plain', 'aria-label': 'Verdicts other than ALLOW' },
          flagged.map((v) => h('li', {}, h('strong', {}, v.policy), ' ', badge(v.verdict), ' ', v.reason)),
        )
      : null,
    h('p', {}, where(step)),
    h(
      'p',
      { class: 'muted' },
      `${step.classification ?? 'unknown'} content${step.redacted ? ', values redacted' : ''} · cost ${money(step.costMicros)}`,
    ),
    contentList(step, index + 1),
    step.notRouted.length + skipped.length > 0
      ? h(
          'details',
          {},
          h('summary', {}, `Routing detail (${counted(step.notRouted.length, 'agent')} not routed)`),
          h(
            'ul',
            { class: 'plain' },
            step.notRouted.map((x) =>
              h('li', { class: 'muted' }, `not ${x.agent} (${x.policy}: ${x.reason})`),
            ),
            skipped.length > 0
              ? h(
                  'li',
                  { class: 'muted' },
                  `skipped ${skipped.map((v) => v.policy).join(', ')}: ${skipped[0].reason}`,
                )
              : null,
          ),
        )
      : null,
  );
}

function drawStory({ correlationId, steps }) {
  byId('story-workflow').textContent = correlationId;
  const fallbacks = steps.filter((st) => st.eventType === FALLBACK_EVENT).length;
  const humans = steps.filter((st) => st.eventType === HUMAN_EVENT).length;
  const flagged = steps.reduce((sum, st) => sum + flaggedOf(st).length, 0);
  const cost = steps.reduce((sum, st) => sum + Number(st.costMicros ?? 0), 0);
  byId('story-summary').textContent =
    `${counted(steps.length, 'decision')} · ${counted(fallbacks, 'fallback')} · ` +
    `${counted(humans, 'human step')} · ${counted(flagged, 'verdict')} other than ALLOW · cost ${money(cost)}`;
  byId('story').replaceChildren(
    ...(steps.length > 0 ? steps.map(storyStep) : [h('li', {}, none('No decisions recorded.'))]),
  );
  byId('story-section').hidden = false;
}

const at = ({ topic, partition, offset }) => `${topic}/${partition}@${offset}`;

const provenanceRow = ([field, origin]) =>
  h(
    'tr',
    {},
    h('th', { scope: 'row' }, field),
    h('td', {}, JSON.stringify(origin.value)),
    num(count(origin.version)),
    h('td', {}, origin.eventType, ' · ', when(origin.decidedAt)),
    h('td', {}, at(origin.record)),
    h('td', {}, at(origin.origin)),
    h('td', {}, origin.policyVersion.slice(0, 12)),
    h('td', {}, origin.traceparent ?? none()),
  );

/** Each projected field with the decision, records, policy version and trace that set its value. */
const drawProvenance = ({ fields }) =>
  fillTable('provenance', Object.entries(fields).map(provenanceRow), 8, 'No fields projected yet.');

let storyRequest = 0;
export async function loadStory() {
  if (selected === null) {
    byId('story-section').hidden = true;
    return;
  }
  await guarded('the story', async () => {
    const id = selected;
    const request = ++storyRequest;
    const path = `workflows/${encodeURIComponent(id)}`;
    const [story, provenance] = await Promise.all([getJson(`${path}/story`), getJson(`${path}/provenance`)]);
    // A newer click or refresh has asked since; its answer wins.
    if (request !== storyRequest) return;
    drawIfChanged('story', story, drawStory);
    drawIfChanged('provenance', provenance, drawProvenance);
  });
}

export function installWorkflowActions(onSelect) {
  bodyOf('workflows').addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-workflow]') : null;
    if (!button) return;
    selected = button.dataset.workflow;
    markSelected();
    onSelect(selected);
  });
}

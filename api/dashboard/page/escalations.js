// The escalation queue: every escalated workflow with what its reviewer is asked, and approve or
// reject for the subject of the token. The page never names the reviewer: the API takes the
// token's subject and roles.
import { drawIfChanged, forget, getJson, guarded, postJson } from './api.js';
import { byId, h, none } from './dom.js';

function escalationCard({ workflow, escalation }) {
  const id = workflow.correlationId;
  const comment = `comment-${id}`;
  const approvals = escalation
    ? `${escalation.approvedBy.length} of ${escalation.requiredApprovals} approvals${escalation.approvedBy.length ? ` (${escalation.approvedBy.join(', ')})` : ''}`
    : '';
  return h(
    'article',
    { class: 'card', 'aria-label': `Escalation of ${id}`, 'data-workflow': id },
    h('h3', {}, id),
    escalation
      ? h(
          'dl',
          { class: 'content' },
          h('dt', {}, 'Level'),
          h('dd', {}, `${escalation.level}: needs ${escalation.requiredRole}`),
          h('dt', {}, 'Approvals'),
          h('dd', {}, approvals),
          h('dt', {}, 'Why'),
          h('dd', {}, escalation.reasons.join('; ') || none()),
          h('dt', {}, 'May not approve'),
          h('dd', {}, (escalation.excludedApprovers ?? []).join(', ') || none()),
          h('dt', {}, 'Raised by'),
          h('dd', {}, escalation.raisedBy),
        )
      : h('p', {}, none('The escalation is not projected yet.')),
    h(
      'div',
      { class: 'actions' },
      h('label', { for: comment }, `Comment on ${id}`),
      h('input', { id: comment, type: 'text', size: 30, 'data-comment': id }),
      h(
        'button',
        { type: 'button', 'data-decide': 'approve', 'data-workflow': id, 'aria-label': `Approve ${id}` },
        'Approve',
      ),
      h(
        'button',
        { type: 'button', 'data-decide': 'reject', 'data-workflow': id, 'aria-label': `Reject ${id}` },
        'Reject',
      ),
    ),
  );
}

function drawQueue(items) {
  const queue = byId('escalation-queue');
  queue.replaceChildren(
    ...(items.length > 0
      ? items.map(escalationCard)
      : [h('p', {}, none('No workflow is waiting for a human decision.'))]),
  );
}

export async function loadEscalations() {
  await guarded('escalations', async () => {
    const { workflows } = await getJson('workflows?status=escalated&limit=100');
    const items = await Promise.all(
      workflows.map(async (workflow) => {
        const { escalations } = await getJson(
          `workflows/${encodeURIComponent(workflow.correlationId)}/escalations`,
        );
        return { workflow, escalation: escalations.at(-1) ?? null };
      }),
    );
    drawIfChanged('escalations', items, drawQueue);
  });
}

async function decide(workflow, decision) {
  const status = byId('decision-status');
  const input = document.querySelector(`input[data-comment="${CSS.escape(workflow)}"]`);
  const comment = input?.value.trim();
  status.textContent = `Sending your ${decision} of ${workflow}…`;
  try {
    const recorded = await postJson(`workflows/${encodeURIComponent(workflow)}/decision`, {
      decision,
      ...(comment ? { comment } : {}),
    });
    status.textContent = `Recorded: ${recorded.verdict} of ${workflow} by ${recorded.approverId} (escalation ${recorded.escalationId}).`;
    forget('escalations');
    await loadEscalations();
  } catch (error) {
    status.textContent = `Not recorded: ${error instanceof Error ? error.message : error}`;
  }
}

export function installEscalationActions() {
  byId('escalation-queue').addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-decide]') : null;
    if (button) void decide(button.dataset.workflow, button.dataset.decide);
  });
}

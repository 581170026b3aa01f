// The audit page: the chain's head and last signed checkpoint, a verification on demand, and a
// workflow's case file to download.
import { drawIfChanged, getJson, getText, guarded, postJson } from './api.js';
import { byId, count, h, none, when } from './dom.js';

function drawChain({ head, lastCheckpoint }) {
  byId('audit-chain').replaceChildren(
    h('dt', {}, 'Rows'),
    h('dd', {}, count(head.seq)),
    h('dt', {}, 'Head hash'),
    h('dd', {}, head.seq > 0 ? head.hash : none('empty chain')),
    h('dt', {}, 'Last signed checkpoint'),
    h(
      'dd',
      {},
      lastCheckpoint ? `row ${count(lastCheckpoint.seq)}, key ${lastCheckpoint.keyId}` : none('none yet'),
    ),
    h('dt', {}, 'Signed at (UTC)'),
    h('dd', {}, lastCheckpoint ? when(lastCheckpoint.at) : none('never')),
    h('dt', {}, 'Rows since'),
    h('dd', {}, count(head.seq - (lastCheckpoint?.seq ?? 0))),
  );
}

export async function loadAudit() {
  await guarded('the audit chain', async () =>
    drawIfChanged('audit-chain', await getJson('audit/status'), drawChain),
  );
}

async function verify() {
  const status = byId('verify-status');
  status.textContent = 'Verifying…';
  try {
    const report = await postJson('audit/verification');
    const scope = `${count(report.rows)} rows, ${count(report.checkpoints)} signed checkpoints`;
    status.textContent = report.ok
      ? `Audit intact: ${scope}.`
      : `Audit FAILED: ${scope}; first tampered row ${report.firstFailure?.seq}: ${report.firstFailure?.kind}: ${report.firstFailure?.reason}`;
  } catch (error) {
    status.textContent = `Could not verify: ${error instanceof Error ? error.message : error}`;
  }
}

async function exportCaseFile(event) {
  event.preventDefault();
  const workflow = byId('case-file-workflow').value.trim();
  const status = byId('case-file-status');
  if (!workflow) {
    status.textContent = 'Give the workflow id first.';
    return;
  }
  try {
    const text = await getText(`audit/case-file?workflow=${encodeURIComponent(workflow)}`);
    const caseFile = JSON.parse(text);
    const proven = caseFile.entries.filter((entry) => entry.checkpointSeq !== null).length;
    const name = `case-${workflow.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
    const link = h(
      'a',
      { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: name },
      `Download ${name}`,
    );
    status.replaceChildren(
      `${count(caseFile.entries.length)} decisions of ${workflow}, ${count(proven)} proven to a signed checkpoint. `,
      link,
    );
    link.click();
  } catch (error) {
    status.textContent = `Could not export: ${error instanceof Error ? error.message : error}`;
  }
}

export function installAuditActions() {
  byId('verify-audit').addEventListener('click', () => void verify());
  byId('case-file-form').addEventListener('submit', (event) => void exportCaseFile(event));
}

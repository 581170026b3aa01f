// The operator's console: five pages in one, chosen by the address's fragment (#page=agents,
// #workflow=<id> for a workflow's story), each refreshing only while it is shown.
import { adoptTokenFromLink, dropProblems, forget, setToken, tokenSubject } from './api.js';
import { loadAgents, installAgentActions } from './agents.js';
import { installAuditActions, loadAudit } from './audit.js';
import { byId } from './dom.js';
import { installEscalationActions, loadEscalations } from './escalations.js';
import { loadOverview } from './overview.js';
import { chooseWorkflow, installWorkflowActions, loadStory, loadWorkflows } from './workflows.js';

const REFRESH_MS = 2_000;
const PAGES = {
  overview: loadOverview,
  escalations: loadEscalations,
  agents: loadAgents,
  workflows: () => Promise.all([loadWorkflows(), loadStory()]),
  audit: loadAudit,
};

function pageFromFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const workflow = params.get('workflow');
  if (workflow) {
    chooseWorkflow(workflow);
    return 'workflows';
  }
  const page = params.get('page');
  return page && page in PAGES ? page : 'overview';
}

let current = null;
function show(page) {
  if (page !== current) {
    dropProblems(() => false);
    forget('problems');
  }
  current = page;
  for (const section of document.querySelectorAll('main > section[data-page]'))
    section.hidden = section.dataset.page !== page;
  for (const link of document.querySelectorAll('nav.pages a')) {
    if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function refresh() {
  await PAGES[current]();
  byId('refreshed').textContent = `Updated ${new Date().toLocaleTimeString()}`;
}

function showSignedIn() {
  const who = tokenSubject();
  byId('signed-in').textContent = who
    ? `Signed in as ${who.sub}${who.roles.length ? ` (${who.roles.join(', ')})` : ''}`
    : 'No token';
}

adoptTokenFromLink();
showSignedIn();
byId('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId('token');
  const token = input.value.trim();
  if (token) setToken(token);
  input.value = '';
  showSignedIn();
  void refresh();
});
window.addEventListener('hashchange', () => {
  show(pageFromFragment());
  void refresh();
});
installWorkflowActions((id) => {
  history.replaceState(null, '', `#${new URLSearchParams({ workflow: id })}`);
  void loadStory();
});
installEscalationActions();
installAgentActions();
installAuditActions();

show(pageFromFragment());
/** Refreshes the page shown now and then every REFRESH_MS after it finishes, while the tab is visible. */
async function loop() {
  if (!document.hidden) await refresh();
  setTimeout(loop, REFRESH_MS);
}
void loop();

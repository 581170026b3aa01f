// The bearer token and the API. The token is kept for this tab only (sessionStorage). A link may
// carry it as #token=…: it moves into storage and out of the address bar, so it is not
// bookmarked, shared or kept in history.
import { byId, h } from './dom.js';

const TOKEN_KEY = 'swarmgate.token';

export function adoptTokenFromLink() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
}

export const setToken = (token) => sessionStorage.setItem(TOKEN_KEY, token);

/** Who the token says you are, for display only: the API reads the subject from the verified token. */
export function tokenSubject() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  try {
    const payload = token?.split('.')[1];
    if (!payload) return null;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const { sub, roles } = JSON.parse(json);
    return typeof sub === 'string' ? { sub, roles: Array.isArray(roles) ? roles : [] } : null;
  } catch {
    return null;
  }
}

/** The body as JSON, or null when it is empty or not JSON. */
function parsed(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

async function call(path, init = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = { accept: 'application/json', ...(init.headers ?? {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, { ...init, headers });
  const text = await response.text();
  const body = parsed(text);
  if (!response.ok) throw new Error(body?.message ?? `${response.status} ${response.statusText}`);
  return { body, text };
}

export const getJson = async (path) => (await call(path)).body;
export const getText = async (path) => (await call(path)).text;
export const postJson = async (path, payload) =>
  (
    await call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload ?? {}),
    })
  ).body;

// Views redraw only when their data changed, so focus and selection survive refreshes.
const drawn = new Map();
export function drawIfChanged(key, data, draw) {
  const json = JSON.stringify(data);
  if (drawn.get(key) === json) return;
  drawn.set(key, json);
  draw(data);
}
export const forget = (key) => drawn.delete(key);

const problems = new Map();
/** Runs load; a failure is shown in the alert banner under `source` until it succeeds again. */
export async function guarded(source, load) {
  try {
    await load();
    problems.delete(source);
  } catch (error) {
    problems.set(source, `Could not load ${source}: ${error instanceof Error ? error.message : error}`);
  }
  // Through drawIfChanged, so a screen reader announces a problem once, not every refresh.
  drawIfChanged('problems', [...problems.values()], (texts) => {
    const banner = byId('problems');
    banner.replaceChildren(...texts.map((text) => h('p', {}, text)));
    banner.hidden = texts.length === 0;
  });
}

/** Clears the banner's entries of pages no longer shown. */
export function dropProblems(keep) {
  for (const source of [...problems.keys()]) if (!keep(source)) problems.delete(source);
}

// The dashboard: one HTML page and the small script and style files beside it (page/), read once
// and served by the API. The Content-Security-Policy admits scripts and styles from this origin
// only, and requests to it: no inline script, nothing from a CDN, so text that ever slipped past
// the page's escaping still could not run.
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';

export interface DashboardAsset {
  readonly type: string;
  readonly body: string;
}

export interface DashboardPage {
  readonly html: string;
  /** Scripts and styles by file name, served under dashboard/assets/. */
  readonly assets: ReadonlyMap<string, DashboardAsset>;
  readonly contentSecurityPolicy: string;
}

const PAGE = 'dashboard.html';
const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page and its assets from a directory holding dashboard.html, *.js and *.css. */
export function dashboardPage(directory: URL): DashboardPage {
  const assets = new Map<string, DashboardAsset>();
  for (const name of readdirSync(directory)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { type, body: readFileSync(new URL(name, directory), 'utf8') });
  }
  const html = readFileSync(new URL(PAGE, directory), 'utf8');
  return { html, assets, contentSecurityPolicy: CONTENT_SECURITY_POLICY };
}

let shipped: DashboardPage | undefined;

/** The page shipped next to this module (page/), read once. */
export function shippedDashboardPage(): DashboardPage {
  shipped ??= dashboardPage(new URL('./page/', import.meta.url));
  return shipped;
}

// The dashboard page: one static HTML file with its script and style inline. It is served with a
// Content-Security-Policy that admits only that script and style (by hash) and requests to this
// origin, so text that ever slipped past the page's escaping still could not run.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface DashboardPage {
  readonly html: string;
  readonly contentSecurityPolicy: string;
}

// Browsers hash an inline element's text after turning CRLF into LF; so must we.
const sourceHash = (source: string): string =>
  `'sha256-${createHash('sha256').update(source.replace(/\r\n?/g, '\n'), 'utf8').digest('base64')}'`;

const inlineHashes = (html: string, tag: 'script' | 'style'): string =>
  [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))]
    .map((match) => sourceHash(match[1] ?? ''))
    .join(' ');

export function dashboardPage(html: string): DashboardPage {
  const policy = [
    "default-src 'none'",
    `script-src ${inlineHashes(html, 'script')}`,
    `style-src ${inlineHashes(html, 'style')}`,
    "connect-src 'self'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ];
  return { html, contentSecurityPolicy: policy.join('; ') };
}

let shipped: DashboardPage | undefined;

/** The page shipped next to this module, read once. */
export function shippedDashboardPage(): DashboardPage {
  shipped ??= dashboardPage(readFileSync(new URL('./dashboard.html', import.meta.url), 'utf8'));
  return shipped;
}

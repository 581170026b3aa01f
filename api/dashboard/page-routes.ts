// GET /dashboard serves the operator's page; GET / sends a browser there.
import type { ApiApp, ApiContext } from '../http/context.ts';
import { shippedDashboardPage } from './page.ts';

export function dashboardRoutes(app: ApiApp, _ctx: ApiContext): void {
  const page = shippedDashboardPage();
  app.get(
    '/dashboard',
    // A page for people, not an operation for API clients: kept out of the OpenAPI document.
    // The page itself is public; the data it loads is not (it sends the token it was given).
    { config: { access: 'public' }, schema: { hide: true } },
    (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', page.contentSecurityPolicy)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .send(page.html),
  );
  // Relative, so the redirect also lands right behind a reverse proxy's path prefix.
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
    reply.redirect('dashboard'),
  );
}

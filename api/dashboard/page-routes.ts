// GET /dashboard serves the operator's page and GET /dashboard/assets/:file its scripts and
// style; GET / sends a browser there.
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { ApiApp, ApiContext } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { shippedDashboardPage, type DashboardPage } from './page.ts';

const assetParams = z.strictObject({ file: z.string().min(1).max(100) });

const hardened = (reply: FastifyReply, page: DashboardPage, type: string) =>
  reply
    .type(type)
    .header('content-security-policy', page.contentSecurityPolicy)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache');

export function dashboardRoutes(app: ApiApp, _ctx: ApiContext): void {
  const page = shippedDashboardPage();
  // Pages for people, not operations for API clients: kept out of the OpenAPI document. The page
  // itself is public; the data it loads is not (it sends the token it was given).
  const config = { access: 'public' } as const;
  app.get('/dashboard', { config, schema: { hide: true } }, (_request, reply) =>
    hardened(reply, page, 'text/html; charset=utf-8').send(page.html),
  );
  app.get(
    '/dashboard/assets/:file',
    { config, schema: { hide: true, params: assetParams } },
    (request, reply) => {
      const asset = page.assets.get(request.params.file);
      if (!asset) throw new ApiError(404, `no dashboard file ${JSON.stringify(request.params.file)}`);
      return hardened(reply, page, asset.type).send(asset.body);
    },
  );
  // Relative, so the redirect also lands right behind a reverse proxy's path prefix.
  app.get('/', { config, schema: { hide: true } }, (_request, reply) => reply.redirect('dashboard'));
}

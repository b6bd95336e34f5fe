import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminPaths } from '../../platform/http/paths.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import type { AdminContext } from '../../platform/views/admin-layout.js';
import type { AdminAccount, AdminService } from './admin.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in back-office account, set by protectAdminScope. */
    admin?: AdminAccount;
  }
}

export const SESSION_COOKIE = 'ws_admin';

export function sessionCookieOptions(baseUrl: string) {
  return {
    path: '/admin',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: baseUrl.startsWith('https://'),
  };
}

/**
 * Guards every route of a back-office plugin: a live session is required (else the
 * login page, coming back here afterwards), and every form post must carry a valid
 * CSRF token.
 */
export function protectAdminScope(app: FastifyInstance, admin: AdminService): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.cookies[SESSION_COOKIE];
    const account = token ? await admin.accountForSession(token) : undefined;
    if (!account) {
      const next = request.method === 'GET' ? `?suivant=${encodeURIComponent(request.url)}` : '';
      return reply.header('cache-control', 'no-store').redirect(`${adminPaths.login}${next}`, 303);
    }
    request.admin = account;
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done();
    app.csrfProtection(request, reply, done);
  });
}

export function adminContext(request: FastifyRequest, reply: FastifyReply): AdminContext {
  return {
    locale: requestLocale(request),
    business: request.server.config.business,
    styleUrl: request.server.assets.styleUrl,
    csrfToken: reply.generateCsrf(),
    ...(request.admin ? { adminEmail: request.admin.email } : {}),
  };
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminPaths } from '../../platform/http/paths.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { sha256Hex } from '../../platform/ids.js';
import type { AdminContext } from '../../platform/views/admin-layout.js';
import { sendPage } from '../../platform/views/render.js';
import { adminErrors } from './admin.errors.js';
import type { AdminAccount, AdminService } from './admin.service.js';
import { ForbiddenPage } from './views/forbidden-page.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in back-office account, set by protectBackOffice. */
    admin?: AdminAccount;
  }
  interface FastifyContextConfig {
    /** A back-office route open without a session (login, logout, setup link). */
    adminPublic?: boolean;
    /** A back-office route for the owner only (settings, exports, the team, …): staff get a 403 page. */
    ownerOnly?: boolean;
    /** Open to a member the owner requires to enrol in two-factor authentication before they have (the enrolment itself). */
    beforeSecondFactor?: boolean;
  }
}

/**
 * The back office's cookies. Under an https BASE_URL they carry the __Host- prefix: the browser
 * then keeps them only when set Secure, for path=/ and without Domain, so that neither a
 * sibling subdomain nor a plain-http page can plant or overwrite them.
 */
export function adminCookies(baseUrl: string) {
  const https = baseUrl.startsWith('https://');
  const prefix = https ? '__Host-' : '';
  const path = https ? '/' : '/admin';
  return {
    session: { name: `${prefix}ws_admin`, options: { path, httpOnly: true, sameSite: 'lax' as const, secure: https } },
    csrf: { name: `${prefix}ws_csrf`, options: { path, httpOnly: true, sameSite: 'strict' as const, secure: https, signed: true } },
    /** A login whose password was right and that waits for its second-factor code (five minutes). */
    loginChallenge: { name: `${prefix}ws_login`, options: { path, httpOnly: true, sameSite: 'lax' as const, secure: https } },
  };
}

/**
 * What CSRF tokens are bound to: the session the request carries (its id, the SHA-256 of the
 * cookie's token), or nothing before login. A token shown to one session is refused in another,
 * and every token shown before login stops working once the session opens.
 */
export function csrfSessionBinding(request: FastifyRequest): string {
  const token = request.cookies[adminCookies(request.server.config.baseUrl).session.name];
  return token ? `session:${sha256Hex(token)}` : 'no session';
}

/** /admin and everything under it. */
function isBackOffice(url: string): boolean {
  return url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?');
}

/**
 * Guards the whole back office, once, for every route under /admin, whichever module declares
 * it and whenever it is added: a live session is required (else the login page, coming back
 * here afterwards), and every form post must carry a CSRF token of that session. Only routes
 * declared with `config: { adminPublic: true }` (login, logout, setup link) are open.
 * Then, in this order: a member the owner requires to use two-factor authentication and who has
 * not enrolled yet is sent to the enrolment page (only routes declared `beforeSecondFactor` let
 * them through); a route declared `config: { ownerOnly: true }` answers staff with a 403 page.
 */
export function protectBackOffice(app: FastifyInstance, admin: AdminService): void {
  const sessionCookie = adminCookies(app.config.baseUrl).session.name;
  // The route's pattern, not only the address: the router decodes /%61dmin into /admin.
  const guarded = (request: FastifyRequest) =>
    (isBackOffice(request.routeOptions.url ?? '') || isBackOffice(request.url)) && request.routeOptions.config?.adminPublic !== true;

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!guarded(request)) return;
    const token = request.cookies[sessionCookie];
    const account = token ? await admin.accountForSession(token) : undefined;
    if (!account) {
      const next = request.method === 'GET' || request.method === 'HEAD' ? `?suivant=${encodeURIComponent(request.url)}` : '';
      return reply.header('cache-control', 'no-store').redirect(`${adminPaths.login}${next}`, 303);
    }
    request.admin = account;
    const config = request.routeOptions.config;
    if (!account.twoFactor && config?.beforeSecondFactor !== true && (await admin.twoFactorRequired())) {
      return reply.header('cache-control', 'no-store').redirect(adminPaths.accountTwoFactor, 303);
    }
    if (config?.ownerOnly === true && account.role !== 'owner') {
      const error = adminErrors.OWNER_ONLY();
      return sendPage(reply.header('cache-control', 'no-store'), <ForbiddenPage ctx={adminContext(request, reply)} message={error.messageIn(requestLocale(request))} />, error.status);
    }
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (!guarded(request) || request.method === 'GET' || request.method === 'HEAD') return done();
    app.csrfProtection(request, reply, done);
  });
}

export function adminContext(request: FastifyRequest, reply: FastifyReply): AdminContext {
  return {
    locale: requestLocale(request),
    business: request.server.business.current(),
    styleUrl: request.server.assets.styleUrl,
    csrfToken: reply.generateCsrf({ userInfo: csrfSessionBinding(request) }),
    ...(request.admin ? { adminEmail: request.admin.email, adminRole: request.admin.role } : {}),
  };
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import type { Errors } from '../../ui/form.js';
import { adminErrors } from './admin.errors.js';
import { adminContext, adminCookies } from './admin.guard.js';
import type { AdminService } from './admin.service.js';
import { LoginPage, SetupPage } from './views/auth-pages.js';

/**
 * Where to go after logging in: only a back-office path, never another site, nor a header-breaking
 * control character. What a Location header cannot carry (spaces, characters beyond ASCII) is
 * percent-encoded, as the browser sent it.
 */
function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/admin') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f\u007f]/.test(value)) {
    return adminPaths.dashboard;
  }
  try {
    return value.replace(/[^\u0021-\u007e]/gu, (character) => encodeURIComponent(character));
  } catch {
    // A lone surrogate has no UTF-8 form.
    return adminPaths.dashboard;
  }
}

function formErrors(error: unknown): Errors | undefined {
  if (error instanceof ValidationFailed) return messagesByField(error);
  return undefined;
}

/** Login, logout and the one-time owner setup; the only back-office pages open without a session. */
export async function adminRoutes(app: FastifyInstance, { admin }: { admin: AdminService }) {
  const cookies = adminCookies(app.config.baseUrl);
  // Open without a session (the back-office guard lets these through), CSRF-checked all the same.
  const csrf = { preHandler: app.csrfProtection, config: { adminPublic: true } };
  const open = { config: { adminPublic: true } };

  /** A new session gets a new CSRF secret too: nothing issued before login is valid after it. */
  function startSession(reply: FastifyReply, token: string, next: string) {
    return reply
      .setCookie(cookies.session.name, token, { ...cookies.session.options, maxAge: 7 * 24 * 3600 })
      .clearCookie(cookies.csrf.name, cookies.csrf.options)
      .redirect(next, 303);
  }

  app.get(adminPaths.login, open, async (request: FastifyRequest<{ Querystring: { suivant?: string } }>, reply) => {
    const next = safeNext(request.query.suivant);
    return sendPage(reply, <LoginPage ctx={adminContext(request, reply)} errors={{}} next={next} />);
  });

  app.post<{ Querystring: { suivant?: string }; Body: Record<string, unknown> }>(
    adminPaths.login,
    { ...csrf, config: { ...csrf.config, rateLimit: { max: 10, timeWindow: '15 minutes' } } },
    async (request, reply) => {
      const locale = requestLocale(request);
      const next = safeNext(request.query.suivant);
      const email = typeof request.body?.email === 'string' ? request.body.email : '';
      try {
        const token = await admin.login(request.body, locale);
        return startSession(reply, token, next);
      } catch (error) {
        const errors = formErrors(error) ?? (error instanceof AppError && error.code === 'INVALID_CREDENTIALS' ? { password: error.messageIn(locale) } : undefined);
        if (!errors) throw error;
        return sendPage(reply, <LoginPage ctx={adminContext(request, reply)} errors={errors} email={email} next={next} />, error instanceof AppError ? 401 : 422);
      }
    },
  );

  app.post(adminPaths.logout, csrf, async (request, reply) => {
    const token = request.cookies[cookies.session.name];
    if (token) await admin.logout(token);
    return reply.clearCookie(cookies.session.name, cookies.session.options).clearCookie(cookies.csrf.name, cookies.csrf.options).redirect(adminPaths.login, 303);
  });

  app.get(adminPaths.setup(':token'), open, async (request: FastifyRequest<{ Params: { token: string } }>, reply) => {
    const { token } = request.params;
    if (!(await admin.setupTokenIsValid(token))) throw adminErrors.SETUP_LINK_INVALID();
    return sendPage(reply, <SetupPage ctx={adminContext(request, reply)} token={token} errors={{}} />);
  });

  app.post<{ Params: { token: string }; Body: Record<string, unknown> }>(
    adminPaths.setup(':token'),
    { ...csrf, config: { ...csrf.config, rateLimit: { max: 10, timeWindow: '15 minutes' } } },
    async (request, reply) => {
      const { token } = request.params;
      try {
        const sessionToken = await admin.completeSetup(token, request.body, requestLocale(request));
        return startSession(reply, sessionToken, adminPaths.dashboard);
      } catch (error) {
        const errors = formErrors(error) ?? (error instanceof AppError && error.code === 'EMAIL_TAKEN' ? { email: error.messageIn(requestLocale(request)) } : undefined);
        if (!errors) throw error;
        const email = typeof request.body?.email === 'string' ? request.body.email : '';
        return sendPage(reply, <SetupPage ctx={adminContext(request, reply)} token={token} errors={errors} email={email} />, 422);
      }
    },
  );
}

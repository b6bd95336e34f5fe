import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import type { Errors } from '../../ui/form.js';
import { accountRoutes } from './account.admin.routes.js';
import { adminErrors } from './admin.errors.js';
import { adminContext, adminCookies } from './admin.guard.js';
import { LOGIN_CHALLENGE_MS, type AdminService } from './admin.service.js';
import { teamRoutes } from './team.admin.routes.js';
import type { TeamService } from './team.service.js';
import type { TwoFactorService } from './two-factor.service.js';
import { ForgotPasswordPage, InvitationPage, LoginCodePage, LoginPage, ResetPasswordPage, SetupPage } from './views/auth-pages.js';

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

const isCode = (error: unknown, ...codes: string[]): error is AppError => error instanceof AppError && codes.includes(error.code);

export interface AdminRoutesDeps {
  admin: AdminService;
  team: TeamService;
  twoFactor: TwoFactorService;
}

/**
 * Login (with its second step), logout, forgotten password, the one-time owner setup and the
 * invitation link: the only back-office pages open without a session. Then one's own account
 * and the team (team.admin.routes.tsx, account.admin.routes.tsx).
 */
export async function adminRoutes(app: FastifyInstance, deps: AdminRoutesDeps) {
  const { admin, team, twoFactor } = deps;
  const cookies = adminCookies(app.config.baseUrl);
  // Open without a session (the back-office guard lets these through), CSRF-checked all the same.
  const csrf = { preHandler: app.csrfProtection, config: { adminPublic: true } };
  const open = { config: { adminPublic: true } };
  /** Per client address: ten tries in a quarter of an hour (passwords, codes, links). */
  const limited = (max = 10) => ({ ...csrf, config: { ...csrf.config, rateLimit: { max, timeWindow: '15 minutes' } } });

  /** A new session gets a new CSRF secret too: nothing issued before login is valid after it. */
  function startSession(reply: FastifyReply, token: string, next: string) {
    return reply
      .setCookie(cookies.session.name, token, { ...cookies.session.options, maxAge: 7 * 24 * 3600 })
      .clearCookie(cookies.loginChallenge.name, cookies.loginChallenge.options)
      .clearCookie(cookies.csrf.name, cookies.csrf.options)
      .redirect(next, 303);
  }

  const withNext = (path: string, next: string) => (next === adminPaths.dashboard ? path : `${path}?suivant=${encodeURIComponent(next)}`);

  app.get(adminPaths.login, open, async (request: FastifyRequest<{ Querystring: { suivant?: string; reinitialise?: string } }>, reply) => {
    const next = safeNext(request.query.suivant);
    const notice = request.query.reinitialise === '1' ? ('passwordReset' as const) : undefined;
    return sendPage(reply, <LoginPage ctx={adminContext(request, reply)} errors={{}} next={next} {...(notice ? { notice } : {})} />);
  });

  app.post<{ Querystring: { suivant?: string }; Body: Record<string, unknown> }>(adminPaths.login, limited(), async (request, reply) => {
    const locale = requestLocale(request);
    const next = safeNext(request.query.suivant);
    const email = typeof request.body?.email === 'string' ? request.body.email : '';
    try {
      const outcome = await admin.login(request.body, locale);
      if (outcome.kind === 'session') return startSession(reply, outcome.token, next);
      return reply
        .setCookie(cookies.loginChallenge.name, outcome.token, { ...cookies.loginChallenge.options, maxAge: LOGIN_CHALLENGE_MS / 1000 })
        .redirect(withNext(adminPaths.loginCode, next), 303);
    } catch (error) {
      const errors = formErrors(error) ?? (isCode(error, 'INVALID_CREDENTIALS') ? { password: error.messageIn(locale) } : undefined);
      if (!errors) throw error;
      return sendPage(reply, <LoginPage ctx={adminContext(request, reply)} errors={errors} email={email} next={next} />, error instanceof AppError ? 401 : 422);
    }
  });

  app.get(adminPaths.loginCode, open, async (request: FastifyRequest<{ Querystring: { suivant?: string } }>, reply) => {
    const next = safeNext(request.query.suivant);
    const token = request.cookies[cookies.loginChallenge.name];
    if (!token || !(await twoFactor.challengeIsLive(token))) return reply.header('cache-control', 'no-store').redirect(withNext(adminPaths.login, next), 303);
    return sendPage(reply, <LoginCodePage ctx={adminContext(request, reply)} errors={{}} next={next} />);
  });

  app.post<{ Querystring: { suivant?: string }; Body: Record<string, unknown> }>(adminPaths.loginCode, limited(), async (request, reply) => {
    const locale = requestLocale(request);
    const next = safeNext(request.query.suivant);
    try {
      const token = request.cookies[cookies.loginChallenge.name];
      if (!token) throw adminErrors.LOGIN_CODE_EXPIRED();
      return startSession(reply, await twoFactor.completeLogin(token, request.body, locale), next);
    } catch (error) {
      if (isCode(error, 'LOGIN_CODE_EXPIRED')) {
        reply.clearCookie(cookies.loginChallenge.name, cookies.loginChallenge.options);
        return sendPage(reply, <LoginPage ctx={adminContext(request, reply)} errors={{}} next={next} problem={error.messageIn(locale)} />, error.status);
      }
      const errors = formErrors(error) ?? (isCode(error, 'CODES_LOCKED') ? { code: error.messageIn(locale) } : undefined);
      if (!errors) throw error;
      return sendPage(reply, <LoginCodePage ctx={adminContext(request, reply)} errors={errors} next={next} />, error instanceof AppError ? error.status : 422);
    }
  });

  app.post(adminPaths.logout, csrf, async (request, reply) => {
    const token = request.cookies[cookies.session.name];
    if (token) await admin.logout(token);
    return reply.clearCookie(cookies.session.name, cookies.session.options).clearCookie(cookies.csrf.name, cookies.csrf.options).redirect(adminPaths.login, 303);
  });

  app.get(adminPaths.forgotPassword, open, async (request, reply) => sendPage(reply, <ForgotPasswordPage ctx={adminContext(request, reply)} errors={{}} sent={false} />));

  // The same page whether or not the address has an account; five requests per quarter of an hour and address.
  app.post<{ Body: Record<string, unknown> }>(adminPaths.forgotPassword, limited(5), async (request, reply) => {
    try {
      await team.requestPasswordReset(request.body, requestLocale(request));
      return sendPage(reply, <ForgotPasswordPage ctx={adminContext(request, reply)} errors={{}} sent />);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      const email = typeof request.body?.email === 'string' ? request.body.email : '';
      return sendPage(reply, <ForgotPasswordPage ctx={adminContext(request, reply)} errors={errors} email={email} sent={false} />, 422);
    }
  });

  app.get(adminPaths.passwordReset(':token'), open, async (request: FastifyRequest<{ Params: { token: string } }>, reply) => {
    const { token } = request.params;
    if (!(await team.resetLinkIsValid(token))) throw adminErrors.RESET_LINK_INVALID();
    return sendPage(reply.header('cache-control', 'no-store'), <ResetPasswordPage ctx={adminContext(request, reply)} token={token} email="" errors={{}} />);
  });

  app.post<{ Params: { token: string }; Body: Record<string, unknown> }>(adminPaths.passwordReset(':token'), limited(), async (request, reply) => {
    const { token } = request.params;
    try {
      await team.resetPassword(token, request.body, requestLocale(request));
      return reply.clearCookie(cookies.session.name, cookies.session.options).redirect(`${adminPaths.login}?reinitialise=1`, 303);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return sendPage(reply, <ResetPasswordPage ctx={adminContext(request, reply)} token={token} email="" errors={errors} />, 422);
    }
  });

  app.get(adminPaths.invitation(':token'), open, async (request: FastifyRequest<{ Params: { token: string } }>, reply) => {
    const { token } = request.params;
    const invitation = await team.invitationFor(token);
    if (!invitation) throw adminErrors.INVITATION_INVALID();
    return sendPage(reply.header('cache-control', 'no-store'), <InvitationPage ctx={adminContext(request, reply)} token={token} email={invitation.email} role={invitation.role} errors={{}} />);
  });

  app.post<{ Params: { token: string }; Body: Record<string, unknown> }>(adminPaths.invitation(':token'), limited(), async (request, reply) => {
    const { token } = request.params;
    try {
      return startSession(reply, await team.acceptInvitation(token, request.body, requestLocale(request)), adminPaths.dashboard);
    } catch (error) {
      const errors = formErrors(error);
      const invitation = errors ? await team.invitationFor(token) : undefined;
      if (!errors || !invitation) throw error;
      return sendPage(reply, <InvitationPage ctx={adminContext(request, reply)} token={token} email={invitation.email} role={invitation.role} errors={errors} />, 422);
    }
  });

  app.get(adminPaths.setup(':token'), open, async (request: FastifyRequest<{ Params: { token: string } }>, reply) => {
    const { token } = request.params;
    if (!(await admin.setupTokenIsValid(token))) throw adminErrors.SETUP_LINK_INVALID();
    return sendPage(reply, <SetupPage ctx={adminContext(request, reply)} token={token} errors={{}} />);
  });

  app.post<{ Params: { token: string }; Body: Record<string, unknown> }>(adminPaths.setup(':token'), limited(), async (request, reply) => {
    const { token } = request.params;
    try {
      const sessionToken = await admin.completeSetup(token, request.body, requestLocale(request));
      return startSession(reply, sessionToken, adminPaths.dashboard);
    } catch (error) {
      const errors = formErrors(error) ?? (isCode(error, 'EMAIL_TAKEN') ? { email: error.messageIn(requestLocale(request)) } : undefined);
      if (!errors) throw error;
      const email = typeof request.body?.email === 'string' ? request.body.email : '';
      return sendPage(reply, <SetupPage ctx={adminContext(request, reply)} token={token} errors={errors} email={email} />, 422);
    }
  });

  await app.register(accountRoutes, { admin, twoFactor });
  await app.register(teamRoutes, { team, admin });
}

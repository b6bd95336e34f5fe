import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext, adminCookies } from './admin.guard.js';
import type { AdminAccount, AdminService } from './admin.service.js';
import type { TwoFactorService } from './two-factor.service.js';
import { AccountPage, RecoveryCodesPage, TwoFactorEnrolPage, type AccountNotice } from './views/account-pages.js';

const notices: Record<string, AccountNotice> = { 'mot-de-passe': 'passwordChanged', 'double-authentification-desactivee': 'twoFactorDisabled' };

/** Every member's own account: change the password, turn the second factor on or off. */
export async function accountRoutes(app: FastifyInstance, { admin, twoFactor }: { admin: AdminService; twoFactor: TwoFactorService }) {
  const sessionCookie = adminCookies(app.config.baseUrl).session.name;
  /** The enrolment is what a member the owner requires to enrol may reach before enrolling. */
  const enrolment = { config: { beforeSecondFactor: true } };
  const me = (request: FastifyRequest): AdminAccount => request.admin!;

  async function accountPage(request: FastifyRequest, reply: Parameters<typeof adminContext>[1], extra: { passwordErrors?: Record<string, string>; disableErrors?: Record<string, string>; problem?: string; notice?: AccountNotice }, status = 200) {
    const account = me(request);
    const [status2fa, required] = await Promise.all([twoFactor.status(account), admin.twoFactorRequired()]);
    return sendPage(
      reply,
      <AccountPage
        ctx={adminContext(request, reply)}
        role={account.role}
        twoFactor={{ ...status2fa, required }}
        passwordErrors={extra.passwordErrors ?? {}}
        disableErrors={extra.disableErrors ?? {}}
        problem={extra.problem}
        notice={extra.notice}
      />,
      status,
    );
  }

  app.get(adminPaths.account, async (request: FastifyRequest<{ Querystring: { fait?: string } }>, reply) =>
    accountPage(request, reply, { ...(request.query.fait && notices[request.query.fait] ? { notice: notices[request.query.fait] } : {}) }),
  );

  app.post<{ Body: Record<string, unknown> }>(adminPaths.accountPassword, { config: { rateLimit: { max: 10, timeWindow: '15 minutes' } } }, async (request, reply) => {
    try {
      await admin.changePassword(me(request), request.cookies[sessionCookie]!, request.body, requestLocale(request));
      return reply.redirect(`${adminPaths.account}?fait=mot-de-passe`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return accountPage(request, reply, { passwordErrors: messagesByField(error) }, 422);
    }
  });

  app.get(adminPaths.accountTwoFactor, enrolment, async (request, reply) => {
    const account = me(request);
    if (account.twoFactor) return reply.redirect(adminPaths.account, 303);
    const [enrol, required] = await Promise.all([twoFactor.enrolment(account), admin.twoFactorRequired()]);
    return sendPage(reply.header('cache-control', 'no-store'), <TwoFactorEnrolPage ctx={adminContext(request, reply)} secret={enrol.secret} qrDataUri={enrol.qrDataUri} required={required} errors={{}} />);
  });

  app.post<{ Body: Record<string, unknown> }>(adminPaths.accountTwoFactor, { config: { ...enrolment.config, rateLimit: { max: 10, timeWindow: '15 minutes' } } }, async (request, reply) => {
    const account = me(request);
    if (account.twoFactor) return reply.redirect(adminPaths.account, 303);
    try {
      const codes = await twoFactor.confirm(account, request.cookies[sessionCookie]!, request.body, requestLocale(request));
      // Shown once, in the answer to this post; never stored in clear, never shown again.
      return sendPage(reply.header('cache-control', 'no-store'), <RecoveryCodesPage ctx={adminContext(request, reply)} codes={codes} />);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const [enrol, required] = await Promise.all([twoFactor.enrolment(account), admin.twoFactorRequired()]);
      return sendPage(
        reply.header('cache-control', 'no-store'),
        <TwoFactorEnrolPage ctx={adminContext(request, reply)} secret={enrol.secret} qrDataUri={enrol.qrDataUri} required={required} errors={messagesByField(error)} />,
        422,
      );
    }
  });

  app.post<{ Body: Record<string, unknown> }>(adminPaths.accountTwoFactorDisable, { config: { rateLimit: { max: 10, timeWindow: '15 minutes' } } }, async (request, reply) => {
    try {
      await twoFactor.disable(me(request), request.body, requestLocale(request));
      return reply.redirect(`${adminPaths.account}?fait=double-authentification-desactivee`, 303);
    } catch (error) {
      if (error instanceof ValidationFailed) return accountPage(request, reply, { disableErrors: messagesByField(error) }, 422);
      if (error instanceof AppError && error.code === 'TWO_FACTOR_REQUIRED') return accountPage(request, reply, { problem: error.messageIn(requestLocale(request)) }, error.status);
      throw error;
    }
  });
}

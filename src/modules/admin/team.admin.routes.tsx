import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import { adminErrors } from './admin.errors.js';
import { adminContext, adminCookies } from './admin.guard.js';
import type { AdminService } from './admin.service.js';
import type { TeamService } from './team.service.js';
import { RemoveMemberPage, TeamPage, type TeamNotice, type TeamPageProps } from './views/team-pages.js';

/** The team page (owner only): members, invitations, removal, the rule that everyone uses a second factor. */
export async function teamRoutes(app: FastifyInstance, { team, admin }: { team: TeamService; admin: AdminService }) {
  const ownerOnly = { config: { ownerOnly: true } };
  const cookies = adminCookies(app.config.baseUrl);

  async function teamPage(request: FastifyRequest, reply: FastifyReply, extra: Partial<Pick<TeamPageProps, 'errors' | 'problem' | 'values' | 'notice'>> = {}, status = 200) {
    const [members, invitations, twoFactorRequired] = await Promise.all([team.members(), team.invitations(), admin.twoFactorRequired()]);
    return sendPage(
      reply,
      <TeamPage
        ctx={adminContext(request, reply)}
        selfId={request.admin!.id}
        members={members}
        invitations={invitations}
        twoFactorRequired={twoFactorRequired}
        errors={extra.errors ?? {}}
        problem={extra.problem}
        values={extra.values ?? {}}
        notice={extra.notice}
      />,
      status,
    );
  }

  const notices: Record<string, TeamNotice> = {
    invitation: { kind: 'invited' },
    retire: { kind: 'removed' },
    'invitation-annulee': { kind: 'invitationCancelled' },
    exigee: { kind: 'requireSaved', on: true },
    'non-exigee': { kind: 'requireSaved', on: false },
  };

  app.get(adminPaths.team, ownerOnly, async (request: FastifyRequest<{ Querystring: { fait?: string } }>, reply) => {
    const notice = typeof request.query.fait === 'string' ? notices[request.query.fait] : undefined;
    return teamPage(request, reply, notice ? { notice } : {});
  });

  app.post<{ Body: Record<string, unknown> }>(adminPaths.teamInvite, ownerOnly, async (request, reply) => {
    try {
      await team.invite(request.admin!, request.body, requestLocale(request));
      return reply.redirect(`${adminPaths.team}?fait=invitation`, 303);
    } catch (error) {
      const values = formStrings(request.body);
      if (error instanceof ValidationFailed) return teamPage(request, reply, { errors: messagesByField(error), values }, 422);
      if (error instanceof AppError && error.code === 'ALREADY_MEMBER') return teamPage(request, reply, { errors: { email: error.messageIn(requestLocale(request)) }, values }, error.status);
      throw error;
    }
  });

  app.post(adminPaths.teamInvitationCancel(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    await team.cancelInvitation(request.params.id);
    return reply.redirect(`${adminPaths.team}?fait=invitation-annulee`, 303);
  });

  app.post<{ Body: Record<string, unknown> }>(adminPaths.teamTwoFactor, ownerOnly, async (request, reply) => {
    const required = formStrings(request.body).required === 'on';
    await team.setTwoFactorRequired(required);
    return reply.redirect(`${adminPaths.team}?fait=${required ? 'exigee' : 'non-exigee'}`, 303);
  });

  async function memberOr404(id: string) {
    const member = (await team.members()).find((m) => m.id === id);
    if (!member) throw adminErrors.MEMBER_NOT_FOUND();
    return member;
  }

  app.get(adminPaths.teamMemberRemove(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string } }>, reply) =>
    sendPage(reply, <RemoveMemberPage ctx={adminContext(request, reply)} member={await memberOr404(request.params.id)} />),
  );

  app.post(adminPaths.teamMemberRemove(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const { id } = request.params;
    try {
      await team.removeMember(id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'LAST_OWNER') return teamPage(request, reply, { problem: error.messageIn(requestLocale(request)) }, error.status);
      throw error;
    }
    // An owner who removed themselves has no session left: back to the login page.
    if (id === request.admin!.id) return reply.clearCookie(cookies.session.name, cookies.session.options).redirect(adminPaths.login, 303);
    return reply.redirect(`${adminPaths.team}?fait=retire`, 303);
  });
}

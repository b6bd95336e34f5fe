import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { AppError } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import { frenchCsv } from '../../platform/csv.js';
import type { PolicyAnnouncements } from './policy-announcements.service.js';
import type { PrivacyService } from './privacy.service.js';
import { processingRecord, processingRecordRows } from './processing-record.js';
import { PolicyAdminPage } from './views/policy-admin-page.js';
import { ProcessingRecordPage } from './views/processing-record-page.js';

/**
 * Back office (owner only): the policy's version to announce (its changes, a preview, « Publier »),
 * the announcements so far, and the record of processing activities (GDPR art. 30) as a page and a CSV.
 */
export async function privacyAdminRoutes(app: FastifyInstance, { privacy, announcements }: { privacy: PrivacyService; announcements: PolicyAnnouncements }) {
  // The owner's pages: staff get a 403 page (the back-office guard, admin module).
  const ownerOnly = { config: { ownerOnly: true } };

  async function policyPage(request: FastifyRequest, reply: FastifyReply, state: { published?: boolean; error?: string }, status = 200) {
    const [pending, history] = await Promise.all([announcements.pending(), announcements.history()]);
    return sendPage(reply.header('cache-control', 'no-store'), <PolicyAdminPage ctx={adminContext(request, reply)} pending={pending} history={history} published={state.published === true} {...(state.error ? { error: state.error } : {})} />, status);
  }

  app.get<{ Querystring: Record<string, unknown> }>(adminPaths.privacyPolicy, ownerOnly, async (request, reply) => policyPage(request, reply, { published: request.query.publiee === '1' }));

  app.post<{ Body: Record<string, unknown> }>(adminPaths.privacyPolicyPublish, ownerOnly, async (request, reply) => {
    const version = typeof request.body?.version === 'string' ? request.body.version : '';
    try {
      await announcements.announce(version);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // Already announced, or the text changed since the preview: the page again, as it is now, with why.
      return policyPage(request, reply, { error: error.messageIn(requestLocale(request)) }, error.status);
    }
    return reply.redirect(`${adminPaths.privacyPolicy}?publiee=1`, 303);
  });

  app.get(adminPaths.processingRecord, ownerOnly, async (request, reply) => {
    const record = processingRecord(app.business.current(), privacy.registers, requestLocale(request));
    return sendPage(reply.header('cache-control', 'no-store'), <ProcessingRecordPage ctx={adminContext(request, reply)} record={record} />);
  });

  app.get(adminPaths.processingRecordCsv, ownerOnly, async (_request, reply) => {
    const business = app.business.current();
    const { header, rows } = processingRecordRows(processingRecord(business, privacy.registers, 'fr'));
    const day = DateTime.fromJSDate(app.clock.now()).setZone(business.timezone).toISODate()!;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="registre-des-traitements-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(frenchCsv(header, rows));
  });
}

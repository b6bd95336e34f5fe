import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineErrors } from '../../platform/http/errors.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import type { OutboxService } from './outbox.service.js';
import { OutboxListPage, OutboxMessagePage } from './views/outbox-pages.js';

const PAGE_SIZE = 50;

const errors = defineErrors({
  MESSAGE_NOT_FOUND: { status: 404, fr: 'Ce courriel n’existe pas ou a été supprimé.', en: 'This e-mail does not exist or was deleted.' },
});

const listQuery = z.object({
  etat: z.enum(['pending', 'sent', 'saved', 'failed']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1).default(1),
});

/** The outbox in the back office: every message queued, its delivery state, its bytes, a manual retry. */
export async function outboxAdminRoutes(app: FastifyInstance, { outbox }: { outbox: OutboxService }) {
  // The owner's pages: staff get a 403 page (the back-office guard, admin module).
  const ownerOnly = { config: { ownerOnly: true } };

  app.get(adminPaths.outbox, ownerOnly, async (request, reply) => {
    const query = listQuery.parse(request.query);
    const [rows, counts] = await Promise.all([
      outbox.list({ ...(query.etat ? { status: query.etat } : {}), limit: PAGE_SIZE + 1, offset: (query.page - 1) * PAGE_SIZE }),
      outbox.counts(),
    ]);
    return sendPage(
      reply,
      <OutboxListPage
        ctx={adminContext(request, reply)}
        messages={rows.slice(0, PAGE_SIZE)}
        counts={counts}
        status={query.etat}
        page={query.page}
        hasNext={rows.length > PAGE_SIZE}
        transport={outbox.transportKind}
      />,
    );
  });

  async function messageOr404(id: string) {
    const message = await outbox.get(id);
    if (!message) throw errors.MESSAGE_NOT_FOUND();
    return message;
  }

  app.get(adminPaths.outboxMessage(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const message = await messageOr404(request.params.id);
    return sendPage(reply, <OutboxMessagePage ctx={adminContext(request, reply)} message={message} nextAttemptAt={await outbox.nextAttemptAt(message)} />);
  });

  app.get(adminPaths.outboxMessageEml(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const message = await messageOr404(request.params.id);
    return reply
      .header('content-type', 'message/rfc822')
      .header('content-disposition', `attachment; filename="${message.id}.eml"`)
      .header('cache-control', 'no-store')
      .send(await outbox.eml(message));
  });

  app.post(adminPaths.outboxMessageRetry(':id'), ownerOnly, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const message = await messageOr404(request.params.id);
    await outbox.retry(message.id);
    return reply.redirect(adminPaths.outboxMessage(message.id), 303);
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { paths } from '../../platform/http/paths.js';
import type { AgendaService } from './agenda.service.js';

/**
 * The owner's calendar feed, fetched by calendar apps (no session, no cookie): the token in
 * the URL is the only key, so an unknown or revoked one is a plain 404.
 */
export async function agendaFeedRoutes(app: FastifyInstance, { agenda }: { agenda: AgendaService }) {
  app.get(paths.ownerCalendarFeed(':token'), async (request: FastifyRequest<{ Params: { token: string } }>, reply) => {
    const body = await agenda.feed(request.params.token);
    return reply
      .header('cache-control', 'private, no-store')
      .header('x-robots-tag', 'noindex')
      .type('text/calendar; charset=utf-8')
      .send(body);
  });
}

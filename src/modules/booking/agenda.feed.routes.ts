import type { FastifyInstance, FastifyRequest } from 'fastify';
import { paths } from '../../platform/http/paths.js';
import { sha256Hex } from '../../platform/ids.js';
import type { AgendaService } from './agenda.service.js';

/**
 * The owner's calendar feed, fetched by calendar apps (no session, no cookie): the token in
 * the URL is the only key, so an unknown or revoked one is a plain 404.
 */
export async function agendaFeedRoutes(app: FastifyInstance, { agenda }: { agenda: AgendaService }) {
  app.get(paths.ownerCalendarFeed(':token'), async (request: FastifyRequest<{ Params: { token: string } }>, reply) => {
    const body = await agenda.feed(request.params.token);
    // Calendar providers poll the feed: an unchanged feed costs them (and us) a 304.
    const etag = `"${sha256Hex(body).slice(0, 32)}"`;
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply
      .header('x-robots-tag', 'noindex')
      .type('text/calendar; charset=utf-8')
      .send(body);
  });
}

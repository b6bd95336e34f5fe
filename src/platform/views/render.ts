import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function renderDocument(page: VNode<any>): string {
  return `<!doctype html>${renderToString(page)}`;
}

/** Sends a page already rendered to HTML (see page-cache.ts). */
export function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

/** Sends a server-rendered page. Pages are private by default: nothing personal lands in a shared cache. */
export function sendPage(reply: FastifyReply, page: VNode<any>, status = 200): FastifyReply {
  return sendHtml(reply, renderDocument(page), status);
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { adminPaths } from '../../platform/http/paths.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import type { WebhooksService } from '../webhooks/index.js';
import type { ApiKeysService } from './owner-api.keys.js';
import { ApiAccessPage, WebhookLogPage, type ApiAccessPageProps } from './views/api-access-pages.js';

const owner = { config: { ownerOnly: true } } as const;

/**
 * The owner's page for their other tools (/admin/parametres/api): API keys and webhooks, each
 * secret shown once, on the page that answers its creation (never stored in clear, never in a URL).
 */
export async function ownerApiAdminRoutes(app: FastifyInstance, { keys, webhooks }: { keys: ApiKeysService; webhooks: WebhooksService }) {
  async function render(request: FastifyRequest, reply: FastifyReply, extra: Partial<ApiAccessPageProps> = {}, status = 200) {
    const [apiKeys, endpoints] = await Promise.all([keys.list(), webhooks.list()]);
    // A page showing a secret must not be kept by the browser or a proxy.
    reply.header('cache-control', 'no-store');
    return sendPage(reply, <ApiAccessPage ctx={adminContext(request, reply)} keys={apiKeys} endpoints={endpoints} {...extra} />, status);
  }

  app.get(adminPaths.apiAccess, owner, async (request, reply) => render(request, reply));

  app.post<{ Body: Record<string, unknown> }>(adminPaths.apiKeys, owner, async (request, reply) => {
    const ctx = adminContext(request, reply);
    try {
      const created = await keys.create(request.body, ctx.locale);
      return render(request, reply, { newKey: created });
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return render(request, reply, { keyErrors: messagesByField(error), keyForm: request.body }, 422);
    }
  });

  app.post<{ Params: { id: string } }>(adminPaths.apiKeyRevoke(':id'), owner, async (request, reply) => {
    await keys.revoke(request.params.id);
    return reply.redirect(adminPaths.apiAccess, 303);
  });

  app.post<{ Body: Record<string, unknown> }>(adminPaths.webhooks, owner, async (request, reply) => {
    const ctx = adminContext(request, reply);
    try {
      // The API's schema takes only url and events: the form's CSRF token is not one of them.
      const { _csrf: _token, ...form } = request.body ?? {};
      const created = await webhooks.create(form, ctx.locale);
      return render(request, reply, { newEndpoint: created });
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return render(request, reply, { webhookErrors: messagesByField(error), webhookForm: request.body }, 422);
    }
  });

  app.get<{ Params: { id: string } }>(adminPaths.webhook(':id'), owner, async (request, reply) => {
    const endpoint = await webhooks.get(request.params.id);
    return sendPage(reply, <WebhookLogPage ctx={adminContext(request, reply)} endpoint={endpoint} deliveries={await webhooks.deliveries(endpoint.id)} />);
  });

  app.post<{ Params: { id: string } }>(adminPaths.webhookDelete(':id'), owner, async (request, reply) => {
    await webhooks.remove(request.params.id);
    return reply.redirect(adminPaths.apiAccess, 303);
  });
}

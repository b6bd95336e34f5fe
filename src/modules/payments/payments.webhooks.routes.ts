import type { FastifyInstance, FastifyRequest } from 'fastify';
import { defineErrors } from '../../platform/http/errors.js';
import type { OnlinePayments } from './payments.online.js';
import { WebhookRejected, type ProviderName } from './providers/provider.js';

export const webhookErrors = defineErrors({
  WEBHOOK_PROVIDER_UNKNOWN: { status: 404, fr: 'Aucun prestataire de paiement n’est configuré à cette adresse.', en: 'No payment provider is configured at this address.' },
  WEBHOOK_REJECTED: {
    status: 400,
    fr: 'Notification refusée\u00a0: sa signature est absente, fausse ou trop ancienne.',
    en: 'Notification refused: its signature is missing, wrong or too old.',
  },
});

const PROVIDERS: ReadonlySet<string> = new Set<ProviderName>(['stripe', 'paypal']);
/** Providers deliver in bursts after an outage; far above that, someone is knocking. */
const WEBHOOKS_PER_MINUTE = 600;

/**
 * POST /webhooks/:provider — the payment providers' notifications. The body is kept as the bytes
 * received (the signature covers them: a parsed and re-serialised JSON would not match), for
 * these routes only. No CSRF token (the provider's signature is the proof), no session.
 */
export async function paymentWebhookRoutes(app: FastifyInstance, { online }: { online: OnlinePayments }) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));

  app.post(
    '/webhooks/:provider',
    { config: { rateLimit: { max: WEBHOOKS_PER_MINUTE, timeWindow: '1 minute' } } },
    async (request: FastifyRequest<{ Params: { provider: string } }>, reply) => {
      const name = request.params.provider;
      if (!PROVIDERS.has(name) || !online.configured().includes(name as ProviderName)) throw webhookErrors.WEBHOOK_PROVIDER_UNKNOWN();
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      try {
        const outcome = await online.receiveWebhook(name as ProviderName, raw, request.headers);
        request.log.info({ provider: name, outcome }, 'payment webhook');
        return reply.code(200).send({ received: true, outcome });
      } catch (error) {
        if (!(error instanceof WebhookRejected)) throw error;
        request.log.warn({ provider: name, reason: error.reason }, 'payment webhook rejected');
        throw webhookErrors.WEBHOOK_REJECTED();
      }
    },
  );
}

import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { createSealer } from '../../platform/encryption.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { validate } from '../../platform/http/validation.js';
import { newId } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { DomainEvent, EventBus, JobRun, JobsService } from '../jobs/index.js';
import { isPublicAddress, literalAddress, resolveAll } from './webhooks.address.js';
import { webhookErrors, webhookFieldMessages } from './webhooks.errors.js';
import * as queries from './webhooks.queries.js';
import { webhookEndpointRequestSchema, webhookValidationTexts, type WebhookEndpointResponse } from './webhooks.schemas.js';
import { sendWebhook } from './webhooks.sender.js';
import { DELIVER_JOB, deliveryKey } from './webhooks.register.js';

export interface WebhooksDeps {
  database: Database;
  clock: Clock;
  jobs: JobsService;
  events: EventBus;
  secretKey: string;
  /** WEBHOOKS_ALLOW_PRIVATE: loopback and private addresses accepted (development, tests). */
  allowPrivate: boolean;
  /** What an event says of its subject (the booking, the customer) as it is when the event is sent out; null when it is gone. */
  payloadOf: (event: DomainEvent) => Promise<Record<string, unknown> | null>;
  log: Pick<Logger, 'info' | 'warn'>;
}

/** A delivery is retried with backoff for three days, then given up. */
const RETRY_FOR_MS = 3 * 24 * 3_600_000;
const LOG_SIZE = 50;

export type WebhooksService = ReturnType<typeof createWebhooksService>;

/**
 * Outgoing webhooks: each event a subscribed endpoint wants becomes a delivery, its JSON body
 * fixed when made, sent by a job (signed, retried with backoff for three days, then failed),
 * logged per endpoint.
 */
export function createWebhooksService(deps: WebhooksDeps) {
  const { database, clock, jobs, log } = deps;
  const sealer = createSealer(deps.secretKey, 'webhook-secret');

  /** The URL's problem, beside the url field, or nothing. */
  async function checkUrl(value: string, locale: Locale): Promise<void> {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ValidationFailed([webhookFieldMessages.URL_SCHEME(locale)]);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationFailed([webhookFieldMessages.URL_SCHEME(locale)]);
    if (url.username || url.password) throw new ValidationFailed([webhookFieldMessages.URL_CREDENTIALS(locale)]);
    if (deps.allowPrivate) return;
    const literal = literalAddress(url.hostname);
    let addresses: string[];
    try {
      addresses = literal ? [literal] : await resolveAll(url.hostname);
    } catch {
      throw new ValidationFailed([webhookFieldMessages.URL_UNRESOLVED(locale)]);
    }
    if (addresses.some((address) => !isPublicAddress(address))) throw new ValidationFailed([webhookFieldMessages.URL_PRIVATE(locale)]);
  }

  function toResponse(endpoint: queries.Endpoint): WebhookEndpointResponse {
    return { id: endpoint.id, url: endpoint.url, events: endpoint.events, createdAt: endpoint.createdAt };
  }

  /** Makes the deliveries of an event for every endpoint that wants it, and their jobs; run again, it adds nothing. */
  async function fanOut(event: DomainEvent): Promise<void> {
    const endpoints = (await queries.selectEndpoints(database.db)).filter((e) => e.events.includes(event.type));
    if (endpoints.length === 0) return;
    const data = await deps.payloadOf(event);
    if (!data) return;
    const body = JSON.stringify({ id: event.id, type: event.type, created: Math.floor(Date.parse(event.occurredAt) / 1000), data });
    const now = clock.now();
    await database.db.transaction().execute(async (trx) => {
      await queries.insertDeliveries(
        trx,
        endpoints.map((endpoint) => ({
          id: newId(),
          endpoint_id: endpoint.id,
          event_id: event.id,
          event_type: event.type,
          body,
          status: 'pending' as const,
          attempts: 0,
          last_status_code: null,
          last_error: null,
          created_at: now.toISOString(),
          last_attempt_at: null,
          delivered_at: null,
        })),
      );
      await jobs.scheduleAll(
        trx,
        endpoints.map((endpoint) => ({ kind: DELIVER_JOB, key: deliveryKey(endpoint.id, event.id), payload: { endpointId: endpoint.id, eventId: event.id }, runAt: now })),
      );
    });
    jobs.wake();
  }

  async function deliver({ endpointId, eventId }: { endpointId: string; eventId: string }, run: JobRun): Promise<void> {
    const [endpoint, delivery] = await Promise.all([queries.selectEndpoint(database.db, endpointId), queries.selectDelivery(database.db, endpointId, eventId)]);
    // The endpoint was deleted (its deliveries with it), or this one already went out.
    if (!endpoint || !delivery || delivery.status !== 'pending') return;
    const secret = sealer.open(endpoint.secretSealed, endpoint.id);
    if (secret === undefined) throw new Error('the signing secret cannot be read: SECRET_KEY changed since the endpoint was made');
    const outcome = await sendWebhook({ url: endpoint.url, body: delivery.body, secret, eventId, nowSeconds: Math.floor(clock.now().getTime() / 1000), allowPrivate: deps.allowPrivate });
    const atIso = clock.now().toISOString();
    if (outcome.ok) {
      await run.finish((trx) => queries.recordAttempt(trx, delivery.id, { status: 'delivered', statusCode: outcome.status, error: null, atIso }));
      return;
    }
    await queries.recordAttempt(database.db, delivery.id, { status: 'pending', statusCode: outcome.status, error: outcome.error, atIso });
    log.warn({ endpointId, eventId, status: outcome.status, attempt: run.attempt }, 'webhook delivery failed');
    throw new Error(`webhook ${eventId}: ${outcome.status ?? 'no answer'}`);
  }

  jobs.define<{ endpointId: string; eventId: string }>({
    kind: DELIVER_JOB,
    label: { fr: 'Envoi d’un webhook', en: 'Webhook delivery' },
    run: deliver,
    retryBaseMs: 30_000,
    retryMaxMs: 60 * 60_000,
    retryForMs: RETRY_FOR_MS,
    maxAttempts: 1000,
    onDead: (db, { endpointId, eventId }) => queries.markFailed(db, endpointId, eventId),
  });
  deps.events.listen(fanOut);

  return {
    /** Saves an endpoint; its signing secret is in this answer only. */
    async create(input: unknown, locale: Locale): Promise<WebhookEndpointResponse & { secret: string }> {
      const { url, events } = validate(webhookEndpointRequestSchema, input, locale, webhookValidationTexts);
      await checkUrl(url, locale);
      const id = newId();
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const endpoint = { id, url, events: [...new Set(events)], secretSealed: sealer.seal(secret, id), createdAt: clock.now().toISOString() };
      await queries.insertEndpoint(database.db, { id, url, events: JSON.stringify(endpoint.events), secret_sealed: endpoint.secretSealed, created_at: endpoint.createdAt });
      log.info({ endpointId: id, events: endpoint.events }, 'webhook endpoint created');
      return { ...toResponse(endpoint), secret };
    },
    async list(): Promise<WebhookEndpointResponse[]> {
      return (await queries.selectEndpoints(database.db)).map(toResponse);
    },
    async get(id: string): Promise<WebhookEndpointResponse> {
      const endpoint = await queries.selectEndpoint(database.db, id);
      if (!endpoint) throw webhookErrors.WEBHOOK_NOT_FOUND();
      return toResponse(endpoint);
    },
    /** Deletes an endpoint and its log; its pending deliveries are not sent. */
    async remove(id: string): Promise<void> {
      if (!(await queries.deleteEndpoint(database.db, id))) throw webhookErrors.WEBHOOK_NOT_FOUND();
    },
    /** The endpoint's latest deliveries, newest first. */
    deliveries: (endpointId: string) => queries.selectDeliveriesOf(database.db, endpointId, LOG_SIZE),
  };
}

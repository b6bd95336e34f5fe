import { adminPaths } from '../../../platform/http/paths.js';
import { formatDateTime } from '../../../platform/i18n/format.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, fieldId, TextField, type Errors } from '../../../ui/form.js';
import { WEBHOOK_EVENTS, type Delivery, type WebhookEndpointResponse } from '../../webhooks/index.js';
import type { ApiKey } from '../owner-api.model.js';

const texts = {
  fr: {
    title: 'API et webhooks',
    intro:
      'Reliez vos autres outils (comptabilité, messagerie, agenda) au site\u00a0: une clé d’API leur permet de lire vos réservations et vos clients, ou d’en prendre et d’en modifier\u00a0; un webhook les prévient à chaque réservation, modification ou annulation. La documentation technique est à l’adresse ',
    errors: 'Le formulaire contient des erreurs',
    keys: 'Clés d’API',
    noKeys: 'Aucune clé pour l’instant.',
    keyName: 'Nom de la clé',
    keyNameHint: 'L’outil qui l’utilisera, par exemple «\u00a0Comptabilité\u00a0».',
    scope: 'Droits',
    read: 'Lecture seule',
    write: 'Lecture et écriture (prendre, déplacer, annuler des réservations\u00a0; gérer les webhooks)',
    readShort: 'lecture',
    writeShort: 'lecture et écriture',
    createKey: 'Créer la clé',
    newKey: (name: string) => `Voici la clé « ${name} ». Copiez-la maintenant dans votre outil\u00a0: elle ne sera plus jamais affichée.`,
    created: 'Créée le',
    lastUsed: 'Dernière utilisation',
    never: 'jamais',
    revoked: (date: string) => `Révoquée le ${date}`,
    revoke: 'Révoquer',
    webhooks: 'Webhooks',
    noWebhooks: 'Aucun webhook pour l’instant.',
    url: 'Adresse de réception (URL)',
    urlHint: 'Chaque événement y est envoyé en POST, signé (en-tête WServices-Signature).',
    events: 'Événements à envoyer',
    eventNames: {
      'booking.created': 'Nouvelle réservation (booking.created)',
      'booking.moved': 'Réservation déplacée (booking.moved)',
      'booking.cancelled': 'Réservation annulée (booking.cancelled)',
      'customer.updated': 'Coordonnées d’un client modifiées (customer.updated)',
      'payment.succeeded': 'Paiement reçu, sur place ou en ligne (payment.succeeded)',
      'payment.refunded': 'Paiement corrigé ou remboursé (payment.refunded)',
      'invoice.issued': 'Facture ou avoir émis (invoice.issued)',
    } as Record<string, string>,
    createWebhook: 'Ajouter le webhook',
    newSecret: 'Voici le secret de signature de ce webhook. Copiez-le maintenant dans votre outil\u00a0: il ne sera plus jamais affiché.',
    log: 'Journal des envois',
    remove: 'Supprimer',
    back: 'Retour à l’API et aux webhooks',
    logTitle: 'Journal des envois',
    noDeliveries: 'Aucun envoi pour l’instant.',
    status: { pending: 'En cours', delivered: 'Reçu', failed: 'Abandonné', cancelled: 'Annulé' } as Record<string, string>,
    attempts: (n: number) => (n < 2 ? `${n}\u00a0tentative` : `${n}\u00a0tentatives`),
    answer: 'Réponse',
    retention: 'Les envois sont retentés pendant 3\u00a0jours en cas d’échec\u00a0; le journal est conservé 30\u00a0jours.',
  },
  en: {
    title: 'API and webhooks',
    intro:
      'Connect your other tools (accounting, messaging, calendar) to the site: an API key lets them read your bookings and customers, or make and change bookings; a webhook tells them of each booking, change or cancellation. The technical documentation is at ',
    errors: 'The form has errors',
    keys: 'API keys',
    noKeys: 'No key yet.',
    keyName: 'Key name',
    keyNameHint: 'The tool that will use it, for example "Accounting".',
    scope: 'Rights',
    read: 'Read only',
    write: 'Read and write (make, move, cancel bookings; manage webhooks)',
    readShort: 'read',
    writeShort: 'read and write',
    createKey: 'Create the key',
    newKey: (name: string) => `Here is the key "${name}". Copy it into your tool now: it will never be shown again.`,
    created: 'Created on',
    lastUsed: 'Last used',
    never: 'never',
    revoked: (date: string) => `Revoked on ${date}`,
    revoke: 'Revoke',
    webhooks: 'Webhooks',
    noWebhooks: 'No webhook yet.',
    url: 'Receiving address (URL)',
    urlHint: 'Each event is POSTed there, signed (WServices-Signature header).',
    events: 'Events to send',
    eventNames: {
      'booking.created': 'New booking (booking.created)',
      'booking.moved': 'Booking moved (booking.moved)',
      'booking.cancelled': 'Booking cancelled (booking.cancelled)',
      'customer.updated': 'Customer details changed (customer.updated)',
      'payment.succeeded': 'Payment received, on site or online (payment.succeeded)',
      'payment.refunded': 'Payment corrected or refunded (payment.refunded)',
      'invoice.issued': 'Invoice or credit note issued (invoice.issued)',
    } as Record<string, string>,
    createWebhook: 'Add the webhook',
    newSecret: 'Here is this webhook’s signing secret. Copy it into your tool now: it will never be shown again.',
    log: 'Delivery log',
    remove: 'Delete',
    back: 'Back to API and webhooks',
    logTitle: 'Delivery log',
    noDeliveries: 'Nothing sent yet.',
    status: { pending: 'In progress', delivered: 'Received', failed: 'Given up', cancelled: 'Cancelled' } as Record<string, string>,
    attempts: (n: number) => (n === 1 ? '1 attempt' : `${n} attempts`),
    answer: 'Answer',
    retention: 'Failed deliveries are retried for 3 days; the log is kept 30 days.',
  },
};

export interface ApiAccessPageProps {
  ctx: AdminContext;
  keys: ApiKey[];
  endpoints: WebhookEndpointResponse[];
  newKey?: { key: string; name: string };
  newEndpoint?: WebhookEndpointResponse & { secret: string };
  keyErrors?: Errors;
  keyForm?: unknown;
  webhookErrors?: Errors;
  webhookForm?: unknown;
}

const posted = (form: unknown, name: string): string | undefined => {
  const value = (form as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};
const postedList = (form: unknown, name: string): string[] => {
  const value = (form as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

/** A secret shown once, in a read-only field the owner can select and copy. */
function OnceSecret({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div class="notice notice--success" role="status">
      <label for={id}>{label}</label>
      <input id={id} class="secret-once" type="text" readOnly value={value} />
    </div>
  );
}

export function ApiAccessPage(props: ApiAccessPageProps) {
  const { ctx, keys, endpoints } = props;
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const when = (iso: string) => formatDateTime(iso, ctx.locale, zone);
  const keyErrors = props.keyErrors ?? {};
  const webhookErrors = props.webhookErrors ?? {};
  const chosenScope = posted(props.keyForm, 'scope') ?? 'read';
  const chosenEvents = props.webhookForm ? postedList(props.webhookForm, 'events') : [...WEBHOOK_EVENTS];
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.settings}>
      <h1>{t.title}</h1>
      <p>
        {t.intro}
        <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>

      <h2 id="cles">{t.keys}</h2>
      {props.newKey ? <OnceSecret id="new-key" label={t.newKey(props.newKey.name)} value={props.newKey.key} /> : null}
      {keys.length === 0 ? (
        <p>{t.noKeys}</p>
      ) : (
        <ul class="card-list">
          {keys.map((key) => (
            <li key={key.id} class="card job">
              <p class="job__head">
                <strong>{key.name}</strong> <span class={`badge badge--${key.revokedAt ? 'cancelled' : 'confirmed'}`}>{key.scope === 'write' ? t.writeShort : t.readShort}</span>
              </p>
              <p class="muted">
                <code>{key.prefix}…</code> · {t.created} {when(key.createdAt)} · {t.lastUsed}{ctx.locale === 'fr' ? '\u00a0:' : ':'} {key.lastUsedAt ? when(key.lastUsedAt) : t.never}
              </p>
              {key.revokedAt ? (
                <p>{t.revoked(when(key.revokedAt))}</p>
              ) : (
                <form method="post" action={adminPaths.apiKeyRevoke(key.id)}>
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <button type="submit" class="button button--secondary">
                    {t.revoke}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={adminPaths.apiKeys} class="stack" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <ErrorSummary errors={keyErrors} title={t.errors} />
        <TextField name="name" label={t.keyName} hint={t.keyNameHint} required maxLength={80} value={posted(props.keyForm, 'name')} error={keyErrors.name} />
        <fieldset class="field">
          <legend>{t.scope}</legend>
          {(['read', 'write'] as const).map((scope) => (
            <div class="field--radio" key={scope}>
              <input type="radio" id={fieldId(`scope-${scope}`)} name="scope" value={scope} checked={chosenScope === scope} />
              <label for={fieldId(`scope-${scope}`)}>{scope === 'read' ? t.read : t.write}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" class="button">
          {t.createKey}
        </button>
      </form>

      <h2 id="webhooks">{t.webhooks}</h2>
      {props.newEndpoint ? <OnceSecret id="new-secret" label={t.newSecret} value={props.newEndpoint.secret} /> : null}
      {endpoints.length === 0 ? (
        <p>{t.noWebhooks}</p>
      ) : (
        <ul class="card-list">
          {endpoints.map((endpoint) => (
            <li key={endpoint.id} class="card job">
              <p class="job__head">
                <strong class="break-anywhere">{endpoint.url}</strong>
              </p>
              <p class="muted">
                {endpoint.events.join(', ')} · {t.created} {when(endpoint.createdAt)}
              </p>
              <p>
                <a href={adminPaths.webhook(endpoint.id)}>{t.log}</a>
              </p>
              <form method="post" action={adminPaths.webhookDelete(endpoint.id)}>
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                <button type="submit" class="button button--secondary">
                  {t.remove}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={adminPaths.webhooks} class="stack" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <ErrorSummary errors={webhookErrors} title={t.errors} />
        <TextField name="url" type="url" label={t.url} hint={t.urlHint} required maxLength={2000} value={posted(props.webhookForm, 'url')} error={webhookErrors.url} />
        <fieldset class={`field${webhookErrors.events ? ' field--error' : ''}`} id={fieldId('events')}>
          <legend>{t.events}</legend>
          {webhookErrors.events ? <p class="field-error">{webhookErrors.events}</p> : null}
          {WEBHOOK_EVENTS.map((event) => (
            <div class="field--checkbox" key={event}>
              <input type="checkbox" id={fieldId(`event-${event}`)} name="events" value={event} checked={chosenEvents.includes(event)} />
              <label for={fieldId(`event-${event}`)}>{t.eventNames[event]}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" class="button">
          {t.createWebhook}
        </button>
      </form>
      <p class="muted">{t.retention}</p>
    </AdminLayout>
  );
}

export function WebhookLogPage({ ctx, endpoint, deliveries }: { ctx: AdminContext; endpoint: WebhookEndpointResponse; deliveries: Delivery[] }) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  return (
    <AdminLayout ctx={ctx} title={t.logTitle} current={adminPaths.settings}>
      <p>
        <a href={adminPaths.apiAccess}>{t.back}</a>
      </p>
      <h1>{t.logTitle}</h1>
      <p class="break-anywhere">
        <strong>{endpoint.url}</strong>
      </p>
      {deliveries.length === 0 ? (
        <p>{t.noDeliveries}</p>
      ) : (
        <ul class="card-list">
          {deliveries.map((d) => (
            <li key={d.id} class="card job">
              <p class="job__head">
                <strong>{d.eventType}</strong>{' '}
                <span class={`badge badge--${d.status === 'delivered' ? 'done' : d.status === 'failed' ? 'dead' : 'pending'}`}>{t.status[d.status]}</span>
              </p>
              <p class="muted">
                {formatDateTime(d.createdAt, ctx.locale, zone)} · {t.attempts(d.attempts)} · <code>{d.eventId}</code>
              </p>
              {d.lastStatusCode !== null || d.lastError ? (
                <p>
                  {t.answer}
                  {ctx.locale === 'fr' ? '\u00a0:' : ':'} <code>{d.lastError ?? `HTTP ${d.lastStatusCode}`}</code>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </AdminLayout>
  );
}

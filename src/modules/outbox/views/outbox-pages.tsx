import { adminPaths } from '../../../platform/http/paths.js';
import { formatDateTime } from '../../../platform/i18n/format.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { Pager, StatusFilter } from '../../../platform/views/status-list.js';
import type { MailRefusal, OutboxMessage, OutboxStatus } from '../outbox.model.js';

const texts = {
  fr: {
    title: 'Courriels',
    intro: {
      smtp: 'Chaque courriel est enregistré ici avec la modification qu’il annonce, puis envoyé par le serveur SMTP configuré\u00a0; en cas d’échec, il est renvoyé automatiquement, de plus en plus espacé.',
      file: 'Aucun serveur SMTP n’est configuré (SMTP_URL)\u00a0: les courriels ne partent pas, ils sont enregistrés ici et écrits en fichiers .eml dans le dossier de données (mail/).',
    },
    status: { pending: 'En attente', sent: 'Envoyé', saved: 'Enregistré (.eml)', failed: 'Échec', skipped: 'Non envoyé' } as Record<OutboxStatus, string>,
    skipReason: { restricted: 'Non envoyé\u00a0: le traitement des données de ce destinataire est limité (RGPD, art.\u00a018).', suppressed: 'Non envoyé\u00a0: ce destinataire s’est opposé à la prospection (RGPD, art.\u00a021).' } as Record<MailRefusal, string>,
    all: 'Tous',
    created: 'Créé',
    to: 'Destinataire',
    replyTo: 'Réponse à',
    subject: 'Objet',
    state: 'État',
    attempts: 'Tentatives',
    none: 'Aucun courriel.',
    filter: 'Filtrer par état',
    next: 'Page suivante',
    previous: 'Page précédente',
    messageId: 'Message-ID',
    sentAt: 'Envoyé le',
    nextAttempt: 'Prochaine tentative',
    failedAt: 'Abandonné le',
    lastError: 'Dernière erreur',
    download: 'Télécharger le message (.eml)',
    retry: 'Renvoyer maintenant',
    back: 'Retour aux courriels',
    text: 'Texte du message',
    attachments: 'Pièces jointes',
  },
  en: {
    title: 'E-mails',
    intro: {
      smtp: 'Each e-mail is recorded here together with the change it announces, then sent through the configured SMTP server; failures are retried automatically, further and further apart.',
      file: 'No SMTP server is configured (SMTP_URL): e-mails are not sent; they are recorded here and written as .eml files in the data directory (mail/).',
    },
    status: { pending: 'Pending', sent: 'Sent', saved: 'Saved (.eml)', failed: 'Failed', skipped: 'Not sent' } as Record<OutboxStatus, string>,
    skipReason: { restricted: 'Not sent: the processing of this recipient’s data is restricted (GDPR, art. 18).', suppressed: 'Not sent: this recipient objected to prospecting (GDPR, art. 21).' } as Record<MailRefusal, string>,
    all: 'All',
    created: 'Created',
    to: 'Recipient',
    replyTo: 'Reply-To',
    subject: 'Subject',
    state: 'Status',
    attempts: 'Attempts',
    none: 'No e-mail.',
    filter: 'Filter by status',
    next: 'Next page',
    previous: 'Previous page',
    messageId: 'Message-ID',
    sentAt: 'Sent on',
    nextAttempt: 'Next attempt',
    failedAt: 'Given up on',
    lastError: 'Last error',
    download: 'Download the message (.eml)',
    retry: 'Send again now',
    back: 'Back to e-mails',
    text: 'Message text',
    attachments: 'Attachments',
  },
};

export function OutboxListPage(props: {
  ctx: AdminContext;
  messages: OutboxMessage[];
  counts: Record<OutboxStatus, number>;
  status: OutboxStatus | undefined;
  page: number;
  hasNext: boolean;
  transport: 'smtp' | 'file';
}) {
  const { ctx, messages, counts, status, page, hasNext } = props;
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const link = (s: OutboxStatus | undefined, p = 1) => `${adminPaths.outbox}?${new URLSearchParams({ ...(s ? { etat: s } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`;
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.outbox}>
      <h1>{t.title}</h1>
      <p>{t.intro[props.transport]}</p>
      <StatusFilter label={t.filter} allLabel={t.all} labels={t.status} counts={counts} current={status} link={(s) => link(s)} />
      {messages.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.created}</th>
                <th scope="col">{t.to}</th>
                <th scope="col">{t.subject}</th>
                <th scope="col">{t.state}</th>
                <th scope="col">{t.attempts}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(m.createdAt, ctx.locale, zone)}</td>
                  <td>{m.recipient}</td>
                  <td>
                    <a href={adminPaths.outboxMessage(m.id)}>{m.subject}</a>
                  </td>
                  <td>
                    <span class={`badge badge--${m.status}`}>{t.status[m.status]}</span>
                  </td>
                  <td>{m.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} hasNext={hasNext} link={(p) => link(status, p)} previousLabel={t.previous} nextLabel={t.next} />
    </AdminLayout>
  );
}

export function OutboxMessagePage({ ctx, message, nextAttemptAt }: { ctx: AdminContext; message: OutboxMessage; nextAttemptAt: string | null }) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  return (
    <AdminLayout ctx={ctx} title={message.subject} current={adminPaths.outbox}>
      <p>
        <a href={adminPaths.outbox}>← {t.back}</a>
      </p>
      <h1>{message.subject}</h1>
      <dl class="details">
        <div>
          <dt>{t.to}</dt>
          <dd>{message.recipient}</dd>
          {message.replyTo ? (
            <>
              <dt>{t.replyTo}</dt>
              <dd>{message.replyTo}</dd>
            </>
          ) : null}
        </div>
        <div>
          <dt>{t.state}</dt>
          <dd>
            <span class={`badge badge--${message.status}`}>{t.status[message.status]}</span>
            {message.skipReason ? <> {t.skipReason[message.skipReason]}</> : null}
          </dd>
        </div>
        <div>
          <dt>{t.created}</dt>
          <dd>{formatDateTime(message.createdAt, ctx.locale, zone)}</dd>
        </div>
        {message.sentAt ? (
          <div>
            <dt>{t.sentAt}</dt>
            <dd>{formatDateTime(message.sentAt, ctx.locale, zone)}</dd>
          </div>
        ) : null}
        {nextAttemptAt ? (
          <div>
            <dt>{t.nextAttempt}</dt>
            <dd>{formatDateTime(nextAttemptAt, ctx.locale, zone)}</dd>
          </div>
        ) : null}
        {message.failedAt ? (
          <div>
            <dt>{t.failedAt}</dt>
            <dd>{formatDateTime(message.failedAt, ctx.locale, zone)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t.attempts}</dt>
          <dd>{message.attempts}</dd>
        </div>
        <div>
          <dt>{t.messageId}</dt>
          <dd>
            <code>{message.messageId}</code>
          </dd>
        </div>
        {message.lastError ? (
          <div>
            <dt>{t.lastError}</dt>
            <dd>
              <code>{message.lastError}</code>
            </dd>
          </div>
        ) : null}
        {message.attachments.length ? (
          <div>
            <dt>{t.attachments}</dt>
            <dd>{message.attachments.map((a) => a.filename).join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      <p class="actions">
        <a class="button button--secondary" href={adminPaths.outboxMessageEml(message.id)}>
          {t.download}
        </a>
      </p>
      {message.status === 'failed' ? (
        <form method="post" action={adminPaths.outboxMessageRetry(message.id)}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <button type="submit" class="button">
            {t.retry}
          </button>
        </form>
      ) : null}
      <h2>{t.text}</h2>
      <pre class="mail-text">{message.text}</pre>
    </AdminLayout>
  );
}

import { adminPaths } from '../../../platform/http/paths.js';
import { formatCalendarDate, formatDateTime } from '../../../platform/i18n/format.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import type { PersonalDataFound } from '../../../platform/privacy-register.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, Notice, TextArea, type Errors } from '../../../ui/form.js';
import { daysLeft, type DeadlineLevel } from '../deadlines.js';
import type { EventKind, ListedRequest, PrivacyRequest, PrivacyRequestType, RequestEvent } from '../rights.model.js';
import { typeTexts } from '../rights.texts.js';

const NBSP = '\u00a0';

const texts = {
  fr: {
    title: 'Demandes sur les données',
    intro: 'Les demandes confirmées par les personnes (accès, rectification, effacement…), la plus urgente en premier. Chacune doit recevoir une réponse dans un délai d’un mois à compter de sa confirmation.',
    none: 'Aucune demande en cours.',
    caption: 'Demandes en cours, par date limite',
    received: 'Reçue le',
    type: 'Demande',
    email: 'Adresse',
    due: 'Réponse avant le',
    state: 'Délai',
    closedTitle: 'Dernières demandes closes',
    closedCaption: 'Demandes closes, la plus récente en premier',
    closedOn: 'Close le',
    level: { ok: (n: number) => `${n}${NBSP}jours restants`, soon: (n: number) => (n === 0 ? 'Dernier jour' : `Plus que ${n}${NBSP}jour${n > 1 ? 's' : ''}`), overdue: (n: number) => `En retard de ${n}${NBSP}jour${n > 1 ? 's' : ''}` },
    extended: 'prolongé',
    open: 'Ouvrir',
    details: 'La demande',
    message: 'Message de la personne',
    noMessage: 'Aucun message.',
    status: 'État',
    statusName: { unconfirmed: 'Non confirmée', open: 'En cours', closed: 'Close' },
    identity: 'Identité',
    identityName: { asked: 'Justificatif demandé', received: 'Justificatif reçu, à vérifier', checked: 'Vérifiée' },
    identityNone: 'Non demandée',
    directivesTitle: 'Directives laissées par cette adresse',
    directivesIntro: 'Cette personne a laissé des directives sur le sort de ses données après son décès. Si la demande vient d’un héritier, suivez-les.',
    deceased: 'Pour une personne décédée',
    deceasedDirectivesTitle: (email: string) => `Directives laissées par la personne décédée (${email})`,
    deceasedDirectivesIntro: 'La demande est faite au nom de cette personne, décédée\u00a0: voici les directives qu’elle a laissées sur le sort de ses données. Suivez-les.',
    deceasedNoDirectives: (email: string) => `Aucune directive n’a été laissée avec l’adresse ${email}.`,
    history: 'Historique',
    actions: 'Répondre',
    notWired: 'Le moteur de confidentialité n’est pas encore branché dans ce logiciel\u00a0: cette action se fait à la main pour l’instant. Notez ce que vous avez fait dans une réponse ci-dessous.',
    errors: 'Corrigez les points suivants',
    extendTitle: 'Prolonger le délai de deux mois',
    extendHint: 'Seulement pendant le premier mois, si la demande est complexe ou si vous en recevez beaucoup. La raison est envoyée à la personne.',
    extendReason: 'Raison de la prolongation',
    extend: 'Prolonger et prévenir la personne',
    identityTitle: 'Demander un justificatif d’identité',
    identityHint: 'Seulement en cas de doute raisonnable sur l’identité de la personne (par exemple une adresse e-mail différente de celle de la fiche client). La raison est enregistrée et envoyée à la personne.',
    identityReason: 'Raison du doute',
    askIdentity: 'Demander le justificatif',
    viewDocument: 'Voir le justificatif',
    identityChecked: 'Identité vérifiée (supprimer le justificatif)',
    accessTitle: 'Envoyer ses données',
    accessHint: 'Prépare le fichier zip de toutes ses données (lisible, JSON et tableur) et envoie le lien à la personne (valable 3 jours).',
    access: 'Préparer et envoyer le fichier',
    erasureTitle: 'Effacer ses données',
    erasureHint: 'Vous verrez d’abord ce qui sera effacé, puis vous confirmerez.',
    erasurePreview: 'Voir ce qui sera effacé',
    rectifyTitle: 'Corriger ses données',
    rectifyHint: 'Faites la correction sur la fiche du client (elle y est enregistrée dans l’historique), puis écrivez ici ce qui a été changé\u00a0: ce texte est envoyé à la personne.',
    customerPage: 'Fiche du client',
    noCustomer: 'Aucune fiche client n’a cette adresse.',
    restrictTitle: 'Limitation',
    restrict: 'Geler ses données',
    lift: 'Lever la limitation',
    objectTitle: 'Opposition à la prospection',
    object: 'Ne plus jamais lui envoyer de prospection',
    restrictText: 'Message à la personne',
    directiveTitle: 'Directives',
    directiveHint: 'Le texte de la personne est gardé et sera montré sur toute demande future faite avec cette adresse. Accusez-en réception ci-dessous.',
    replyTitle: 'Répondre par e-mail',
    replyHint: 'Votre réponse est envoyée à la personne et gardée dans l’historique.',
    replyText: 'Votre réponse',
    reply: 'Envoyer la réponse',
    closeTitle: 'Clore la demande',
    closeHint: 'Quand la réponse est faite. Un justificatif encore gardé est supprimé.',
    closeNote: 'Note (facultatif)',
    close: 'Clore la demande',
    back: 'Toutes les demandes',
    done: { extended: 'Délai prolongé, la personne est prévenue.', identity: 'Justificatif demandé.', checked: 'Identité vérifiée, justificatif supprimé.', answered: 'Réponse envoyée.', closed: 'Demande close.', erased: 'Données effacées, le compte rendu est envoyé à la personne.' },
    eraseTitle: 'Confirmer l’effacement',
    eraseIntro: (email: string) => `Voici ce que le logiciel garde sur ${email}. Ce que la loi oblige à garder (factures, paiements) part dans l’archive légale. La personne recevra le compte rendu.`,
    found: 'Données trouvées',
    nothingFound: 'Rien n’a été trouvé pour cette adresse.',
    erase: 'Effacer définitivement',
    cancel: 'Annuler',
    event: {
      submitted: 'Demande envoyée (pas encore confirmée)',
      confirmed: 'Confirmée par la personne\u00a0: demande reçue, le délai d’un mois commence',
      identity_asked: 'Justificatif d’identité demandé',
      identity_received: 'Justificatif d’identité reçu',
      identity_viewed: 'Justificatif d’identité consulté',
      identity_checked: 'Identité vérifiée',
      extended: 'Délai prolongé de deux mois',
      answered: 'Réponse faite',
      closed: 'Demande close',
    } satisfies Record<EventKind, string>,
    byPerson: 'la personne',
    bySystem: 'le logiciel',
  },
  en: {
    title: 'Data requests',
    intro: 'Requests confirmed by the people who made them (access, rectification, erasure…), the most urgent first. Each must be answered within one month of its confirmation.',
    none: 'No request in progress.',
    caption: 'Requests in progress, by deadline',
    received: 'Received',
    type: 'Request',
    email: 'Address',
    due: 'Answer by',
    state: 'Deadline',
    closedTitle: 'Latest closed requests',
    closedCaption: 'Closed requests, the latest first',
    closedOn: 'Closed',
    level: { ok: (n: number) => `${n} days left`, soon: (n: number) => (n === 0 ? 'Last day' : `Only ${n} day${n > 1 ? 's' : ''} left`), overdue: (n: number) => `${n} day${n > 1 ? 's' : ''} late` },
    extended: 'extended',
    open: 'Open',
    details: 'The request',
    message: 'The person’s message',
    noMessage: 'No message.',
    status: 'Status',
    statusName: { unconfirmed: 'Unconfirmed', open: 'In progress', closed: 'Closed' },
    identity: 'Identity',
    identityName: { asked: 'Proof asked for', received: 'Proof received, to check', checked: 'Checked' },
    identityNone: 'Not asked',
    directivesTitle: 'Directives left by this address',
    directivesIntro: 'This person left directives on their data after their death. If the request comes from an heir, follow them.',
    deceased: 'For a person who died',
    deceasedDirectivesTitle: (email: string) => `Directives left by the person who died (${email})`,
    deceasedDirectivesIntro: 'The request is made on behalf of this person, who has died: here are the directives they left about their data. Follow them.',
    deceasedNoDirectives: (email: string) => `No directives were left with the address ${email}.`,
    history: 'History',
    actions: 'Answer',
    notWired: 'The privacy engine is not wired into this software yet: do this by hand for now. Record what you did in an answer below.',
    errors: 'Please correct the following',
    extendTitle: 'Extend the deadline by two months',
    extendHint: 'Only during the first month, when the request is complex or you receive many. The reason is sent to the person.',
    extendReason: 'Reason for the extension',
    extend: 'Extend and tell the person',
    identityTitle: 'Ask for a proof of identity',
    identityHint: 'Only where there is reasonable doubt about who the person is (for instance an address other than the customer record’s). The reason is recorded and sent to the person.',
    identityReason: 'Reason for the doubt',
    askIdentity: 'Ask for the proof',
    viewDocument: 'See the proof',
    identityChecked: 'Identity checked (delete the proof)',
    accessTitle: 'Send their data',
    accessHint: 'Builds the zip of all their data (readable, JSON and spreadsheet) and sends the person its link (valid 3 days).',
    access: 'Build and send the file',
    erasureTitle: 'Erase their data',
    erasureHint: 'You first see what will be erased, then confirm.',
    erasurePreview: 'See what will be erased',
    rectifyTitle: 'Correct their data',
    rectifyHint: 'Make the change on the customer’s page (it is recorded in its history), then write here what was changed: this text is sent to the person.',
    customerPage: 'Customer page',
    noCustomer: 'No customer record has this address.',
    restrictTitle: 'Restriction',
    restrict: 'Freeze their data',
    lift: 'Lift the restriction',
    objectTitle: 'Objection to prospecting',
    object: 'Never send them prospecting again',
    restrictText: 'Message to the person',
    directiveTitle: 'Directives',
    directiveHint: 'The person’s text is kept and will be shown on any later request made with this address. Acknowledge it below.',
    replyTitle: 'Answer by e-mail',
    replyHint: 'Your answer is sent to the person and kept in the history.',
    replyText: 'Your answer',
    reply: 'Send the answer',
    closeTitle: 'Close the request',
    closeHint: 'Once answered. A proof of identity still held is deleted.',
    closeNote: 'Note (optional)',
    close: 'Close the request',
    back: 'All requests',
    done: { extended: 'Deadline extended, the person is told.', identity: 'Proof of identity asked for.', checked: 'Identity checked, proof deleted.', answered: 'Answer sent.', closed: 'Request closed.', erased: 'Data erased, the report is sent to the person.' },
    eraseTitle: 'Confirm the erasure',
    eraseIntro: (email: string) => `This is what the software holds about ${email}. What the law requires to keep (invoices, payments) goes to the legal archive. The person will receive the report.`,
    found: 'Data found',
    nothingFound: 'Nothing was found for this address.',
    erase: 'Erase for good',
    cancel: 'Cancel',
    event: {
      submitted: 'Request sent (not confirmed yet)',
      confirmed: 'Confirmed by the person: request received, the one-month deadline starts',
      identity_asked: 'Proof of identity asked for',
      identity_received: 'Proof of identity received',
      identity_viewed: 'Proof of identity viewed',
      identity_checked: 'Identity checked',
      extended: 'Deadline extended by two months',
      answered: 'Answered',
      closed: 'Request closed',
    } satisfies Record<EventKind, string>,
    byPerson: 'the person',
    bySystem: 'the software',
  },
};

export type DoneNotice = keyof (typeof texts)['fr']['done'];

const typeName = (type: PrivacyRequestType, locale: Locale) => typeTexts[type].name[locale];

function DeadlineBadge({ locale, level, today, due }: { locale: Locale; level: DeadlineLevel; today: string; due: string }) {
  const t = texts[locale];
  const left = daysLeft(today, due);
  const badge = level === 'overdue' ? 'badge--failed' : level === 'soon' ? 'badge--pending' : 'badge--confirmed';
  return (
    <span class={`badge ${badge}`} data-deadline={level}>
      {level === 'overdue' ? t.level.overdue(-left) : t.level[level](left)}
    </span>
  );
}

export function RequestListPage({ ctx, open, closed, today }: { ctx: AdminContext; open: ListedRequest[]; closed: PrivacyRequest[]; today: string }) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.privacyRequests}>
      <h1>{t.title}</h1>
      <p class="muted">{t.intro}</p>
      {open.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.due}</th>
                <th scope="col">{t.state}</th>
                <th scope="col">{t.type}</th>
                <th scope="col">{t.email}</th>
                <th scope="col">{t.received}</th>
              </tr>
            </thead>
            <tbody>
              {open.map((r) => (
                <tr key={r.id} data-request={r.id}>
                  <td>
                    <a href={adminPaths.privacyRequest(r.id)}>{formatCalendarDate(r.due, ctx.locale)}</a>
                    {r.extendedDueDate ? ` (${t.extended})` : ''}
                  </td>
                  <td>
                    <DeadlineBadge locale={ctx.locale} level={r.level} today={today} due={r.due} />
                  </td>
                  <td>{typeName(r.type, ctx.locale)}</td>
                  <td class="break-anywhere">{r.email}</td>
                  <td>{formatDateTime(r.receivedAt!, ctx.locale, zone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {closed.length > 0 ? (
        <section aria-labelledby="closed-heading">
          <h2 id="closed-heading">{t.closedTitle}</h2>
          <div class="table-wrap" tabindex={0}>
            <table>
              <caption class="visually-hidden">{t.closedCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.closedOn}</th>
                  <th scope="col">{t.type}</th>
                  <th scope="col">{t.email}</th>
                </tr>
              </thead>
              <tbody>
                {closed.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={adminPaths.privacyRequest(r.id)}>{formatDateTime(r.closedAt!, ctx.locale, zone)}</a>
                    </td>
                    <td>{typeName(r.type, ctx.locale)}</td>
                    <td>{r.email}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </AdminLayout>
  );
}

/** Directives for after death, each quoted as the person wrote it, with when it came. */
function DirectiveQuotes({ directives, locale, zone }: { directives: PrivacyRequest[]; locale: Locale; zone: string }) {
  return (
    <>
      {directives.map((d) => (
        <blockquote key={d.id}>
          <p class="muted">{formatDateTime(d.receivedAt!, locale, zone)}</p>
          <p class="mail-text">{d.details}</p>
        </blockquote>
      ))}
    </>
  );
}

function ActionForm({ ctx, action, title, hint, field, label, button, errors, required = true, secondary }: {
  ctx: AdminContext;
  action: string;
  title: string;
  hint: string;
  field?: string;
  label?: string;
  button: string;
  errors: Errors;
  required?: boolean;
  secondary?: boolean;
}) {
  const slug = action.split('/').pop()!;
  const name = field ? `${slug}-text` : undefined;
  return (
    <section class="card" aria-labelledby={`${slug}-heading`}>
      <h3 id={`${slug}-heading`}>{title}</h3>
      <p class="muted">{hint}</p>
      <form method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {name && label ? (
          <div>
            <TextArea name="text" id={`f-${name}`} label={label} error={errors[name]} required={required} rows={3} />
          </div>
        ) : null}
        <button type="submit" class={secondary ? 'button button--secondary' : 'button'}>
          {button}
        </button>
      </form>
    </section>
  );
}

export interface RequestPageProps {
  ctx: AdminContext;
  request: PrivacyRequest;
  events: RequestEvent[];
  directives: PrivacyRequest[];
  /** Directives left by the deceased person an heir's request names. */
  deceasedDirectives: PrivacyRequest[];
  hasDocument: boolean;
  level: DeadlineLevel | undefined;
  canExtend: boolean;
  today: string;
  customerId: string | undefined;
  capabilities: { personalData: boolean; restrictions: boolean };
  errors: Errors;
  done?: DoneNotice | undefined;
}

export function RequestPage(props: RequestPageProps) {
  const { ctx, request: r, events, directives, deceasedDirectives, hasDocument, level, canExtend, today, customerId, capabilities, errors, done } = props;
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const path = adminPaths.privacyRequest(r.id);
  const due = r.extendedDueDate ?? r.dueDate;
  const open = r.status === 'open';
  const actor = (who: string) => (who === 'person' ? t.byPerson : who === 'system' ? t.bySystem : who);
  const notWired = <Notice kind="warning">{t.notWired}</Notice>;
  return (
    <AdminLayout ctx={ctx} title={`${typeName(r.type, ctx.locale)} — ${r.email}`} current={adminPaths.privacyRequests}>
      <p>
        <a href={adminPaths.privacyRequests}>← {t.back}</a>
      </p>
      <h1 class="break-anywhere">
        {typeName(r.type, ctx.locale)} — {r.email}
      </h1>
      {done ? <Notice kind="success">{t.done[done]}</Notice> : null}
      <ErrorSummary errors={errors} title={t.errors} />
      {directives.length > 0 ? (
        <section class="notice notice--warning" aria-labelledby="directives-heading" data-directives>
          <h2 id="directives-heading">{t.directivesTitle}</h2>
          <p>{t.directivesIntro}</p>
          <DirectiveQuotes directives={directives} locale={ctx.locale} zone={zone} />
        </section>
      ) : null}
      {r.deceasedEmail ? (
        <section class="notice notice--warning" aria-labelledby="deceased-directives-heading" data-deceased-directives>
          <h2 id="deceased-directives-heading" class="break-anywhere">
            {t.deceasedDirectivesTitle(r.deceasedEmail)}
          </h2>
          {deceasedDirectives.length > 0 ? (
            <>
              <p>{t.deceasedDirectivesIntro}</p>
              <DirectiveQuotes directives={deceasedDirectives} locale={ctx.locale} zone={zone} />
            </>
          ) : (
            <p class="break-anywhere">{t.deceasedNoDirectives(r.deceasedEmail)}</p>
          )}
        </section>
      ) : null}
      <section class="card" aria-labelledby="details-heading">
        <h2 id="details-heading">{t.details}</h2>
        <dl class="details">
          <div>
            <dt>{t.status}</dt>
            <dd>{t.statusName[r.status]}</dd>
          </div>
          {r.deceasedEmail ? (
            <div>
              <dt>{t.deceased}</dt>
              <dd class="break-anywhere">{r.deceasedEmail}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t.received}</dt>
            <dd>{r.receivedAt ? formatDateTime(r.receivedAt, ctx.locale, zone) : '—'}</dd>
          </div>
          {due ? (
            <div>
              <dt>{t.due}</dt>
              <dd>
                {formatCalendarDate(due, ctx.locale)}
                {r.extendedDueDate ? ` (${t.extended})` : ''} {open && level ? <DeadlineBadge locale={ctx.locale} level={level} today={today} due={due} /> : null}
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t.identity}</dt>
            <dd>{r.identityStatus ? t.identityName[r.identityStatus] : t.identityNone}</dd>
          </div>
          <div>
            <dt>{t.message}</dt>
            <dd class="mail-text">{r.details ?? t.noMessage}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t.history}</h2>
        <ol class="plain-list" data-history>
          {events.map((e) => (
            <li key={e.id} data-event={e.kind}>
              <strong>{t.event[e.kind] ?? e.kind}</strong> — {formatDateTime(e.at, ctx.locale, zone)}, {actor(e.actor)}
              {e.detail && e.kind !== 'confirmed' && e.kind !== 'identity_received' && e.kind !== 'identity_checked' ? <p class="mail-text">{e.detail}</p> : null}
            </li>
          ))}
        </ol>
      </section>
      {open ? (
        <section aria-labelledby="actions-heading">
          <h2 id="actions-heading">{t.actions}</h2>
          {r.identityStatus === 'received' || hasDocument ? (
            <section class="card" aria-labelledby="document-heading">
              <h3 id="document-heading">{t.identity}</h3>
              {hasDocument ? (
                <p>
                  <a href={`${path}/justificatif`}>{t.viewDocument}</a>
                </p>
              ) : null}
              <form method="post" action={`${path}/identite-verifiee`}>
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                <button type="submit" class="button">
                  {t.identityChecked}
                </button>
              </form>
            </section>
          ) : null}
          {(r.type === 'access' || r.type === 'portability') &&
            (capabilities.personalData ? <ActionForm ctx={ctx} action={`${path}/envoyer-donnees`} title={t.accessTitle} hint={t.accessHint} button={t.access} errors={errors} /> : notWired)}
          {r.type === 'erasure' &&
            (capabilities.personalData ? (
              <section class="card" aria-labelledby="erase-heading">
                <h3 id="erase-heading">{t.erasureTitle}</h3>
                <p class="muted">{t.erasureHint}</p>
                <p>
                  <a class="button" href={`${path}/effacer`}>
                    {t.erasurePreview}
                  </a>
                </p>
              </section>
            ) : (
              notWired
            ))}
          {r.type === 'rectification' ? (
            <ActionForm ctx={ctx} action={`${path}/repondre`} title={t.rectifyTitle} hint={t.rectifyHint} field="text" label={t.replyText} button={t.reply} errors={errors} />
          ) : null}
          {r.type === 'rectification' ? <p>{customerId ? <a href={adminPaths.customer(customerId)}>{t.customerPage}</a> : t.noCustomer}</p> : null}
          {r.type === 'restriction' &&
            (capabilities.restrictions ? (
              <>
                <ActionForm ctx={ctx} action={`${path}/limiter`} title={t.restrictTitle} hint={t.replyHint} field="text" label={t.restrictText} button={t.restrict} errors={errors} />
                <ActionForm ctx={ctx} action={`${path}/lever-limitation`} title={t.lift} hint={t.replyHint} field="text" label={t.restrictText} button={t.lift} errors={errors} secondary />
              </>
            ) : (
              notWired
            ))}
          {r.type === 'objection' &&
            (capabilities.restrictions ? (
              <ActionForm ctx={ctx} action={`${path}/opposition`} title={t.objectTitle} hint={t.replyHint} field="text" label={t.restrictText} button={t.object} errors={errors} />
            ) : (
              notWired
            ))}
          {r.type === 'directive' ? <p class="muted">{t.directiveHint}</p> : null}
          {r.type !== 'rectification' ? (
            <ActionForm ctx={ctx} action={`${path}/repondre`} title={t.replyTitle} hint={t.replyHint} field="text" label={t.replyText} button={t.reply} errors={errors} />
          ) : null}
          {canExtend ? <ActionForm ctx={ctx} action={`${path}/prolonger`} title={t.extendTitle} hint={t.extendHint} field="text" label={t.extendReason} button={t.extend} errors={errors} secondary /> : null}
          {r.identityStatus !== 'asked' && r.identityStatus !== 'received' ? (
            <ActionForm ctx={ctx} action={`${path}/justificatif`} title={t.identityTitle} hint={t.identityHint} field="text" label={t.identityReason} button={t.askIdentity} errors={errors} secondary />
          ) : null}
          <ActionForm ctx={ctx} action={`${path}/clore`} title={t.closeTitle} hint={t.closeHint} field="text" label={t.closeNote} button={t.close} errors={errors} required={false} secondary />
        </section>
      ) : null}
    </AdminLayout>
  );
}

export function ErasureConfirmPage({ ctx, request, found }: { ctx: AdminContext; request: PrivacyRequest; found: (PersonalDataFound & { module: string })[] }) {
  const t = texts[ctx.locale];
  const path = adminPaths.privacyRequest(request.id);
  return (
    <AdminLayout ctx={ctx} title={t.eraseTitle} current={adminPaths.privacyRequests}>
      <h1>{t.eraseTitle}</h1>
      <p>{t.eraseIntro(request.email)}</p>
      <h2>{t.found}</h2>
      {found.length === 0 ? (
        <p>{t.nothingFound}</p>
      ) : (
        <ul>
          {found.map((f) => (
            <li key={`${f.module}-${f.kind}`}>
              {f.label[ctx.locale]}{NBSP}: {f.count}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`${path}/effacer`} class="actions">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <button type="submit" class="button button--danger">
          {t.erase}
        </button>
        <a href={path}>{t.cancel}</a>
      </form>
    </AdminLayout>
  );
}

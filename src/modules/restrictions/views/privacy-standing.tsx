import { formatDateTime, formatLongDate } from '../../../platform/i18n/format.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import type { AdminContext } from '../../../platform/views/admin-layout.js';
import type { NoticeEvent, PrivacyStanding, RecipientNotice } from '../restrictions.model.js';
import { restrictionPaths } from '../restrictions.paths.js';

export const standingTexts = {
  fr: {
    heading: 'Droits sur les données',
    restrictedSince: (date: string) => `Traitement limité depuis le ${date}`,
    reason: 'Motif\u00a0:',
    restrictedBadge: 'Traitement limité',
    restrictedHint: 'Tant que la limitation dure, ce client ne reçoit que les courriels qu’exigent ses réservations ou la loi, aucune enquête ni prospection, et son identité ne sort plus du logiciel\u00a0: les exports, l’agenda synchronisé, l’API et les webhooks montrent ses réservations sans son nom ni ses coordonnées (les factures restent entières).',
    objected: 'Opposé à la prospection',
    objectedSince: (date: string) => `depuis le ${date}`,
    objectedHint: 'Aucun courriel de prospection ni enquête ne lui est envoyé\u00a0; les informations sur la politique de confidentialité lui restent envoyées.',
    neither: 'Aucune limitation ni opposition en cours.',
    restrict: 'Limiter le traitement…',
    lift: 'Lever la limitation…',
    object: 'Enregistrer une opposition à la prospection…',
    ownerOnly: 'Seul le responsable du traitement (le propriétaire du compte) peut limiter, lever une limitation ou enregistrer une opposition.',
    notices: 'Destinataires informés (RGPD, art.\u00a019)',
    noticesHint: 'Après une rectification, un effacement ou une limitation, chaque destinataire des données doit en être informé, ou il faut noter pourquoi rien n’était à lui transmettre.',
    noNotice: 'Aucun destinataire informé pour l’instant.',
    recordNotice: 'Noter qu’un destinataire a été informé…',
    when: 'Date',
    recipient: 'Destinataire',
    event: 'Changement',
    content: 'Transmis',
    method: 'Comment',
    by: 'Noté par',
    events: { rectification: 'Rectification', erasure: 'Effacement', restriction: 'Limitation' } as Record<NoticeEvent, string>,
  },
  en: {
    heading: 'Data rights',
    restrictedSince: (date: string) => `Processing restricted since ${date}`,
    reason: 'Reason:',
    restrictedBadge: 'Restricted',
    restrictedHint: 'While the restriction lasts, this customer receives only the e-mails their bookings or the law require, no survey nor prospecting, and their identity no longer leaves the software: the exports, the synchronised calendar, the API and the webhooks show their bookings without their name or contact details (invoices stay whole).',
    objected: 'Objected to prospecting',
    objectedSince: (date: string) => `since ${date}`,
    objectedHint: 'No prospecting e-mail nor survey is sent to them; information on the privacy policy is still sent.',
    neither: 'No restriction nor objection in force.',
    restrict: 'Restrict processing…',
    lift: 'Lift the restriction…',
    object: 'Record an objection to prospecting…',
    ownerOnly: 'Only the controller (the account owner) can restrict, lift a restriction or record an objection.',
    notices: 'Recipients told (GDPR, art. 19)',
    noticesHint: 'After a rectification, an erasure or a restriction, each recipient of the data must be told, or the reason nothing had to be passed on must be recorded.',
    noNotice: 'No recipient told yet.',
    recordNotice: 'Record that a recipient was told…',
    when: 'Date',
    recipient: 'Recipient',
    event: 'Change',
    content: 'Passed on',
    method: 'How',
    by: 'Recorded by',
    events: { rectification: 'Rectification', erasure: 'Erasure', restriction: 'Restriction' } as Record<NoticeEvent, string>,
  },
};

/** The customer's page's section on restriction, objection and the art. 19 log (rendered inside the customers module's page). */
export function PrivacyStandingSection({ ctx, customerId, standing, notices }: { ctx: AdminContext; customerId: string; standing: PrivacyStanding; notices: RecipientNotice[] }) {
  const t = standingTexts[ctx.locale];
  const zone = ctx.business.timezone;
  const owner = ctx.adminRole === 'owner';
  const { restriction, objection } = standing;
  return (
    <section class="card" aria-labelledby="privacy-heading" id="donnees">
      <h2 id="privacy-heading">{t.heading}</h2>
      {restriction ? (
        <div class="notice notice--warning">
          <p>
            <strong>{t.restrictedSince(formatLongDate(restriction.restrictedAt, ctx.locale, zone))}</strong>
          </p>
          <p class="mail-text">
            {t.reason} {restriction.reason}
          </p>
          <p>{t.restrictedHint}</p>
        </div>
      ) : null}
      {objection ? (
        <p>
          <strong>{t.objected}</strong> {t.objectedSince(formatLongDate(objection.objectedAt, ctx.locale, zone))}. {t.objectedHint}
        </p>
      ) : null}
      {!restriction && !objection ? <p>{t.neither}</p> : null}
      {owner ? (
        <p class="actions">
          {restriction ? (
            <a class="button button--secondary" href={restrictionPaths.lift(customerId)}>
              {t.lift}
            </a>
          ) : (
            <a class="button button--secondary" href={restrictionPaths.restrict(customerId)}>
              {t.restrict}
            </a>
          )}
          {objection ? null : (
            <a class="button button--secondary" href={restrictionPaths.object(customerId)}>
              {t.object}
            </a>
          )}
        </p>
      ) : (
        <p class="muted">{t.ownerOnly}</p>
      )}

      <h3 id="notices-heading">{t.notices}</h3>
      <p class="muted">{t.noticesHint}</p>
      {notices.length === 0 ? (
        <p>{t.noNotice}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table aria-labelledby="notices-heading">
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.recipient}</th>
                <th scope="col">{t.event}</th>
                <th scope="col">{t.content}</th>
                <th scope="col">{t.method}</th>
                <th scope="col">{t.by}</th>
              </tr>
            </thead>
            <tbody>
              {notices.map((n) => (
                <tr key={n.id}>
                  <td>{formatDateTime(n.notifiedAt, ctx.locale, zone)}</td>
                  <td>{n.recipient}</td>
                  <td>{t.events[n.event]}</td>
                  <td class="mail-text">{n.content}</td>
                  <td class="mail-text">{n.method}</td>
                  <td>{n.recordedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {owner ? (
        <p>
          <a href={restrictionPaths.notices(customerId)}>{t.recordNotice}</a>
        </p>
      ) : null}
    </section>
  );
}

/** The customers list's badges: « Traitement limité », « Opposé à la prospection ». */
export function PrivacyBadges({ restricted, suppressed, locale }: { restricted: boolean; suppressed: boolean; locale: Locale }) {
  const t = standingTexts[locale];
  if (!restricted && !suppressed) return null;
  return (
    <>
      {restricted ? <span class="badge badge--pending">{t.restrictedBadge}</span> : null}
      {restricted && suppressed ? ' ' : null}
      {suppressed ? <span class="badge">{t.objected}</span> : null}
    </>
  );
}

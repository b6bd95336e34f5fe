import type { ComponentChildren } from 'preact';
import { adminPaths } from '../../../platform/http/paths.js';
import { localDateOf } from '../../../platform/time-zone.js';
import { formatPhone } from '../../../platform/i18n/phone.js';
import { countryName } from '../../../platform/i18n/countries.js';
import { formatCalendarDate, formatDateTime, formatLongDate, formatTime } from '../../../platform/i18n/format.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, TextArea, TextField, type Errors } from '../../../ui/form.js';
import type { Service } from '../../catalog/index.js';
import type { OutboxMessage } from '../../outbox/index.js';
import { customerDisplayName, type Booking, type BookingEvent } from '../booking.model.js';
import { AttendanceForm } from './agenda-pages.js';
import { bookingPriceText } from './price.js';
import { earlyPerformanceForOwner } from '../booking-withdrawal.js';
import { bookingPlace } from '../booking-place.js';

const texts = {
  fr: {
    dashboard: 'Tableau de bord',
    today: 'Aujourd’hui',
    week: 'Cette semaine',
    bookings: 'Réservations',
    newBooking: 'Nouvelle réservation',
    weekOf: (from: string, to: string) => `Semaine du ${from} au ${to}`,
    previousWeek: 'Semaine précédente',
    nextWeek: 'Semaine suivante',
    thisWeek: 'Cette semaine',
    none: 'Aucune réservation.',
    time: 'Heure',
    service: 'Prestation',
    customer: 'Client',
    customerRecord: 'Fiche client',
    customerRecordLink: 'Voir la fiche, ses réservations et ses notes',
    correct: 'Coordonnées de la réservation',
    correctLink: 'Corriger les coordonnées données pour cette réservation',
    status: 'État',
    confirmed: 'Confirmée',
    awaitingPayment: 'En attente de paiement',
    cancelled: 'Annulée',
    failedMail: (n: number) => `${n} courriel${n > 1 ? 's' : ''} en échec\u00a0: vérifiez la page Courriels.`,
    reference: 'Référence',
    when: 'Date',
    price: 'Prix',
    email: 'E-mail',
    phone: 'Téléphone',
    company: 'Société',
    country: 'Pays de résidence',
    address: 'Adresse',
    locale: 'Langue',
    source: 'Origine',
    created: 'Réservée le',
    terms: 'Version des CGV',
    accepted: 'acceptées par le client',
    notAccepted: 'présentées, acceptation non indiquée par l’API',
    privacy: 'Version de la politique de confidentialité',
    withdrawal: 'Rétractation',
    early: 'Début avant la fin du délai de rétractation',
    yes: 'oui',
    no: 'non',
    history: 'Historique',
    mails: 'Courriels',
    event: { created: 'Réservée', cancelled: 'Annulée', moved: 'Déplacée', details: 'Coordonnées corrigées', honoured: 'Marquée effectuée', no_show: 'Marquée absent' } as Record<string, string>,
    attendanceTitle: 'Présence',
    attendance: { honoured: 'Effectuée', no_show: 'Client absent' } as Record<string, string>,
    attendanceHint: 'La prestation a-t-elle eu lieu\u00a0?',
    attendanceChange: 'Vous pouvez corriger\u00a0:',
    actor: { customer: 'par le client', owner: 'par vous' } as Record<string, string>,
    cancelTitle: 'Annuler la réservation',
    cancelHint: 'Le client est prévenu par e-mail, avec ce motif s’il est indiqué.',
    reason: 'Motif (facultatif, envoyé au client)',
    cancel: 'Annuler la réservation',
    moveTitle: 'Déplacer la réservation',
    moveHint: 'Choisissez un jour pour voir les créneaux libres\u00a0; le client est prévenu par e-mail.',
    day: 'Jour',
    showSlots: 'Voir les créneaux libres',
    freeSlots: (d: string) => `Créneaux libres le ${d}`,
    noSlot: 'Aucun créneau libre ce jour-là.',
    move: 'Déplacer à cet horaire',
    back: 'Retour aux réservations',
    inAgenda: 'Voir ce jour dans l’agenda',
    errors: 'Corrigez les points suivants',
    cancelledBy: (who: string, date: string) => `Annulée ${who} le ${date}`,
    lang: { fr: 'français', en: 'anglais' } as Record<string, string>,
    src: { web: 'site', api: 'API', owner: 'prise par vous' } as Record<string, string>,
    mailStatus: { pending: 'en attente', sent: 'envoyé', saved: 'enregistré (.eml)', failed: 'échec' } as Record<string, string>,
    colon: '\u00a0: ',
  },
  en: {
    dashboard: 'Dashboard',
    today: 'Today',
    week: 'This week',
    bookings: 'Bookings',
    newBooking: 'New booking',
    weekOf: (from: string, to: string) => `Week from ${from} to ${to}`,
    previousWeek: 'Previous week',
    nextWeek: 'Next week',
    thisWeek: 'This week',
    none: 'No booking.',
    time: 'Time',
    service: 'Service',
    customer: 'Customer',
    customerRecord: 'Customer record',
    customerRecordLink: 'See the record, their bookings and notes',
    correct: 'Details on this booking',
    correctLink: 'Correct the details given for this booking',
    status: 'Status',
    confirmed: 'Confirmed',
    awaitingPayment: 'Awaiting payment',
    cancelled: 'Cancelled',
    failedMail: (n: number) => `${n} e-mail${n > 1 ? 's' : ''} failed: check the E-mails page.`,
    reference: 'Reference',
    when: 'Date',
    price: 'Price',
    email: 'E-mail',
    phone: 'Phone',
    company: 'Company',
    country: 'Country of residence',
    address: 'Address',
    locale: 'Language',
    source: 'Source',
    created: 'Booked on',
    terms: 'Terms version',
    accepted: 'accepted by the customer',
    notAccepted: 'in force; the API client did not say they were accepted',
    privacy: 'Privacy policy version',
    withdrawal: 'Withdrawal',
    early: 'Start before the withdrawal period ends',
    yes: 'yes',
    no: 'no',
    history: 'History',
    mails: 'E-mails',
    event: { created: 'Booked', cancelled: 'Cancelled', moved: 'Moved', details: 'Details corrected', honoured: 'Marked as taken place', no_show: 'Marked as not come' } as Record<string, string>,
    attendanceTitle: 'Attendance',
    attendance: { honoured: 'Took place', no_show: 'Customer did not come' } as Record<string, string>,
    attendanceHint: 'Did the service take place?',
    attendanceChange: 'You can correct it:',
    actor: { customer: 'by the customer', owner: 'by you' } as Record<string, string>,
    cancelTitle: 'Cancel the booking',
    cancelHint: 'The customer is told by e-mail, with this reason if given.',
    reason: 'Reason (optional, sent to the customer)',
    cancel: 'Cancel the booking',
    moveTitle: 'Move the booking',
    moveHint: 'Choose a day to see the free slots; the customer is told by e-mail.',
    day: 'Day',
    showSlots: 'Show free slots',
    freeSlots: (d: string) => `Free slots on ${d}`,
    noSlot: 'No free slot that day.',
    move: 'Move to this time',
    back: 'Back to bookings',
    inAgenda: 'See this day in the agenda',
    errors: 'Please fix the following',
    cancelledBy: (who: string, date: string) => `Cancelled ${who} on ${date}`,
    lang: { fr: 'French', en: 'English' } as Record<string, string>,
    src: { web: 'website', api: 'API', owner: 'taken by you' } as Record<string, string>,
    mailStatus: { pending: 'pending', sent: 'sent', saved: 'saved (.eml)', failed: 'failed' } as Record<string, string>,
    colon: ': ',
  },
};

export interface BookingRow {
  booking: Booking;
  service: Service | undefined;
}

function BookingTable({ ctx, rows, showDay }: { ctx: AdminContext; rows: BookingRow[]; showDay: boolean }) {
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  if (rows.length === 0) return <p>{t.none}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t.time}</th>
            <th scope="col">{t.service}</th>
            <th scope="col">{t.customer}</th>
            <th scope="col">{t.status}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ booking, service }) => (
            <tr key={booking.id} class={booking.status === 'cancelled' ? 'row--muted' : undefined}>
              <td>
                <a href={adminPaths.booking(booking.id)}>{showDay ? formatDateTime(booking.start, ctx.locale, zone) : formatTime(booking.start, ctx.locale, zone)}</a>
              </td>
              <td>{service?.name[ctx.locale] ?? '—'}</td>
              <td>{customerDisplayName(booking.customer)}</td>
              <td>
                <span class={`badge badge--${booking.status}`}>{booking.status === 'confirmed' ? (booking.awaitingPayment ? t.awaitingPayment : t.confirmed) : t.cancelled}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function WeekPage({ ctx, rows, from, to, previous, next }: { ctx: AdminContext; rows: BookingRow[]; from: string; to: string; previous: string; next: string }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.bookings} current={adminPaths.bookings}>
      <h1>{t.bookings}</h1>
      <p>
        <a class="button" href={adminPaths.newBooking}>
          {t.newBooking}
        </a>
      </p>
      <h2>{t.weekOf(from, to)}</h2>
      <nav class="pager" aria-label={t.bookings}>
        <a href={previous}>← {t.previousWeek}</a>
        <a href={adminPaths.bookings}>{t.thisWeek}</a>
        <a href={next}>{t.nextWeek} →</a>
      </nav>
      <BookingTable ctx={ctx} rows={rows} showDay />
    </AdminLayout>
  );
}

export interface BookingDetailProps {
  ctx: AdminContext;
  booking: Booking;
  service: Service;
  events: BookingEvent[];
  messages: OutboxMessage[];
  moveDate: string;
  moveSlots: { start: string; label: string }[] | null;
  errors: Errors;
  values: Record<string, string>;
  /** Now, in milliseconds: attendance is recorded once the start is past. */
  now: number;
  /** The payments module's section (what was received, record a payment, correct one). */
  paymentPanel?: ComponentChildren;
}

export function BookingDetailPage(props: BookingDetailProps) {
  const { ctx, booking, service, events, messages, errors } = props;
  const t = texts[ctx.locale];
  const zone = ctx.business.timezone;
  const c = booking.customer;
  const row = (label: string, value: string | null | undefined) =>
    value ? (
      <div>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </div>
    ) : null;
  return (
    <AdminLayout ctx={ctx} title={`${t.reference} ${booking.reference}`} current={adminPaths.bookings}>
      <p>
        <a href={adminPaths.bookings}>← {t.back}</a> · <a href={`${adminPaths.agenda}?date=${localDateOf(Date.parse(booking.start), zone)}&vue=jour`}>{t.inAgenda}</a>
      </p>
      <h1>
        {service.name[ctx.locale]} — {customerDisplayName(c)}
      </h1>
      {booking.status === 'cancelled' && booking.cancelledAt ? (
        <div class="notice notice--warning">
          {t.cancelledBy(t.actor[booking.cancelledBy ?? 'owner'] ?? '', formatDateTime(booking.cancelledAt, ctx.locale, zone))}
          {booking.cancellationReason ? ` — ${booking.cancellationReason}` : ''}
        </div>
      ) : null}
      <ErrorSummary errors={errors} title={t.errors} />
      <div class="grid-2">
        <dl class="details card">
          {row(t.reference, booking.reference)}
          {row(t.when, formatDateTime(booking.start, ctx.locale, zone))}
          {row(t.price, bookingPriceText(booking, ctx.locale, ctx.business.vatExempt))}
          {row(bookingPlace(booking, service, ctx.business, ctx.locale, 'owner').label, bookingPlace(booking, service, ctx.business, ctx.locale, 'owner').text)}
          {row(t.status, booking.status === 'confirmed' ? t.confirmed : t.cancelled)}
          {row(t.attendanceTitle, booking.attendance ? t.attendance[booking.attendance] : null)}
          {row(t.created, formatDateTime(booking.createdAt, ctx.locale, zone))}
          {row(t.source, t.src[booking.source])}
          {row(t.terms, `${booking.termsVersion} (${booking.termsAccepted ? t.accepted : t.notAccepted})`)}
          {row(t.privacy, booking.privacyNoticeVersion)}
          {row(t.early, earlyPerformanceForOwner(booking, ctx.locale))}
        </dl>
        <dl class="details card">
          {row(t.customer, customerDisplayName(c))}
          {row(t.company, c.company)}
          {row(t.email, c.email)}
          {row(t.phone, c.phone ? formatPhone(c.phone) : null)}
          {row(t.country, c.country ? countryName(c.country, ctx.locale) : null)}
          {row(t.address, c.address ? [c.address.line1, c.address.line2, `${c.address.postalCode} ${c.address.city}`, countryName(c.address.country, ctx.locale)].filter(Boolean).join(', ') : null)}
          {row(t.locale, t.lang[booking.locale])}
          {booking.customerId ? (
            <div>
              <dt>{t.customerRecord}</dt>
              <dd>
                <a href={adminPaths.customer(booking.customerId)}>{t.customerRecordLink}</a>
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t.correct}</dt>
            <dd>
              <a href={adminPaths.bookingCustomer(booking.id)}>{t.correctLink}</a>
            </dd>
          </div>
        </dl>
      </div>

      {props.paymentPanel}

      {booking.status === 'confirmed' ? (
        <div class="grid-2">
          <section class="card" aria-labelledby="move-heading">
            <h2 id="move-heading">{t.moveTitle}</h2>
            <p class="muted">{t.moveHint}</p>
            <form method="get" action={adminPaths.booking(booking.id)}>
              <TextField name="jour" type="date" label={t.day} value={props.moveDate} />
              <button type="submit" class="button button--secondary">
                {t.showSlots}
              </button>
            </form>
            {props.moveSlots ? (
              props.moveSlots.length === 0 ? (
                <p>{t.noSlot}</p>
              ) : (
                <form method="post" action={adminPaths.bookingMove(booking.id)}>
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <fieldset>
                    <legend>{t.freeSlots(formatCalendarDate(props.moveDate, ctx.locale))}</legend>
                    {errors.start ? <p class="field-error">{errors.start}</p> : null}
                    <div class="radio-grid">
                      {props.moveSlots.map((s, i) => (
                        <label key={s.start} class="radio">
                          <input type="radio" name="start" value={s.start} checked={i === 0} /> {s.label}
                        </label>
                      ))}
                    </div>
                  </fieldset>
                  <TextArea name="reason" id="f-move-reason" label={t.reason} rows={2} value={props.values.moveReason} />
                  <button type="submit" class="button">
                    {t.move}
                  </button>
                </form>
              )
            ) : null}
          </section>
          <section class="card" aria-labelledby="cancel-heading">
            <h2 id="cancel-heading">{t.cancelTitle}</h2>
            <p class="muted">{t.cancelHint}</p>
            <form method="get" action={adminPaths.bookingCancel(booking.id)}>
              <TextArea name="motif" label={t.reason} rows={2} error={errors.reason} value={props.values.cancelReason} />
              <button type="submit" class="button button--danger">
                {t.cancel}
              </button>
            </form>
          </section>
        </div>
      ) : null}

      {booking.status === 'confirmed' && Date.parse(booking.start) <= props.now ? (
        <section class="card" aria-labelledby="attendance-heading">
          <h2 id="attendance-heading">{t.attendanceTitle}</h2>
          {booking.attendance ? (
            <p>
              <strong>{t.attendance[booking.attendance]}</strong>. {t.attendanceChange}
            </p>
          ) : (
            <p>{t.attendanceHint}</p>
          )}
          <AttendanceForm ctx={ctx} booking={booking} back={adminPaths.booking(booking.id)} />
        </section>
      ) : null}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t.history}</h2>
        <ul>
          {events.map((e) => (
            <li key={e.createdAt + e.type}>
              {formatDateTime(e.createdAt, ctx.locale, zone)} — {t.event[e.type]} {t.actor[e.actor]}
              {e.type === 'moved' && e.details.from && e.details.to
                ? `${t.colon}${formatDateTime(e.details.from, ctx.locale, zone)} → ${formatDateTime(e.details.to, ctx.locale, zone)}`
                : ''}
              {e.details.reason ? ` (${e.details.reason})` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="mails-heading">
        <h2 id="mails-heading">{t.mails}</h2>
        <ul>
          {messages.map((m) => (
            <li key={m.id}>
              <a href={adminPaths.outboxMessage(m.id)}>{m.subject}</a> — {m.recipient} — {t.mailStatus[m.status]}
            </li>
          ))}
        </ul>
      </section>
    </AdminLayout>
  );
}

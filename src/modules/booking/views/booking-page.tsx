import { paths } from '../../../platform/http/paths.js';
import { formatPhone } from '../../../platform/i18n/phone.js';
import { countryName } from '../../../platform/i18n/countries.js';
import { formatDateTime, formatDuration } from '../../../platform/i18n/format.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { Service } from '../../catalog/index.js';
import { bookingPlace } from '../booking-place.js';
import { earlyPerformanceChoice } from '../booking-withdrawal.js';
import { bookingMinutes, customerDisplayName, type Booking } from '../booking.model.js';
import { bookingPriceText } from './price.js';

const texts = {
  fr: {
    title: 'Votre réservation',
    confirmed: (email: string) => `C’est réservé\u00a0! Une confirmation part à l’adresse ${email}. Gardez cette page\u00a0: son adresse est votre lien personnel.`,
    cancelledNow: 'Votre réservation est annulée. Un e-mail de confirmation vous a été envoyé.',
    cancelled: (date: string) => `Cette réservation a été annulée le ${date}.`,
    reference: 'Référence',
    service: 'Prestation',
    when: 'Date',
    duration: 'Durée',
    price: 'Prix',
    status: 'État',
    statusConfirmed: 'Confirmée',
    statusCancelled: 'Annulée',
    name: 'Nom',
    email: 'E-mail',
    phone: 'Téléphone',
    address: 'Adresse',
    calendar: 'Ajouter à mon agenda (.ics)',
    cancelTitle: 'Annuler',
    cancelText: 'Vous pouvez annuler gratuitement jusqu’au début de la prestation.',
    cancel: 'Annuler la réservation',
    started: 'La prestation a commencé ou est passée\u00a0: pour toute question, écrivez-nous.',
    withdrawal: 'Droit de rétractation',
    documents: 'Documents de votre réservation',
    accepted: 'acceptées lors de la réservation',
    shown: 'en vigueur lors de la réservation',
    terms: 'Conditions générales de vente',
    privacy: 'Politique de confidentialité',
    version: 'version',
    contact: (email: string) => `Une question\u00a0? Écrivez à ${email}.`,
    confirmTitle: 'Annuler cette réservation\u00a0?',
    confirmText: 'Le créneau sera libéré et vous recevrez une confirmation par e-mail. Cette action ne peut pas être défaite.',
    confirm: 'Oui, annuler la réservation',
    keep: 'Non, garder ma réservation',
  },
  en: {
    title: 'Your booking',
    confirmed: (email: string) => `You are booked! A confirmation is on its way to ${email}. Keep this page: its address is your private link.`,
    cancelledNow: 'Your booking is cancelled. A confirmation e-mail has been sent to you.',
    cancelled: (date: string) => `This booking was cancelled on ${date}.`,
    reference: 'Reference',
    service: 'Service',
    when: 'Date',
    duration: 'Duration',
    price: 'Price',
    status: 'Status',
    statusConfirmed: 'Confirmed',
    statusCancelled: 'Cancelled',
    name: 'Name',
    email: 'E-mail',
    phone: 'Phone',
    address: 'Address',
    calendar: 'Add to my calendar (.ics)',
    cancelTitle: 'Cancel',
    cancelText: 'You may cancel free of charge until the service starts.',
    cancel: 'Cancel the booking',
    started: 'The service has started or is over: for any question, write to us.',
    withdrawal: 'Right of withdrawal',
    documents: 'Documents of your booking',
    accepted: 'accepted when booking',
    shown: 'in force when booking',
    terms: 'Terms of sale',
    privacy: 'Privacy policy',
    version: 'version',
    contact: (email: string) => `A question? Write to ${email}.`,
    confirmTitle: 'Cancel this booking?',
    confirmText: 'The slot will be freed and you will receive a confirmation by e-mail. This cannot be undone.',
    confirm: 'Yes, cancel the booking',
    keep: 'No, keep my booking',
  },
};

export interface BookingPageProps {
  ctx: PageContext;
  booking: Booking;
  service: Service;
  token: string;
  notice?: 'confirmed' | 'cancelled' | undefined;
  withdrawal: string;
  canCancel: boolean;
}

export function BookingPage({ ctx, booking, service, token, notice, withdrawal, canCancel }: BookingPageProps) {
  const { locale, business } = ctx;
  const t = texts[locale];
  const zone = business.timezone;
  const c = booking.customer;
  const place = bookingPlace(booking, service, business, locale);
  return (
    <Layout ctx={ctx} title={`${t.title} ${booking.reference}`}>
      <h1>{t.title}</h1>
      {notice === 'confirmed' ? (
        <div class="notice notice--success" role="status">
          {t.confirmed(c.email)}
        </div>
      ) : null}
      {notice === 'cancelled' ? (
        <div class="notice notice--success" role="status">
          {t.cancelledNow}
        </div>
      ) : null}
      {booking.status === 'cancelled' && notice !== 'cancelled' && booking.cancelledAt ? (
        <div class="notice notice--warning">{t.cancelled(formatDateTime(booking.cancelledAt, locale, zone))}</div>
      ) : null}
      <dl class="details card">
        <div>
          <dt>{t.reference}</dt>
          <dd>
            <strong class="reference">{booking.reference}</strong>
          </dd>
        </div>
        <div>
          <dt>{t.status}</dt>
          <dd>{booking.status === 'confirmed' ? t.statusConfirmed : t.statusCancelled}</dd>
        </div>
        <div>
          <dt>{t.service}</dt>
          <dd>{service.name[locale]}</dd>
        </div>
        <div>
          <dt>{t.when}</dt>
          <dd>{formatDateTime(booking.start, locale, zone)}</dd>
        </div>
        <div>
          <dt>{t.duration}</dt>
          <dd>{formatDuration(bookingMinutes(booking), locale)}</dd>
        </div>
        <div>
          <dt>{t.price}</dt>
          <dd>{bookingPriceText(booking, locale, business.vatExempt)}</dd>
        </div>
        <div>
          <dt>{place.label}</dt>
          <dd>{place.url ? <a href={place.url}>{place.text}</a> : place.text}</dd>
        </div>
        <div>
          <dt>{t.name}</dt>
          <dd>
            {customerDisplayName(c)}
            {c.company ? ` (${c.company})` : ''}
          </dd>
        </div>
        <div>
          <dt>{t.email}</dt>
          <dd>{c.email}</dd>
        </div>
        {c.phone ? (
          <div>
            <dt>{t.phone}</dt>
            <dd>{formatPhone(c.phone)}</dd>
          </div>
        ) : null}
        {c.address && place.kind !== 'customer_address' ? (
          <div>
            <dt>{t.address}</dt>
            <dd>{[c.address.line1, c.address.line2, `${c.address.postalCode} ${c.address.city}`, countryName(c.address.country, locale)].filter(Boolean).join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      {booking.status === 'confirmed' ? (
        <p>
          <a class="button button--secondary" href={paths.bookingCalendar(locale, booking.reference, token)} download={`${booking.reference}.ics`}>
            {t.calendar}
          </a>
        </p>
      ) : null}
      <section aria-labelledby="withdrawal-heading">
        <h2 id="withdrawal-heading">{t.withdrawal}</h2>
        <p>{withdrawal}</p>
        {earlyPerformanceChoice(booking, locale) ? <p class="notice">{earlyPerformanceChoice(booking, locale)}</p> : null}
      </section>
      {booking.status === 'confirmed' ? (
        <section aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t.cancelTitle}</h2>
          {canCancel ? (
            <>
              <p>{t.cancelText}</p>
              <p>
                <a class="button button--danger" href={paths.bookingCancel(locale, booking.reference, token)}>
                  {t.cancel}
                </a>
              </p>
            </>
          ) : (
            <p>{t.started}</p>
          )}
        </section>
      ) : null}
      <section aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t.documents}</h2>
        <ul>
          <li>
            <a href={`${paths.terms(locale)}?version=${booking.termsVersion}`}>{t.terms}</a> ({t.version} {booking.termsVersion}, {booking.termsAccepted ? t.accepted : t.shown})
          </li>
          <li>
            <a href={`${paths.privacyPolicy(locale)}?version=${booking.privacyNoticeVersion}`}>{t.privacy}</a> ({t.version} {booking.privacyNoticeVersion})
          </li>
        </ul>
      </section>
      <p>{t.contact(business.email)}</p>
    </Layout>
  );
}

export function CancelConfirmPage({ ctx, booking, service, token }: { ctx: PageContext; booking: Booking; service: Service; token: string }) {
  const { locale } = ctx;
  const t = texts[locale];
  return (
    <Layout ctx={ctx} title={t.confirmTitle}>
      <h1>{t.confirmTitle}</h1>
      <p>
        <strong>{service.name[locale]}</strong> — {formatDateTime(booking.start, locale, ctx.business.timezone)} ({t.reference.toLowerCase()} {booking.reference})
      </p>
      <p>{t.confirmText}</p>
      <form method="post" action={paths.bookingCancel(locale, booking.reference, token)} data-submit-once class="actions">
        <button type="submit" class="button button--danger">
          {t.confirm}
        </button>
        <a class="button button--secondary" href={paths.booking(locale, booking.reference, token)}>
          {t.keep}
        </a>
      </form>
    </Layout>
  );
}

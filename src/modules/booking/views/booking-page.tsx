import { paths } from '../../../platform/http/paths.js';
import { businessPhone, formatPhone } from '../../../platform/i18n/phone.js';
import { countryName } from '../../../platform/i18n/countries.js';
import { formatCalendarDate, formatDateTime, formatDuration, formatPrice } from '../../../platform/i18n/format.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { Service } from '../../catalog/index.js';
import { CustomerPaymentSection, type CustomerPaymentState } from '../../payments/index.js';
import { bookingPlace } from '../booking-place.js';
import { earlyPerformanceChoice } from '../booking-withdrawal.js';
import { hoursText } from '../hours-text.js';
import { bookingMinutes, customerDisplayName, type Booking, type CustomerChanges } from '../booking.model.js';
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
    statusAwaitingPayment: 'En attente de paiement',
    name: 'Nom',
    email: 'E-mail',
    phone: 'Téléphone',
    address: 'Adresse',
    calendar: 'Ajouter à mon agenda (.ics)',
    changeTitle: 'Déplacer ou annuler',
    changeUntil: (deadline: string, hours: string | null) =>
      `Vous pouvez déplacer ou annuler cette réservation en ligne, sans frais, jusqu’au ${deadline}${hours ? ` (${hours} avant son début)` : ''}.`,
    move: 'Déplacer la réservation',
    cancel: 'Annuler la réservation',
    tooLate: (hours: string) => `Il est trop tard pour déplacer ou annuler cette réservation en ligne\u00a0: c’était possible jusqu’à ${hours} avant son début.`,
    started: 'La prestation a commencé ou est passée\u00a0: pour toute question, écrivez-nous.',
    questionCall: 'Pour toute question, appelez-nous au',
    callUs: 'Pour la déplacer ou l’annuler, appelez-nous au',
    orWrite: (email: string) => ` ou écrivez à ${email}.`,
    writeUs: (email: string) => `Pour la déplacer ou l’annuler, écrivez-nous à ${email}.`,
    afterCutoff: 'Après l’heure limite, appelez-nous au',
    afterCutoffWrite: (email: string) => `Après l’heure limite, écrivez-nous à ${email}.`,
    withdrawalAlways: 'Votre droit de rétractation, lui, s’exerce pendant tout son délai en nous écrivant, même après l’heure limite.',
    moved: 'Votre réservation est déplacée. Un e-mail de confirmation vous a été envoyé, avec le fichier d’agenda à jour.',
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
    statusAwaitingPayment: 'Awaiting payment',
    name: 'Name',
    email: 'E-mail',
    phone: 'Phone',
    address: 'Address',
    calendar: 'Add to my calendar (.ics)',
    changeTitle: 'Move or cancel',
    changeUntil: (deadline: string, hours: string | null) => `You may move or cancel this booking online, free of charge, until ${deadline}${hours ? ` (${hours} before it starts)` : ''}.`,
    move: 'Move the booking',
    cancel: 'Cancel the booking',
    tooLate: (hours: string) => `It is too late to move or cancel this booking online: that was possible until ${hours} before it starts.`,
    started: 'The service has started or is over: for any question, write to us.',
    questionCall: 'For any question, call us on',
    callUs: 'To move or cancel it, call us on',
    orWrite: (email: string) => ` or write to ${email}.`,
    writeUs: (email: string) => `To move or cancel it, write to us at ${email}.`,
    afterCutoff: 'After that time, call us on',
    afterCutoffWrite: (email: string) => `After that time, write to us at ${email}.`,
    withdrawalAlways: 'Your right of withdrawal can be exercised throughout its period by writing to us, even after that time.',
    moved: 'Your booking is moved. A confirmation e-mail has been sent to you, with the updated calendar file.',
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

/** Where a customer's booking page links to: the private link's pages, or the same in the customer's space. */
export interface BookingLinks {
  page: string;
  calendar: string;
  move: string;
  cancel: string;
}

/** The business's phone as a tel: link (or as typed), then « ou écrivez à … »; only the e-mail address without a phone. */
export function PhoneSentence({ ctx, lead, leadWithoutPhone }: { ctx: PageContext; lead: string; leadWithoutPhone: string }) {
  const { business, locale } = ctx;
  const t = texts[locale];
  if (!business.phone) return <>{leadWithoutPhone}</>;
  const phone = businessPhone(business.phone, business.address.country);
  return (
    <>
      {lead} {phone.tel ? <a href={phone.tel}>{phone.display}</a> : phone.display}
      {t.orWrite(business.email)}
    </>
  );
}

/** What the customer may still do with a booking online: move or cancel until the cut-off, then the phone. */
export function ChangeSection({ ctx, booking, changes, links }: { ctx: PageContext; booking: Booking; changes: CustomerChanges; links: BookingLinks }) {
  const { locale, business } = ctx;
  const t = texts[locale];
  const hours = hoursText(changes.cutoffHours, locale);
  if (booking.status !== 'confirmed') return null;
  return (
    <section aria-labelledby="change-heading">
      <h2 id="change-heading">{t.changeTitle}</h2>
      {changes.allowed ? (
        <>
          <p>{t.changeUntil(formatDateTime(changes.deadline, locale, business.timezone), changes.cutoffHours > 0 ? hours : null)}</p>
          <p class="actions">
            <a class="button" href={links.move}>
              {t.move}
            </a>
            <a class="button button--danger" href={links.cancel}>
              {t.cancel}
            </a>
          </p>
          <p>
            <PhoneSentence ctx={ctx} lead={t.afterCutoff} leadWithoutPhone={t.afterCutoffWrite(business.email)} /> {t.withdrawalAlways}
          </p>
        </>
      ) : (
        <>
          <p>{changes.started ? t.started : t.tooLate(hours)}</p>
          {changes.started && !business.phone ? null : (
            <p>
              <PhoneSentence ctx={ctx} lead={changes.started ? t.questionCall : t.callUs} leadWithoutPhone={t.writeUs(business.email)} />
            </p>
          )}
        </>
      )}
    </section>
  );
}

export interface BookingPageProps {
  ctx: PageContext;
  booking: Booking;
  service: Service;
  links: BookingLinks;
  notice?: 'confirmed' | 'cancelled' | 'moved' | undefined;
  withdrawal: string;
  changes: CustomerChanges;
  /** Above the title: the way back to the customer's space, when the page is shown there. */
  back?: { href: string; label: string } | undefined;
  /** Where the payment stands (payments module); no section without it (payments not wired). */
  payment?: BookingPagePayment | undefined;
  /** The booking's invoices and credit notes (invoices module, given by the route), each PDF's link. */
  invoices?: CustomerInvoiceLink[] | undefined;
  /** A cancelled booking: what its cancellation gives back (« Un remboursement de 49,00 € est en cours… »). */
  refund?: string[] | undefined;
}

/** The booking page's « Paiement » section: the state, now (for the time left), and where « Reprendre le paiement » posts. */
export interface BookingPagePayment {
  state: CustomerPaymentState;
  now: number;
  resumeAction?: string | undefined;
}

/** An invoice or credit note as the customer's pages list it. */
export interface CustomerInvoiceLink {
  number: string;
  type: 'invoice' | 'credit_note';
  issueDate: string;
  grossCents: number;
  href: string;
  /** The invoices module's document: `kind` says a deposit invoice (« Facture d’acompte »). */
  document?: { kind?: 'deposit' | 'final' | undefined } | undefined;
}

/** « Facture F-2026-000001 du 26 novembre 2026 — 49,00 € (PDF) », each a download link. */
export function InvoiceLinks({ locale, invoices }: { locale: 'fr' | 'en'; invoices: CustomerInvoiceLink[] }) {
  return (
    <>
      {invoices.map((d) => (
        <li key={d.number}>
          <a href={d.href} download={`${d.number}.pdf`}>
            {invoiceLinkText(locale, d)}
          </a>
        </li>
      ))}
    </>
  );
}

function invoiceLinkText(locale: 'fr' | 'en', d: CustomerInvoiceLink): string {
  const date = formatCalendarDate(d.issueDate, locale);
  const amount = formatPrice(d.grossCents, 'EUR', locale);
  const deposit = d.document?.kind === 'deposit';
  if (locale === 'fr') return `${d.type === 'invoice' ? (deposit ? 'Facture d’acompte' : 'Facture') : 'Avoir'} ${d.number} du ${date} — ${amount} (PDF)`;
  return `${d.type === 'invoice' ? (deposit ? 'Deposit invoice' : 'Invoice') : 'Credit note'} ${d.number} of ${date} — ${amount} (PDF)`;
}

export function BookingPage({ ctx, booking, service, links, notice, withdrawal, changes, back, payment, invoices = [], refund }: BookingPageProps) {
  const { locale, business } = ctx;
  const t = texts[locale];
  const zone = business.timezone;
  const c = booking.customer;
  const place = bookingPlace(booking, service, business, locale);
  return (
    <Layout ctx={ctx} title={`${t.title} ${booking.reference}`}>
      {back ? (
        <p class="breadcrumb">
          <a href={back.href}>← {back.label}</a>
        </p>
      ) : null}
      <h1>{t.title}</h1>
      {notice === 'moved' ? (
        <div class="notice notice--success" role="status">
          {t.moved}
        </div>
      ) : null}
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
      {booking.status === 'cancelled' && refund?.length ? (
        <div class="notice" role="status">
          {refund.map((line) => (
            <p>{line}</p>
          ))}
        </div>
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
          <dd>{booking.status === 'confirmed' ? (booking.awaitingPayment ? t.statusAwaitingPayment : t.statusConfirmed) : t.statusCancelled}</dd>
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
      {payment ? <CustomerPaymentSection locale={locale} timezone={zone} now={payment.now} state={payment.state} resumeAction={payment.resumeAction} /> : null}
      {booking.status === 'confirmed' ? (
        <p>
          <a class="button button--secondary" href={links.calendar} download={`${booking.reference}.ics`}>
            {t.calendar}
          </a>
        </p>
      ) : null}
      <section aria-labelledby="withdrawal-heading">
        <h2 id="withdrawal-heading">{t.withdrawal}</h2>
        <p>{withdrawal}</p>
        {earlyPerformanceChoice(booking, locale) ? <p class="notice">{earlyPerformanceChoice(booking, locale)}</p> : null}
      </section>
      <ChangeSection ctx={ctx} booking={booking} changes={changes} links={links} />
      <section aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t.documents}</h2>
        <ul>
          <li>
            <a href={`${paths.terms(locale)}?version=${booking.termsVersion}`}>{t.terms}</a> ({t.version} {booking.termsVersion}, {booking.termsAccepted ? t.accepted : t.shown})
          </li>
          <li>
            <a href={`${paths.privacyPolicy(locale)}?version=${booking.privacyNoticeVersion}`}>{t.privacy}</a> ({t.version} {booking.privacyNoticeVersion})
          </li>
          <InvoiceLinks locale={locale} invoices={invoices} />
        </ul>
      </section>
      <p>{t.contact(business.email)}</p>
    </Layout>
  );
}

/**
 * What cancelling now gives back, as the cancel page says it before the customer confirms: online
 * the customer cancels only before the cut-off, when the terms promise everything back
 * (booking-refund.ts, `free_cancellation`); how it comes back depends on how it was paid.
 */
export interface CancelRefundPreview {
  paidCents: number;
  currency: string;
  /** Paid online (Stripe, PayPal) and on site, in any mix. */
  online: boolean;
  onSite: boolean;
  /** What was paid is a deposit (the rest was to be paid on site). */
  deposit: boolean;
}

const ONLINE_METHODS = new Set(['stripe', 'paypal']);

/** The preview from the booking's payment state: undefined when nothing was received. */
export function cancelRefundPreview(state: CustomerPaymentState | undefined): CancelRefundPreview | undefined {
  if (!state || (state.kind !== 'paid' && state.kind !== 'deposit_paid' && state.kind !== 'partly_paid') || state.paidCents <= 0) return undefined;
  return {
    paidCents: state.paidCents,
    currency: state.currency,
    online: state.methods.some((m) => ONLINE_METHODS.has(m)),
    onSite: state.methods.some((m) => !ONLINE_METHODS.has(m)),
    deposit: state.kind === 'deposit_paid',
  };
}

const refundTexts = {
  fr: {
    title: 'Votre remboursement',
    paid: (amount: string) => `Vous avez payé ${amount}. Vous annulez dans le délai prévu\u00a0: cette somme vous sera remboursée en totalité.`,
    deposit: (amount: string) => `Vous avez versé un acompte de ${amount}. Vous annulez dans le délai prévu\u00a0: il vous sera remboursé en totalité.`,
    online: 'Le remboursement passe par le moyen de paiement que vous aviez utilisé\u00a0; il apparaît sur votre compte sous 5 à 10\u00a0jours ouvrés selon votre banque.',
    onSite: 'Nous vous rendrons cette somme, que vous aviez payée sur place.',
    mixed: 'La part payée en ligne vous est remboursée par le même moyen, sous 5 à 10\u00a0jours ouvrés selon votre banque\u00a0; nous vous rendrons celle payée sur place.',
    confirm: (amount: string) => `Annuler et me faire rembourser ${amount}`,
  },
  en: {
    title: 'Your refund',
    paid: (amount: string) => `You paid ${amount}. You are cancelling in time: it will be refunded in full.`,
    deposit: (amount: string) => `You paid a deposit of ${amount}. You are cancelling in time: it will be refunded in full.`,
    online: 'The refund goes back through the way you paid; it shows on your account within 5 to 10 working days, depending on your bank.',
    onSite: 'We will give it back to you, as you paid it on site.',
    mixed: 'The part paid online goes back the same way, within 5 to 10 working days depending on your bank; we will give you back the part paid on site.',
    confirm: (amount: string) => `Cancel and get ${amount} back`,
  },
};

/** The confirmation before a customer cancels: `action` is where the form posts, `back` the booking's page; `refund` what cancelling gives back. */
export function CancelConfirmPage({ ctx, booking, service, action, back, csrfToken, refund }: { ctx: PageContext; booking: Booking; service: Service; action: string; back: string; csrfToken?: string | undefined; refund?: CancelRefundPreview | undefined }) {
  const { locale } = ctx;
  const t = texts[locale];
  const r = refundTexts[locale];
  const amount = refund ? formatPrice(refund.paidCents, refund.currency, locale) : '';
  return (
    <Layout ctx={ctx} title={t.confirmTitle}>
      <h1>{t.confirmTitle}</h1>
      <p>
        <strong>{service.name[locale]}</strong> — {formatDateTime(booking.start, locale, ctx.business.timezone)} ({t.reference.toLowerCase()} {booking.reference})
      </p>
      <p>{t.confirmText}</p>
      {refund ? (
        <section class="notice" aria-labelledby="refund-title">
          <h2 id="refund-title">{r.title}</h2>
          <p>{refund.deposit ? r.deposit(amount) : r.paid(amount)}</p>
          <p>{refund.online && refund.onSite ? r.mixed : refund.online ? r.online : r.onSite}</p>
        </section>
      ) : null}
      <form method="post" action={action} data-submit-once class="actions">
        {csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null}
        <button type="submit" class="button button--danger">
          {refund ? r.confirm(amount) : t.confirm}
        </button>
        <a class="button button--secondary" href={back}>
          {t.keep}
        </a>
      </form>
    </Layout>
  );
}

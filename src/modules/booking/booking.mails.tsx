import type { ComponentChildren } from 'preact';
import type { BusinessProfile } from '../../platform/business.js';
import { businessPhone, formatPhone } from '../../platform/i18n/phone.js';
import { countryName } from '../../platform/i18n/countries.js';
import { formatDateTime, formatDuration, formatPrice } from '../../platform/i18n/format.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { mailFooterText, MailLayout, renderMailHtml } from '../../platform/mail/mail-layout.js';
import { timeZoneCity } from '../../platform/time-zone.js';
import type { Service } from '../catalog/index.js';
import { howPaymentHappens, type PaidOnline } from './booking-payment.js';
import { bookingPlace } from './booking-place.js';
import { earlyPerformanceChoice, earlyPerformanceForOwner } from './booking-withdrawal.js';
import { bookingMinutes, customerDisplayName, type Booking, type CustomerDetails } from './booking.model.js';
import { bookingPriceText } from './views/price.js';

/** The mails a booking sends: rendered once, when queued, in the recipient's language. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailContext {
  booking: Booking;
  service: Service;
  business: BusinessProfile;
  manageUrl: string;
  adminUrl: string;
  /** The booking site's list of services in the booking's language (under BASE_URL, never the business's website). */
  servicesUrl: string;
  withdrawal: string;
  previousStart?: string;
  reason?: string | null;
  /** The customer moved the booking themselves (their space or its private link). */
  movedByCustomer?: boolean;
  /** Paid online (the confirmation sent when the provider confirmed the payment). */
  paid?: PaidOnline;
  /** What a cancellation gives back (the cancellation mail). */
  refund?: { onlineCents: number; byHandCents: number; currency: string };
}

interface Line {
  label: string;
  value: string;
}

/** A paragraph written once for the text part and once for the HTML part, where it holds a link. */
type Paragraph = string | { text: string; html: ComponentChildren };

const textOf = (p: Paragraph) => (typeof p === 'string' ? p : p.text);
const htmlOf = (p: Paragraph) => (typeof p === 'string' ? p : p.html);

function render(locale: Locale, business: BusinessProfile, subject: string, paragraphs: string[], lines: Line[], link?: { label: string; url: string }, after: Paragraph[] = []): RenderedMail {
  const text = [
    ...paragraphs,
    '',
    ...lines.map((l) => `${l.label} ${l.value}`),
    ...(link ? ['', `${link.label} ${link.url}`] : []),
    ...(after.length ? ['', ...after.map(textOf)] : []),
    '',
    '--',
    mailFooterText(business),
  ].join('\n');
  const html = renderMailHtml(
    <MailLayout locale={locale} business={business}>
      {paragraphs.map((p) => (
        <p style="margin:0 0 12px">{p}</p>
      ))}
      <table role="presentation" style="border-collapse:collapse;margin:12px 0">
        {lines.map((l) => (
          <tr>
            <td style="padding:4px 12px 4px 0;color:#555555;vertical-align:top">{l.label}</td>
            <td style="padding:4px 0;font-weight:600">{l.value}</td>
          </tr>
        ))}
      </table>
      {link ? (
        <p style="margin:16px 0">
          <a href={link.url} style="display:inline-block;background:#1d4e89;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">
            {link.label.replace(/\s*:$/, '')}
          </a>
        </p>
      ) : null}
      {after.map((p) => (
        <p style="margin:0 0 12px;font-size:14px;color:#333333">{htmlOf(p)}</p>
      ))}
    </MailLayout>,
  );
  return { subject, text, html };
}

/** « Bonjour Claire Martin, »; « Bonjour, » when the booking names no one (a company, or only an e-mail address). */
function greeting(customer: Pick<CustomerDetails, 'firstName' | 'lastName'>, locale: Locale): string {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  if (locale === 'fr') return name ? `Bonjour ${name},` : 'Bonjour,';
  return name ? `Hello ${name},` : 'Hello,';
}

/**
 * A booking's date and time for its customer: in English, followed by the business's time zone
 * ("(Paris time)"), since a customer abroad would otherwise read it as their own; French needs nothing.
 */
function mailTime(instant: string, locale: Locale, zone: string): string {
  const when = formatDateTime(instant, locale, zone);
  return locale === 'fr' ? when : `${when} (${timeZoneCity(zone)} time)`;
}

/**
 * Where the customer can reach the business: by phone when the profile has a number (a tel: link
 * in HTML), else by replying or writing. `question` opens the sentence (« Une question », …).
 */
function contactParagraph(business: BusinessProfile, locale: Locale, question: { fr: string; en: string }): Paragraph {
  const fr = locale === 'fr';
  const opening = fr ? `${question.fr}\u00a0?` : `${question.en}?`;
  if (!business.phone) {
    return fr ? `${opening} Répondez à ce message ou écrivez à ${business.email}.` : `${opening} Reply to this message or write to ${business.email}.`;
  }
  const phone = businessPhone(business.phone, business.address.country);
  const [before, after] = fr
    ? [`${opening} Appelez-nous au `, `, répondez à ce message ou écrivez à ${business.email}.`]
    : [`${opening} Call us on `, `, reply to this message or write to ${business.email}.`];
  return {
    text: `${before}${phone.display}${after}`,
    html: (
      <>
        {before}
        {phone.tel ? (
          <a href={phone.tel} style="color:#1d4e89">
            {phone.display}
          </a>
        ) : (
          phone.display
        )}
        {after}
      </>
    ),
  };
}

const A_QUESTION = { fr: 'Une question', en: 'A question' };

/** How the customer pays, as a paragraph of the mail; nothing for a free booking or a profile without a note. */
function paymentParagraphs(booking: Booking, business: BusinessProfile, locale: Locale, paid?: PaidOnline): string[] {
  const note = howPaymentHappens(booking, business, locale, paid);
  return note ? [note] : [];
}

function bookingLines(ctx: MailContext, locale: Locale, audience: 'customer' | 'owner' = 'customer'): Line[] {
  const { booking, service, business } = ctx;
  const fr = locale === 'fr';
  const zone = business.timezone;
  const place = bookingPlace(booking, service, business, locale, audience);
  return [
    { label: fr ? 'Prestation\u00a0:' : 'Service:', value: service.name[locale] },
    { label: fr ? 'Date\u00a0:' : 'Date:', value: mailTime(booking.start, locale, zone) },
    { label: fr ? 'Durée\u00a0:' : 'Duration:', value: formatDuration(bookingMinutes(booking), locale) },
    ...(booking.quantity > 1 ? [{ label: fr ? 'Places\u00a0:' : 'Places:', value: String(booking.quantity) }] : []),
    { label: fr ? 'Prix\u00a0:' : 'Price:', value: bookingPriceText(booking, locale, business.vatExempt) },
    { label: fr ? 'Référence\u00a0:' : 'Reference:', value: booking.reference },
    { label: `${place.label}${fr ? '\u00a0:' : ':'}`, value: place.text },
  ];
}

export function confirmationMail(ctx: MailContext): RenderedMail {
  const locale = ctx.booking.locale;
  const fr = locale === 'fr';
  const { booking, service, business } = ctx;
  const when = mailTime(booking.start, locale, business.timezone);
  return render(
    locale,
    business,
    fr ? `Réservation confirmée\u00a0: ${service.name.fr}, ${when}` : `Booking confirmed: ${service.name.en}, ${when}`,
    [
      greeting(booking.customer, locale),
      fr
        ? 'Votre réservation est confirmée. Le fichier joint l’ajoute à votre agenda.'
        : 'Your booking is confirmed. The attached file adds it to your calendar.',
    ],
    bookingLines(ctx, locale),
    { label: fr ? 'Consulter, déplacer ou annuler votre réservation\u00a0:' : 'View, move or cancel your booking:', url: ctx.manageUrl },
    [
      ...paymentParagraphs(booking, business, locale, ctx.paid),
      ctx.withdrawal,
      ...[earlyPerformanceChoice(booking, locale)].filter((p): p is string => p !== null),
      contactParagraph(business, locale, A_QUESTION),
    ],
  );
}

/**
 * The payment window lapsed without the payment, or the payment was refused for good (a bank
 * debit the bank rejected): the booking is cancelled and its place offered to others again.
 */
export function placeReleasedMail(ctx: MailContext, why: 'lapsed' | 'payment_failed' = 'lapsed'): RenderedMail {
  const locale = ctx.booking.locale;
  const fr = locale === 'fr';
  const { booking, service, business } = ctx;
  const when = mailTime(booking.start, locale, business.timezone);
  const failed = why === 'payment_failed';
  const subject = failed
    ? fr
      ? `Paiement refusé, votre place a été libérée\u00a0: ${service.name.fr}, ${when}`
      : `Payment refused, your place was released: ${service.name.en}, ${when}`
    : fr
      ? `Paiement non reçu, votre place a été libérée\u00a0: ${service.name.fr}, ${when}`
      : `Payment not received, your place was released: ${service.name.en}, ${when}`;
  return render(
    locale,
    business,
    subject,
    [
      greeting(booking.customer, locale),
      failed
        ? fr
          ? 'Votre paiement en ligne n’a pas abouti\u00a0: votre banque l’a refusé, et aucune somme ne vous a été prélevée. Votre place a donc été libérée et votre réservation annulée.'
          : 'Your online payment did not go through: your bank refused it, and no money was taken. Your place was therefore released and your booking cancelled.'
        : fr
          ? 'Nous n’avons pas reçu votre paiement en ligne dans le délai prévu\u00a0: votre place a été libérée et votre réservation annulée. Si un paiement a tout de même abouti, il vous sera remboursé.'
          : 'We did not receive your online payment in time: your place was released and your booking cancelled. Should a payment have gone through nonetheless, it will be refunded.',
      fr ? 'Vous pouvez réserver à nouveau, si le créneau est encore libre.' : 'You may book again, if the slot is still free.',
    ],
    bookingLines(ctx, locale),
    { label: fr ? 'Réserver à nouveau\u00a0:' : 'Book again:', url: ctx.servicesUrl },
    [contactParagraph(business, locale, A_QUESTION)],
  );
}

/** What a cancellation gives back, as the customer reads it: on its way through the provider, or handed back by the business. */
export function refundParagraphs(refund: MailContext['refund'], locale: Locale): string[] {
  if (!refund) return [];
  const fr = locale === 'fr';
  const price = (cents: number) => formatPrice(cents, refund.currency, locale);
  return [
    ...(refund.onlineCents > 0
      ? [
          fr
            ? `Un remboursement de ${price(refund.onlineCents)} est en cours, par le moyen de paiement que vous aviez utilisé. Nous vous écrirons dès qu’il sera fait\u00a0; il apparaît ensuite sur votre compte sous 5 à 10\u00a0jours ouvrés selon votre banque.`
            : `A refund of ${price(refund.onlineCents)} is on its way, through the way you paid. We will write to you once it is made; it then shows on your account within 5 to 10 working days, depending on your bank.`,
        ]
      : []),
    ...(refund.byHandCents > 0
      ? [fr ? `Nous vous rendrons ${price(refund.byHandCents)} que vous aviez payés sur place.` : `We will give you back the ${price(refund.byHandCents)} you paid on site.`]
      : []),
  ];
}

export function cancellationMail(ctx: MailContext): RenderedMail {
  const locale = ctx.booking.locale;
  const fr = locale === 'fr';
  const { booking, service, business } = ctx;
  const byCustomer = booking.cancelledBy === 'customer';
  const when = mailTime(booking.start, locale, business.timezone);
  return render(
    locale,
    business,
    fr ? `Réservation annulée\u00a0: ${service.name.fr}, ${when}` : `Booking cancelled: ${service.name.en}, ${when}`,
    [
      greeting(booking.customer, locale),
      // « Vous ne devez rien » is how payment happens for a cancelled booking: no payment note here.
      byCustomer
        ? fr
          ? 'Votre réservation est annulée, comme vous l’avez demandé. Vous ne devez rien.'
          : 'Your booking is cancelled, as you asked. You owe nothing.'
        : fr
          ? `Nous sommes désolés\u00a0: ${business.name} a dû annuler votre réservation. Vous ne devez rien.`
          : `We are sorry: ${business.name} had to cancel your booking. You owe nothing.`,
      ...(ctx.reason ? [fr ? `Motif\u00a0: ${ctx.reason}` : `Reason: ${ctx.reason}`] : []),
      ...refundParagraphs(ctx.refund, locale),
    ],
    bookingLines(ctx, locale),
    { label: fr ? 'Réserver un autre créneau\u00a0:' : 'Book another time:', url: ctx.servicesUrl },
    [contactParagraph(business, locale, A_QUESTION)],
  );
}

export function movedMail(ctx: MailContext): RenderedMail {
  const locale = ctx.booking.locale;
  const fr = locale === 'fr';
  const { booking, service, business } = ctx;
  const zone = business.timezone;
  const [from, to] = [mailTime(ctx.previousStart!, locale, zone), mailTime(booking.start, locale, zone)];
  // Moved by the customer: a receipt of what they did; by the business: the news, with its reason.
  const news = ctx.movedByCustomer
    ? fr
      ? `Votre réservation est déplacée, comme vous l’avez demandé\u00a0: du ${from} au ${to}. Le fichier joint met votre agenda à jour.`
      : `Your booking is moved, as you asked: from ${from} to ${to}. The attached file updates your calendar.`
    : fr
      ? `${business.name} a déplacé votre réservation du ${from} au ${to}. Le fichier joint met votre agenda à jour.`
      : `${business.name} moved your booking from ${from} to ${to}. The attached file updates your calendar.`;
  return render(
    locale,
    business,
    fr ? `Réservation déplacée\u00a0: ${service.name.fr}, ${to}` : `Booking moved: ${service.name.en}, ${to}`,
    [greeting(booking.customer, locale), news, ...(ctx.reason ? [fr ? `Motif\u00a0: ${ctx.reason}` : `Reason: ${ctx.reason}`] : [])],
    bookingLines(ctx, locale),
    { label: fr ? 'Consulter, déplacer ou annuler votre réservation\u00a0:' : 'View, move or cancel your booking:', url: ctx.manageUrl },
    [
      ...paymentParagraphs(booking, business, locale),
      contactParagraph(business, locale, ctx.movedByCustomer ? A_QUESTION : { fr: 'Cet horaire ne vous convient pas', en: 'This time does not suit you' }),
    ],
  );
}

/**
 * The reminder before a booking: when, where (address, phone number or link, in the lines), how
 * payment happens, the business phone, and the booking's own page to change or cancel it.
 */
export function reminderMail(ctx: MailContext): RenderedMail {
  const locale = ctx.booking.locale;
  const fr = locale === 'fr';
  const { booking, service, business } = ctx;
  const when = mailTime(booking.start, locale, business.timezone);
  return render(
    locale,
    business,
    fr ? `Rappel : ${service.name.fr}, ${when}` : `Reminder: ${service.name.en}, ${when}`,
    [
      greeting(booking.customer, locale),
      fr ? `Nous vous rappelons votre rendez-vous avec ${business.name}, le ${when}.` : `This is a reminder of your appointment with ${business.name} on ${when}.`,
    ],
    bookingLines(ctx, locale),
    { label: fr ? 'Consulter, déplacer ou annuler votre réservation :' : 'View, move or cancel your booking:', url: ctx.manageUrl },
    [...paymentParagraphs(booking, business, locale), contactParagraph(business, locale, { fr: 'Un empêchement', en: 'Something came up' })],
  );
}

/** To the owner, in French: who booked what, with the customer's details. */
export function ownerNoticeMail(ctx: MailContext, event: 'new' | 'cancelled' | 'moved'): RenderedMail {
  const { booking, service, business } = ctx;
  const c = booking.customer;
  const lines: Line[] = [
    ...bookingLines(ctx, 'fr', 'owner'),
    { label: 'Client\u00a0:', value: customerDisplayName(c) },
    ...(c.company ? [{ label: 'Société\u00a0:', value: c.company }] : []),
    { label: 'E-mail\u00a0:', value: c.email },
    ...(c.phone ? [{ label: 'Téléphone\u00a0:', value: formatPhone(c.phone) }] : []),
    ...(c.country ? [{ label: 'Pays\u00a0:', value: countryName(c.country, 'fr') }] : []),
    ...(c.address && service.location !== 'customer_address'
      ? [{ label: 'Adresse\u00a0:', value: [c.address.line1, c.address.line2, `${c.address.postalCode} ${c.address.city}`, countryName(c.address.country, 'fr')].filter(Boolean).join(', ') }]
      : []),
    { label: 'Langue\u00a0:', value: booking.locale === 'fr' ? 'français' : 'anglais' },
    { label: 'Début avant la fin du délai de rétractation\u00a0:', value: earlyPerformanceForOwner(booking) },
  ];
  const when = formatDateTime(booking.start, 'fr', business.timezone);
  const subject = {
    new: `Nouvelle réservation\u00a0: ${service.name.fr}, ${when}`,
    cancelled: `Réservation annulée par le client\u00a0: ${service.name.fr}, ${when}`,
    moved: `Réservation déplacée par le client\u00a0: ${service.name.fr}, ${when}`,
  }[event];
  const news = {
    new: 'Une nouvelle réservation vient d’être enregistrée.',
    cancelled: 'Le client a annulé cette réservation\u00a0; le créneau est de nouveau libre.',
    moved: `Le client a déplacé cette réservation du ${ctx.previousStart ? formatDateTime(ctx.previousStart, 'fr', business.timezone) : '—'} au ${when}\u00a0; l’ancien créneau est de nouveau libre.`,
  }[event];
  return render(
    'fr',
    business,
    subject,
    [news],
    lines,
    { label: 'Voir la réservation\u00a0:', url: ctx.adminUrl },
  );
}

/** To the owner, in French: a session cancelled because too few places were booked by its decision time. */
export function sessionCancelledOwnerMail(input: { service: Service; start: string; business: BusinessProfile; booked: number; minimum: number; cancelledBookings: number; adminUrl: string }): RenderedMail {
  const { service, business } = input;
  const when = formatDateTime(input.start, 'fr', business.timezone);
  return render(
    'fr',
    business,
    `Séance annulée, minimum non atteint\u00a0: ${service.name.fr}, ${when}`,
    [
      `À l’heure de décision, ${input.booked}\u00a0place${input.booked > 1 ? 's' : ''} sur les ${input.minimum} nécessaires étaient réservées\u00a0: la séance est annulée.`,
      input.cancelledBookings > 0
        ? `Les ${input.cancelledBookings}\u00a0réservation${input.cancelledBookings > 1 ? 's' : ''} de cette séance ont été annulées et chaque participant a été prévenu par e-mail.`
        : 'Personne n’avait réservé cette séance.',
    ],
    [
      { label: 'Prestation\u00a0:', value: service.name.fr },
      { label: 'Date\u00a0:', value: when },
    ],
    { label: 'Voir les séances\u00a0:', url: input.adminUrl },
  );
}

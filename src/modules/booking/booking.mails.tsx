import type { BusinessProfile } from '../../platform/business.js';
import { formatPhone } from '../../platform/i18n/phone.js';
import { countryName } from '../../platform/i18n/countries.js';
import { formatDateTime, formatDuration, formatPrice } from '../../platform/i18n/format.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { MailLayout, renderMailHtml } from '../../platform/mail/mail-layout.js';
import type { Service } from '../catalog/index.js';
import { bookingPlace } from './booking-place.js';
import { earlyPerformanceChoice, earlyPerformanceForOwner } from './booking-withdrawal.js';
import { bookingMinutes, customerDisplayName, type Booking } from './booking.model.js';

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
  withdrawal: string;
  previousStart?: string;
  reason?: string | null;
}

interface Line {
  label: string;
  value: string;
}

function render(locale: Locale, business: BusinessProfile, subject: string, paragraphs: string[], lines: Line[], link?: { label: string; url: string }, after: string[] = []): RenderedMail {
  const text = [
    ...paragraphs,
    '',
    ...lines.map((l) => `${l.label} ${l.value}`),
    ...(link ? ['', `${link.label} ${link.url}`] : []),
    ...(after.length ? ['', ...after] : []),
    '',
    '--',
    `${business.legalName} · ${business.address.line1}, ${business.address.postalCode} ${business.address.city} · ${business.email}`,
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
        <p style="margin:0 0 12px;font-size:14px;color:#333333">{p}</p>
      ))}
    </MailLayout>,
  );
  return { subject, text, html };
}

function bookingLines(ctx: MailContext, locale: Locale, audience: 'customer' | 'owner' = 'customer'): Line[] {
  const { booking, service, business } = ctx;
  const fr = locale === 'fr';
  const zone = business.timezone;
  const place = bookingPlace(booking, service, business, locale, audience);
  return [
    { label: fr ? 'Prestation\u00a0:' : 'Service:', value: service.name[locale] },
    { label: fr ? 'Date\u00a0:' : 'Date:', value: formatDateTime(booking.start, locale, zone) },
    { label: fr ? 'Durée\u00a0:' : 'Duration:', value: formatDuration(bookingMinutes(booking), locale) },
    ...(booking.quantity > 1 ? [{ label: fr ? 'Places\u00a0:' : 'Places:', value: String(booking.quantity) }] : []),
    {
      label: fr ? 'Prix\u00a0:' : 'Price:',
      value:
        booking.priceCents === 0
          ? fr
            ? 'Gratuit'
            : 'Free'
          : `${formatPrice(booking.priceCents, booking.currency, locale)} ${business.vatExempt ? (fr ? '(TVA non applicable)' : '(no VAT)') : fr ? 'TTC' : 'incl. VAT'}${placesDetail(booking, locale)}`,
    },
    { label: fr ? 'Référence\u00a0:' : 'Reference:', value: booking.reference },
    { label: `${place.label}${fr ? '\u00a0:' : ':'}`, value: place.text },
  ];
}

export function confirmationMail(ctx: MailContext): RenderedMail {
  const locale = ctx.booking.locale;
  const fr = locale === 'fr';
  const { booking, service, business } = ctx;
  const greeting = booking.customer.firstName ? (fr ? `Bonjour ${booking.customer.firstName},` : `Hello ${booking.customer.firstName},`) : fr ? 'Bonjour,' : 'Hello,';
  return render(
    locale,
    business,
    fr
      ? `Réservation confirmée\u00a0: ${service.name.fr}, ${formatDateTime(booking.start, 'fr', business.timezone)}`
      : `Booking confirmed: ${service.name.en}, ${formatDateTime(booking.start, 'en', business.timezone)}`,
    [
      greeting,
      fr
        ? 'Votre réservation est confirmée. Le fichier joint l’ajoute à votre agenda.'
        : 'Your booking is confirmed. The attached file adds it to your calendar.',
    ],
    bookingLines(ctx, locale),
    { label: fr ? 'Consulter ou annuler votre réservation\u00a0:' : 'View or cancel your booking:', url: ctx.manageUrl },
    [
      ctx.withdrawal,
      ...[earlyPerformanceChoice(booking, locale)].filter((p): p is string => p !== null),
      fr
        ? `Une question\u00a0? Répondez à ce message ou écrivez à ${business.email}.`
        : `A question? Reply to this message or write to ${business.email}.`,
    ],
  );
}

export function cancellationMail(ctx: MailContext): RenderedMail {
  const locale = ctx.booking.locale;
  const fr = locale === 'fr';
  const { booking, service, business } = ctx;
  const byCustomer = booking.cancelledBy === 'customer';
  return render(
    locale,
    business,
    fr
      ? `Réservation annulée\u00a0: ${service.name.fr}, ${formatDateTime(booking.start, 'fr', business.timezone)}`
      : `Booking cancelled: ${service.name.en}, ${formatDateTime(booking.start, 'en', business.timezone)}`,
    [
      fr ? 'Bonjour,' : 'Hello,',
      byCustomer
        ? fr
          ? 'Votre réservation est annulée, comme vous l’avez demandé. Vous ne devez rien.'
          : 'Your booking is cancelled, as you asked. You owe nothing.'
        : fr
          ? `Nous sommes désolés\u00a0: ${business.name} a dû annuler votre réservation. Vous ne devez rien.`
          : `We are sorry: ${business.name} had to cancel your booking. You owe nothing.`,
      ...(ctx.reason ? [fr ? `Motif\u00a0: ${ctx.reason}` : `Reason: ${ctx.reason}`] : []),
    ],
    bookingLines(ctx, locale),
    undefined,
    [fr ? `Pour réserver un autre créneau, rendez-vous sur ${business.website}.` : `To book another time, visit ${business.website}.`],
  );
}

export function movedMail(ctx: MailContext): RenderedMail {
  const locale = ctx.booking.locale;
  const fr = locale === 'fr';
  const { booking, service, business } = ctx;
  const zone = business.timezone;
  return render(
    locale,
    business,
    fr
      ? `Réservation déplacée\u00a0: ${service.name.fr}, ${formatDateTime(booking.start, 'fr', zone)}`
      : `Booking moved: ${service.name.en}, ${formatDateTime(booking.start, 'en', zone)}`,
    [
      fr ? 'Bonjour,' : 'Hello,',
      fr
        ? `${business.name} a déplacé votre réservation du ${formatDateTime(ctx.previousStart!, 'fr', zone)} au ${formatDateTime(booking.start, 'fr', zone)}. Le fichier joint met votre agenda à jour.`
        : `${business.name} moved your booking from ${formatDateTime(ctx.previousStart!, 'en', zone)} to ${formatDateTime(booking.start, 'en', zone)}. The attached file updates your calendar.`,
      ...(ctx.reason ? [fr ? `Motif\u00a0: ${ctx.reason}` : `Reason: ${ctx.reason}`] : []),
    ],
    bookingLines(ctx, locale),
    { label: fr ? 'Consulter ou annuler votre réservation\u00a0:' : 'View or cancel your booking:', url: ctx.manageUrl },
    [fr ? `Cet horaire ne vous convient pas\u00a0? Écrivez-nous à ${business.email}.` : `This time does not suit you? Write to us at ${business.email}.`],
  );
}

/** To the owner, in French: who booked what, with the customer's details. */
export function ownerNoticeMail(ctx: MailContext, event: 'new' | 'cancelled'): RenderedMail {
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
  return render(
    'fr',
    business,
    event === 'new' ? `Nouvelle réservation\u00a0: ${service.name.fr}, ${when}` : `Réservation annulée par le client\u00a0: ${service.name.fr}, ${when}`,
    [event === 'new' ? 'Une nouvelle réservation vient d’être enregistrée.' : 'Le client a annulé cette réservation\u00a0; le créneau est de nouveau libre.'],
    lines,
    { label: 'Voir la réservation\u00a0:', url: ctx.adminUrl },
  );
}

/** ", soit 3 × 35,00 €" when a booking takes several places. */
function placesDetail(booking: Booking, locale: Locale): string {
  if (booking.quantity <= 1) return '';
  const each = formatPrice(Math.round(booking.priceCents / booking.quantity), booking.currency, locale);
  return locale === 'fr' ? `, soit ${booking.quantity}\u00a0×\u00a0${each}` : `, i.e. ${booking.quantity} × ${each}`;
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

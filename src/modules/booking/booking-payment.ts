import type { BusinessProfile } from '../../platform/business.js';
import { formatPrice } from '../../platform/i18n/format.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { Booking } from './booking.model.js';

/** What the customer paid online, as the confirmation mail states it (a deposit leaves the rest to pay on site). */
export interface PaidOnline {
  amountCents: number;
  currency: string;
  provider: 'stripe' | 'paypal';
}

const providerName = { stripe: 'Stripe', paypal: 'PayPal' } as const;

/**
 * How the customer pays for a booking, as the mails tell it: what was paid online when it was,
 * otherwise the business profile's note; nothing for a free booking (its price already reads « Gratuit »).
 */
export function howPaymentHappens(booking: Pick<Booking, 'priceCents' | 'currency'>, business: BusinessProfile, locale: Locale, paid?: PaidOnline): string | null {
  if (booking.priceCents === 0) return null;
  if (paid) {
    const amount = formatPrice(paid.amountCents, paid.currency, locale);
    const rest = booking.priceCents - paid.amountCents;
    const via = providerName[paid.provider];
    if (rest <= 0) return locale === 'fr' ? `Vous avez payé ${amount} en ligne (${via})\u00a0: votre réservation est réglée.` : `You paid ${amount} online (${via}): your booking is paid.`;
    const left = formatPrice(rest, booking.currency, locale);
    return locale === 'fr'
      ? `Vous avez versé un acompte de ${amount} en ligne (${via})\u00a0; le reste, ${left}, est à régler sur place.`
      : `You paid a deposit of ${amount} online (${via}); the rest, ${left}, is to be paid on site.`;
  }
  return business.paymentNote?.[locale] ?? null;
}

import type { BusinessProfile } from '../../platform/business.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { Booking } from './booking.model.js';

/**
 * How the customer pays for a booking, as the mails tell it: the business profile's one note
 * for now; nothing for a free booking (its price already reads « Gratuit »). The payments work
 * (issue 7) replaces this with what each booking records, here and nowhere else.
 */
export function howPaymentHappens(booking: Pick<Booking, 'priceCents'>, business: BusinessProfile, locale: Locale): string | null {
  if (booking.priceCents === 0) return null;
  return business.paymentNote?.[locale] ?? null;
}

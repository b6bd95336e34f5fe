import { formatPercent, formatPrice } from '../../../platform/i18n/format.js';
import type { Locale } from '../../../platform/i18n/locale.js';

/** "49,00 € TTC (TVA 20 % incluse)", "Gratuit", or with "TVA non applicable, art. 293 B du CGI". */
export function priceText(item: { priceCents: number; currency: string; vatRateBp: number }, locale: Locale, vatExempt: boolean): string {
  if (item.priceCents === 0) return locale === 'fr' ? 'Gratuit' : 'Free';
  const price = formatPrice(item.priceCents, item.currency, locale);
  if (vatExempt) return locale === 'fr' ? `${price} (TVA non applicable, art. 293 B du CGI)` : `${price} (no VAT, art. 293 B of the French tax code)`;
  return locale === 'fr'
    ? `${price} TTC (TVA ${formatPercent(item.vatRateBp, 'fr')} incluse)`
    : `${price} incl. VAT (${formatPercent(item.vatRateBp, 'en')})`;
}

/** A booking's price; with several places, "105,00 € TTC (…) · 3 places × 35,00 €". */
export function bookingPriceText(booking: { priceCents: number; currency: string; vatRateBp: number; quantity: number }, locale: Locale, vatExempt: boolean): string {
  const total = priceText(booking, locale, vatExempt);
  if (booking.quantity <= 1) return total;
  const each = formatPrice(Math.round(booking.priceCents / booking.quantity), booking.currency, locale);
  return locale === 'fr' ? `${total} · ${booking.quantity}\u00a0places × ${each}` : `${total} · ${booking.quantity} places × ${each}`;
}

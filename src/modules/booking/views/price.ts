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

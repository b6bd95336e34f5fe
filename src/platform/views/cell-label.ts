import type { Locale } from '../i18n/locale.js';

/** A column's name as a card shows it before the cell's value on a phone (`data-label`): « Montant\u00a0: », "Amount:". */
export function cellLabel(label: string, locale: Locale): string {
  return locale === 'fr' ? `${label}\u00a0:` : `${label}:`;
}

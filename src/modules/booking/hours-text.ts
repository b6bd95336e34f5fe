import type { Locale } from '../../platform/i18n/locale.js';

/** "24 heures", "1 hour": a cut-off, always in hours (« 48 heures » reads better than « 2 jours » in a deadline). */
export function hoursText(hours: number, locale: Locale): string {
  return locale === 'fr' ? `${hours}\u00a0heure${hours > 1 ? 's' : ''}` : `${hours} hour${hours === 1 ? '' : 's'}`;
}

import { DateTime } from 'luxon';
import type { Locale } from './locale.js';

/**
 * Dates, times and prices as a French or English reader expects them:
 * "jeudi 26 novembre 2026", "14:30", "49,00 €"; "Thursday 26 November 2026", "€49.00".
 * Intl supplies the non-breaking spaces French typography needs.
 */
const intlLocale: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

function inZone(instant: string | Date, zone: string): DateTime {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: true }) : DateTime.fromJSDate(instant);
  return dt.setZone(zone);
}

export function formatLongDate(instant: string | Date, locale: Locale, zone: string): string {
  return inZone(instant, zone).setLocale(intlLocale[locale]).toFormat('cccc d LLLL yyyy');
}

export function formatShortDay(instant: string | Date, locale: Locale, zone: string): string {
  return inZone(instant, zone).setLocale(intlLocale[locale]).toFormat('ccc d LLL');
}

export function formatTime(instant: string | Date, locale: Locale, zone: string): string {
  return inZone(instant, zone).setLocale(intlLocale[locale]).toFormat('HH:mm');
}

/** "jeudi 26 novembre 2026 à 14:30" / "Thursday 26 November 2026 at 14:30". */
export function formatDateTime(instant: string | Date, locale: Locale, zone: string): string {
  return `${formatLongDate(instant, locale, zone)} ${locale === 'fr' ? 'à' : 'at'} ${formatTime(instant, locale, zone)}`;
}

/** A calendar date "2026-11-26" as "jeudi 26 novembre 2026". */
export function formatCalendarDate(isoDate: string, locale: Locale): string {
  return DateTime.fromISO(isoDate).setLocale(intlLocale[locale]).toFormat('cccc d LLLL yyyy');
}

export function formatPrice(cents: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency }).format(cents / 100);
}

/** "20 %" / "20%". */
export function formatPercent(basisPoints: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10000);
}

/** "1 h 30" / "1 h 30 min" style durations. */
export function formatDuration(minutes: number, locale: Locale): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}\u00a0min`;
  if (rest === 0) return `${hours}\u00a0h`;
  return locale === 'fr' ? `${hours}\u00a0h\u00a0${String(rest).padStart(2, '0')}` : `${hours}\u00a0h ${rest}\u00a0min`;
}

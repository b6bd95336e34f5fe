import { clockText, dateText } from '../../ui/clock-text.js';
import type { Locale } from './locale.js';

/**
 * Dates, times and prices as a French or English reader expects them:
 * "jeudi 26 novembre 2026", "14:30", "49,00 €"; "Thursday, 26 November 2026", "€49.00".
 * Intl supplies the non-breaking spaces French typography needs. Formatters are costly to
 * build and pages format hundreds of values, so each one is built once and kept.
 */
const intlLocale: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormatter(locale: Locale, zone: string, kind: 'long' | 'time'): Intl.DateTimeFormat {
  const key = `${kind}|${locale}|${zone}`;
  let formatter = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'long' ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    formatter = new Intl.DateTimeFormat(intlLocale[locale], { ...options, timeZone: zone });
    formatters.set(key, formatter);
  }
  return formatter;
}

function toDate(instant: string | Date): Date {
  return typeof instant === 'string' ? new Date(instant) : instant;
}

export function formatLongDate(instant: string | Date, locale: Locale, zone: string): string {
  return dateText(dateFormatter(locale, zone, 'long'), toDate(instant), locale);
}

/** « 9 h 30 », « 14 h » in French (non-breaking spaces); "09:30", "14:00" in English. */
export function formatTime(instant: string | Date, locale: Locale, zone: string): string {
  return clockText(dateFormatter(locale, zone, 'time').format(toDate(instant)), locale);
}

/** "jeudi 26 novembre 2026 à 14 h 30" / "Thursday, 26 November 2026 at 14:30". */
export function formatDateTime(instant: string | Date, locale: Locale, zone: string): string {
  return `${formatLongDate(instant, locale, zone)} ${locale === 'fr' ? 'à' : 'at'} ${formatTime(instant, locale, zone)}`;
}

/** A calendar date "2026-11-26" as "jeudi 26 novembre 2026", whatever the time zone. */
export function formatCalendarDate(isoDate: string, locale: Locale): string {
  return dateText(dateFormatter(locale, 'UTC', 'long'), new Date(`${isoDate}T12:00:00Z`), locale);
}

/** The day strip's two lines for "2026-11-30": { weekday: "lun.", label: "30 nov." } / { weekday: "Mon", label: "30 Nov" }. */
export function formatDayLabel(isoDate: string, locale: Locale): { weekday: string; label: string } {
  const date = new Date(`${isoDate}T12:00:00Z`);
  return { weekday: cachedDateFormat(locale, { weekday: 'short' }).format(date), label: dateText(cachedDateFormat(locale, { day: 'numeric', month: 'short' }), date, locale) };
}

function cachedDateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `calendar|${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(intlLocale[locale], { ...options, timeZone: 'UTC' });
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatPrice(cents: number, currency: string, locale: Locale): string {
  const key = `price|${locale}|${currency}`;
  let formatter = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!formatter) {
    formatter = new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter.format(cents / 100);
}

/** "20 %" / "20%". */
export function formatPercent(basisPoints: number, locale: Locale): string {
  const key = `percent|${locale}`;
  let formatter = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!formatter) {
    formatter = new Intl.NumberFormat(intlLocale[locale], { style: 'percent', maximumFractionDigits: 2 });
    formatters.set(key, formatter);
  }
  return formatter.format(basisPoints / 10000);
}

/** "1 h 30" / "1 h 30 min" style durations. */
export function formatDuration(minutes: number, locale: Locale): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}\u00a0min`;
  if (rest === 0) return `${hours}\u00a0h`;
  return locale === 'fr' ? `${hours}\u00a0h\u00a0${String(rest).padStart(2, '0')}` : `${hours}\u00a0h ${rest}\u00a0min`;
}

/**
 * A duration as an owner types it, in minutes: "1 h 30", "1h30", "90", "45 min", "2 h", "1 j",
 * "2 jours", "1,5 h", "1 day"; undefined when it reads as none. A bare number is minutes.
 */
export function parseDuration(value: string): number | undefined {
  const text = value.trim().toLowerCase().replace(/[\u00a0\u202f]/g, ' ').replace(',', '.');
  if (/^\d+$/.test(text)) return Number(text);
  const units: Record<string, number> = { j: 1440, jour: 1440, jours: 1440, d: 1440, day: 1440, days: 1440, h: 60, heure: 60, heures: 60, hour: 60, hours: 60, min: 1, mn: 1, minute: 1, minutes: 1, m: 1 };
  let rest = text;
  let total = 0;
  let lastUnit = 0;
  let matched = false;
  for (;;) {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)?\s*(?:et\s+|and\s+)?/.exec(rest);
    if (!match || match[0] === '') break;
    const amount = Number(match[1]);
    // "1 h 30": a number without a unit after hours is minutes.
    const unit = match[2] === undefined ? (lastUnit === 60 ? 1 : undefined) : units[match[2]];
    if (unit === undefined || (lastUnit !== 0 && unit >= lastUnit)) return undefined;
    total += amount * unit;
    lastUnit = unit;
    matched = true;
    rest = rest.slice(match[0].length);
  }
  if (!matched || rest !== '' || !Number.isInteger(total)) return undefined;
  return total;
}

/** Minutes as the owner's form shows them: « 1 h 30 », « 45 min », « 2 j » / "2 d". */
export function durationInput(minutes: number, locale: Locale): string {
  if (minutes >= 1440 && minutes % 1440 === 0) return `${minutes / 1440}\u00a0${locale === 'fr' ? 'j' : 'd'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}\u00a0min`;
  if (rest === 0) return `${hours}\u00a0h`;
  return `${hours}\u00a0h\u00a0${String(rest).padStart(2, '0')}`;
}

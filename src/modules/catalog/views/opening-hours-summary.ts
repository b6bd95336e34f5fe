import type { Locale } from '../../../platform/i18n/locale.js';
import type { OpeningInterval } from '../catalog.model.js';

const weekdayNames: Record<Locale, string[]> = {
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

export function weekdayName(weekday: number, locale: Locale): string {
  return weekdayNames[locale][weekday - 1] ?? String(weekday);
}

/** "09:00–12:30, 14:00–18:30" for one weekday; "" when closed. */
export function dayHours(intervals: OpeningInterval[], weekday: number): string {
  return intervals
    .filter((i) => i.weekday === weekday)
    .map((i) => `${i.opensAt}–${i.closesAt}`)
    .join(', ');
}

/** Consecutive weekdays with the same hours grouped: [{ days: "du lundi au vendredi", hours: "09:00–12:30, 14:00–18:30" }]. */
export function openingHoursSummary(intervals: OpeningInterval[], locale: Locale): { days: string; hours: string }[] {
  const rows: { first: number; last: number; hours: string }[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const hours = dayHours(intervals, weekday);
    if (!hours) continue;
    const previous = rows[rows.length - 1];
    if (previous && previous.hours === hours && previous.last === weekday - 1) previous.last = weekday;
    else rows.push({ first: weekday, last: weekday, hours });
  }
  return rows.map((r) => ({
    days:
      r.first === r.last
        ? weekdayName(r.first, locale)
        : locale === 'fr'
          ? `du ${weekdayName(r.first, locale)} au ${weekdayName(r.last, locale)}`
          : `${weekdayName(r.first, locale)} to ${weekdayName(r.last, locale)}`,
    hours: r.hours,
  }));
}

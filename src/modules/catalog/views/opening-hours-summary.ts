import type { Locale } from '../../../platform/i18n/locale.js';
import { clockText } from '../../../ui/clock-text.js';
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

const listFormats = new Map<Locale, Intl.ListFormat>();
/** « lundi, mardi, jeudi et vendredi » / "Monday, Tuesday, Thursday and Friday". */
function dayList(weekdays: number[], locale: Locale): string {
  let format = listFormats.get(locale);
  if (!format) {
    format = new Intl.ListFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'long', type: 'conjunction' });
    listFormats.set(locale, format);
  }
  return format.format(weekdays.map((d) => weekdayName(d, locale)));
}

/**
 * Weekdays with the same hours grouped: [{ days: "du lundi au vendredi", hours: "09:00–12:30, 14:00–18:30" }].
 * Three or more days in a row read as a range; other groups as a list, « lundi, mardi, jeudi et vendredi ».
 */
export function openingHoursSummary(intervals: OpeningInterval[], locale: Locale): { days: string; hours: string }[] {
  const groups: { weekdays: number[]; hours: string }[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const hours = dayHours(intervals, weekday);
    if (!hours) continue;
    const group = groups.find((g) => g.hours === hours);
    if (group) group.weekdays.push(weekday);
    else groups.push({ weekdays: [weekday], hours });
  }
  return groups.map(({ weekdays, hours }) => {
    const first = weekdays[0]!;
    const last = weekdays[weekdays.length - 1]!;
    const inARow = last - first === weekdays.length - 1;
    const days =
      inARow && weekdays.length >= 3
        ? locale === 'fr'
          ? `du ${weekdayName(first, locale)} au ${weekdayName(last, locale)}`
          : `${weekdayName(first, locale)} to ${weekdayName(last, locale)}`
        : dayList(weekdays, locale);
    return { days, hours: locale === 'fr' ? frenchHours(hours) : hours };
  });
}

/** "09:00–12:30, 14:00–18:30" → « 9 h – 12 h 30, 14 h – 18 h 30 ». */
function frenchHours(hours: string): string {
  return hours.replace(/(\d{2}:\d{2})–(\d{2}:\d{2})/g, (_, from: string, to: string) => `${clockText(from, 'fr')} – ${clockText(to, 'fr')}`);
}

import type { Locale } from '../../platform/i18n/locale.js';
import { formatTime } from '../../platform/i18n/format.js';
import { addDays, localDateOf, calendarDate } from '../../platform/time-zone.js';
import type { Closure } from './catalog.model.js';

const monthNames: Record<Locale, string[]> = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "1er décembre 2026", "24 décembre 2026" / "24 December 2026" (non-breaking spaces inside). */
function dayText(date: string, locale: Locale, withYear = true): string {
  const { year, month, day } = calendarDate(date);
  const d = locale === 'fr' && day === 1 ? '1er' : String(day);
  return `${d}\u00a0${monthNames[locale][month - 1]}${withYear ? `\u00a0${year}` : ''}`;
}

/**
 * A closure as people say it, with its last day included: « du 24 décembre 2026 au 2 janvier 2027
 * inclus », « le 25 décembre 2026 », « le 24 décembre 2026 de 14 h à 18 h ». A closure is
 * stored as instants [start, end); a whole-day closure ends at the midnight after its last day.
 */
export function closurePeriod(closure: Pick<Closure, 'startsAt' | 'endsAt'>, locale: Locale, zone: string): string {
  const fr = locale === 'fr';
  const start = Date.parse(closure.startsAt);
  const end = Date.parse(closure.endsAt);
  const startDate = localDateOf(start, zone);
  const startTime = formatTime(new Date(start), 'en', zone);
  const endTime = formatTime(new Date(end), 'en', zone);
  const wholeDays = startTime === '00:00' && endTime === '00:00';
  if (wholeDays) {
    const lastDay = addDays(localDateOf(end, zone), -1);
    if (lastDay <= startDate) return fr ? `le ${dayText(startDate, locale)}` : `on ${dayText(startDate, locale)}`;
    const sameYear = lastDay.slice(0, 4) === startDate.slice(0, 4);
    const sameMonth = sameYear && lastDay.slice(5, 7) === startDate.slice(5, 7);
    // « du 4 au 5 décembre 2026 », « du 30 novembre au 2 décembre 2026 », « du 24 décembre 2026 au 2 janvier 2027 ».
    const first = sameMonth ? (fr && startDate.endsWith('-01') ? '1er' : String(Number(startDate.slice(8)))) : dayText(startDate, locale, !sameYear);
    return fr ? `du ${first} au ${dayText(lastDay, locale)} inclus` : `from ${first} to ${dayText(lastDay, locale)} inclusive`;
  }
  const endDate = localDateOf(end, zone);
  const time = (instant: number) => formatTime(new Date(instant), locale, zone);
  if (endDate === startDate || (endTime === '00:00' && addDays(endDate, -1) === startDate)) {
    return fr ? `le ${dayText(startDate, locale)} de ${time(start)} à ${time(end)}` : `on ${dayText(startDate, locale)} from ${time(start)} to ${time(end)}`;
  }
  // A side at midnight is a whole day: « du 3 décembre 2026 à 14:00 au 4 décembre 2026 inclus ».
  const from = startTime === '00:00' ? dayText(startDate, locale) : fr ? `${dayText(startDate, locale)} à ${time(start)}` : `${dayText(startDate, locale)} at ${time(start)}`;
  if (endTime === '00:00') {
    const lastDay = dayText(addDays(endDate, -1), locale);
    return fr ? `du ${from} au ${lastDay} inclus` : `from ${from} to ${lastDay} inclusive`;
  }
  return fr ? `du ${from} au ${dayText(endDate, locale)} à ${time(end)}` : `from ${from} to ${dayText(endDate, locale)} at ${time(end)}`;
}

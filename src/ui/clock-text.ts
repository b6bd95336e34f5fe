/**
 * A wall-clock time "09:30" as people write it: « 9 h 30 », « 14 h » in French (non-breaking
 * spaces), "09:30" in English. Shared by the server's slot list and the slot picker island.
 */
export function clockText(hhmm: string, locale: 'fr' | 'en'): string {
  if (locale !== 'fr') return hhmm;
  const [hours = '0', minutes = '00'] = hhmm.split(':');
  const h = String(Number(hours));
  return minutes === '00' ? `${h}\u00a0h` : `${h}\u00a0h\u00a0${minutes}`;
}

/** A formatted date with the French ordinal of the first of the month: « mardi 1er décembre 2026 ». */
export function dateText(formatter: Intl.DateTimeFormat, date: Date, locale: 'fr' | 'en'): string {
  if (locale !== 'fr') return formatter.format(date);
  return formatter
    .formatToParts(date)
    .map((p) => (p.type === 'day' && p.value === '1' ? '1er' : p.value))
    .join('');
}

// The CSV conventions (BOM, « ; », CRLF, formulas defused) live in platform/csv.ts: the privacy module's record uses them too.
export { frenchCsv } from '../../platform/csv.js';

/** « 49,00 »: cents as French Excel reads a number, without currency or grouping. */
export function amount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

const dateFormat = new Map<string, Intl.DateTimeFormat>();
function parts(instant: string, zone: string): Record<string, string> {
  let f = dateFormat.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    dateFormat.set(zone, f);
  }
  return Object.fromEntries(f.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
}

/** « 30/11/2026 » in the business's zone. */
export function frenchDate(instant: string, zone: string): string {
  const p = parts(instant, zone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** « 10:00 » in the business's zone. */
export function frenchTime(instant: string, zone: string): string {
  const p = parts(instant, zone);
  return `${p.hour}:${p.minute}`;
}

/** « 30/11/2026 10:00 », which French Excel reads as a date and time. */
export function frenchDateTime(instant: string, zone: string): string {
  return `${frenchDate(instant, zone)} ${frenchTime(instant, zone)}`;
}

import { stringify } from 'csv-stringify/sync';

/** A negative amount as this file writes it (« -5,00 »): digits only, so no formula can hide in it. */
const NEGATIVE_NUMBER = /^-\d+(,\d+)?$/;

/**
 * A leading apostrophe on any cell that would start a formula (= + - @ tab, carriage return), so
 * that a name like `=HYPERLINK(…)` stays text — except a plain negative number (a correction, a
 * credit note), which the accountant's spreadsheet must read as a number.
 */
function defused(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) && !NEGATIVE_NUMBER.test(cell) ? `'${cell}` : cell;
}

/**
 * CSV that French Excel opens as it is: a byte-order mark (else it reads Windows-1252), « ; »
 * (the list separator of French Windows), CRLF, quotes only where RFC 4180 needs them, and
 * formulas defused (above).
 */
export function frenchCsv(header: string[], rows: (string | null)[][]): string {
  return stringify([header, ...rows.map((r) => r.map((v) => defused(v ?? '')))], {
    bom: true,
    delimiter: ';',
    record_delimiter: '\r\n',
    quoted_match: /[\r\n"]/,
  });
}

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

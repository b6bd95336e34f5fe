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

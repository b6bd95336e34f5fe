import { stringify } from 'csv-stringify/sync';

/**
 * The access archive's CSV, written as the exports module writes its own (« ; », UTF-8 BOM, CRLF,
 * formulas defused) so that French Excel opens it as it is. Not imported from there: the exports
 * module depends on booking, which depends on this module.
 */
export function frenchCsv(header: string[], rows: (string | null)[][]): string {
  return stringify([header, ...rows.map((r) => r.map((v) => defused(v ?? '')))], {
    bom: true,
    delimiter: ';',
    record_delimiter: '\r\n',
    quoted_match: /[\r\n"]/,
  });
}

const NEGATIVE_NUMBER = /^-\d+([.,]\d+)?$/;

/** A leading apostrophe on a cell that would start a formula, except a plain negative number. */
function defused(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) && !NEGATIVE_NUMBER.test(cell) ? `'${cell}` : cell;
}

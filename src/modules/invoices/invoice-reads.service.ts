import type { Database } from '../../db/database.js';
import type { IssuedDocument } from './invoice.model.js';
import * as queries from './invoices.queries.js';

export type InvoiceReads = ReturnType<typeof createInvoiceReads>;

/**
 * Reads of issued documents over a period, for the owner's list and the accountant's exports.
 * Apart from the issuing service on purpose: they only read, and need nothing but the database.
 */
export function createInvoiceReads({ database }: { database: Database }) {
  const db = database.db;
  return {
    /** Invoices and credit notes issued between two local dates, both included, in issue order. */
    issuedBetween: (from: string, to: string): Promise<IssuedDocument[]> => queries.selectIssuedInPeriod(db, from, to),
    /** The numbers only, in the same order (the zip reads each PDF one at a time). */
    numbersBetween: (from: string, to: string): Promise<string[]> => queries.selectNumbersInPeriod(db, from, to),
    /** The numbers of the period whose PDF as issued is in the legal archive (erased or past their active life), in number order. */
    archivedNumbersBetween: (from: string, to: string): Promise<string[]> => queries.selectArchivedNumbersInPeriod(db, from, to),
    /** The credit notes issued against each of these invoices, whenever issued. */
    creditNotesOf: (invoiceNumbers: readonly string[]): Promise<Map<string, string[]>> => queries.selectCreditNotesOf(db, invoiceNumbers),
    /** The Factur-X PDF as issued. */
    pdf: (number: string): Promise<Buffer | undefined> => queries.selectPdf(db, number),
  };
}

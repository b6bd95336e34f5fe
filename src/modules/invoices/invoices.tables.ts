/** Table types of the invoices module. Rows never leave the module: invoices.queries.ts maps them. */

/** The last number drawn, per document type and calendar year: updated in the issuing transaction. */
export interface InvoiceCountersTable {
  type: 'invoice' | 'credit_note';
  year: number;
  last_sequence: number;
}

/** An issued invoice or credit note. Inserted once; the code has no path that updates or deletes one. */
export interface InvoicesTable {
  id: string;
  /** F-2026-000001 (invoice), A-2026-000001 (credit note). */
  number: string;
  type: 'invoice' | 'credit_note';
  year: number;
  sequence: number;
  /** The booking it bills; no foreign key, so that the invoice outlives an erased booking. */
  booking_id: string | null;
  /** The caller's key (a payment's id): issuing twice for it returns the first document. */
  source_key: string | null;
  /** A credit note's invoice. */
  corrects_number: string | null;
  /** Calendar dates, YYYY-MM-DD, in the business's time zone. */
  issue_date: string;
  service_date: string;
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
  /** JSON snapshots as printed: the seller's details at issue, the buyer's. */
  seller: string;
  buyer: string;
  /** JSON of the whole InvoiceDocument (lines, totals, terms, mentions' inputs). */
  document: string;
  /** The Factur-X PDF/A-3 as issued. */
  pdf: Buffer;
  created_at: string;
}

export interface InvoicesTables {
  invoice_counters: InvoiceCountersTable;
  invoices: InvoicesTable;
}

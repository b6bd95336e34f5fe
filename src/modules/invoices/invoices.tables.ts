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

/** An issued document's position in the invoices' hash chain (inalterability, issue 7 item 9). */
export interface InvoiceChainTable {
  sequence: number;
  invoice_id: string;
  /** SHA-256 (hex) of the PDF as issued: the chain covers the bytes the customer downloads. */
  pdf_sha256: string;
  previous_hash: string;
  hash: string;
}

/** The chain's last position, one row (id 1), locked by every issuer and moved in its transaction. */
export interface InvoiceChainHeadTable {
  id: number;
  sequence: number;
  hash: string;
}

/** A paid booking whose invoice could not be issued yet, and why; removed once it is issued. */
export interface InvoicePendingTable {
  booking_id: string;
  /** SELLER_DETAILS_MISSING or BUYER_ADDRESS_MISSING. */
  reason: string;
  /** What is missing, in French, as the owner reads it (« SIRET », « adresse postale du client »). */
  missing: string;
  /** The booking's reference, service and customer, as the owner reads them in the list. */
  label: string;
  paid_cents: number;
  since: string;
  /**
   * The booking's payments as issuing reads them (PaymentFact[], JSON), kept with the row: after
   * the customer's erasure the ledger no longer names the booking. Null only on rows written before.
   */
  payments: string | null;
  /** When the customer was erased: the invoice is then issued for « Client effacé ». */
  erased_at: string | null;
}

/**
 * A document whose buyer was anonymised after it was copied, unchanged, to the legal archive (the
 * person's erasure, or the end of its active life). The trigger on invoices lets exactly these
 * documents have their buyer, document and PDF replaced, and nothing else.
 */
export interface InvoiceErasuresTable {
  invoice_id: string;
  erased_at: string;
  cause: 'erasure' | 'retention';
}

export interface InvoicesTables {
  invoice_erasures: InvoiceErasuresTable;
  invoice_counters: InvoiceCountersTable;
  invoices: InvoicesTable;
  invoice_chain: InvoiceChainTable;
  invoice_chain_head: InvoiceChainHeadTable;
  invoice_pending: InvoicePendingTable;
}

import type { Localized } from '../../platform/i18n/locale.js';
import type { InvoiceDocument, Party } from './invoice.model.js';
import type { InvoicesTable } from './invoices.tables.js';

/** What replaces the buyer's name… */
export const ERASED_NAME = 'Client effacé';
/** … and any free text that could name them (a credit note's reason). */
export const ERASED_TEXT = '[effacé]';

/**
 * Code de commerce L123-22 (ten years from the end of the financial year) and CGI / LPF L102 B
 * (invoices kept six years for the tax authorities, within those ten): the legal ground an
 * archived invoice or credit note is kept on.
 */
export const INVOICE_ARCHIVE_GROUND: Localized = {
  fr: 'Code de commerce, art. L123-22, et Livre des procédures fiscales, art. L102 B\u00a0: conservation des factures dix ans à compter de la clôture de l’exercice',
  en: 'French Commercial Code, art. L123-22, and Tax Procedures Book, art. L102 B: invoices are kept ten years from the end of the financial year',
};

/** The archive keeps a document until the end of the tenth year after its financial year (the calendar year of its issue). */
export function invoiceKeepUntil(issueDate: string): string {
  return `${Number(issueDate.slice(0, 4)) + 10}-12-31`;
}

/**
 * The buyer without the person: no name, address or e-mail; the country stays (VAT and the
 * e-reporting need it), and a business buyer's SIREN and VAT number stay too: they identify the
 * business, and the sales to private customers are told apart from the others by them.
 */
export function anonymisedBuyer(buyer: Party): Party {
  return {
    name: ERASED_NAME,
    address: { line1: '', postalCode: '', city: '', country: buyer.address.country },
    ...(buyer.siren ? { siren: buyer.siren } : {}),
    ...(buyer.vatNumber ? { vatNumber: buyer.vatNumber } : {}),
  };
}

/**
 * The buyer of an invoice issued after its customer's erasure (a paid booking whose invoice was
 * waiting for the seller's SIRET or the buyer's address): the law requires the invoice, the person
 * is gone. Its address lines say so, since an invoice's address cannot be empty; the country is
 * France, the business's market, the person's own being erased with them.
 */
export function erasedBuyer(): Party {
  return { name: ERASED_NAME, address: { line1: ERASED_TEXT, postalCode: ERASED_TEXT, city: ERASED_TEXT, country: 'FR' } };
}

/** What a waiting invoice's label (« reference — service — customer ») becomes: the customer's part replaced. */
export function erasedPendingLabel(label: string): string {
  const cut = label.lastIndexOf(' — ');
  return `${cut >= 0 ? label.slice(0, cut) : ''} — ${ERASED_NAME}`.replace(/^ — /, '');
}

/** A waiting invoice's kept payments once its person is erased: a correction's free-text reason replaced. */
export function erasedPendingPayments(payments: string | null): string | null {
  if (payments === null) return null;
  return JSON.stringify((JSON.parse(payments) as { reason: string | null }[]).map((p) => ({ ...p, reason: p.reason === null ? null : ERASED_TEXT })));
}

/**
 * An issued document once its person is erased: the buyer anonymised (in its column and in the
 * document), a credit note's free-text reason replaced, and the PDF, which prints the buyer,
 * emptied: the PDF as issued is in the legal archive. Deterministic: ledger verify recomputes it
 * from the archived copy and requires the row in the database to be exactly this.
 */
export function anonymisedInvoiceRow(row: InvoicesTable): InvoicesTable {
  const document = JSON.parse(row.document) as InvoiceDocument;
  const buyer = anonymisedBuyer(JSON.parse(row.buyer) as Party);
  const erasedDocument: InvoiceDocument = { ...document, buyer, ...(document.reason !== undefined ? { reason: ERASED_TEXT } : {}) };
  return { ...row, buyer: JSON.stringify(buyer), document: JSON.stringify(erasedDocument), pdf: Buffer.alloc(0) };
}

/** The archive's kind for a document type. */
export const archiveKindOf = (type: InvoicesTable['type']) => (type === 'invoice' ? 'invoice' : 'credit-note');

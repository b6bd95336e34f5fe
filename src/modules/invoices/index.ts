/**
 * Invoices: invoices and credit notes under French law, as Factur-X PDF/A-3 files (EN 16931).
 *
 *   invoices.issueInvoice(trx, { bookingId, sourceKey?, lines, buyer, serviceDate, paymentTerms })
 *   invoices.issueCreditNote(trx, { invoiceNumber, lines?, reason, sourceKey? })
 *     run inside the caller's write transaction (inSerializableTransaction), numbered there.
 *   invoices.byNumber(), forBooking(), list(), pdf(): reads.
 */
export { createInvoicesService, formatNumber, verifyInvoiceLedger, type InvoicesService, type IssuedDocument } from './invoices.service.js';
export { createInvoicing, paymentTerms, type InvoiceBooking, type Invoicing, type PaymentFact } from './invoicing.js';
export { invoiceErrors } from './invoices.errors.js';
export { invoicesRegister } from './invoices.register.js';
export type { IssueCreditNoteInput, IssueInvoiceInput } from './invoices.schemas.js';
export { buyerFromCustomer, type CustomerLike, type DocumentType, type LineInput, type Party } from './invoice.model.js';
export { invoicesAdminRoutes } from './invoices.admin.routes.js';
export { createInvoiceReads, type InvoiceReads } from './invoice-reads.service.js';
export type { InvoiceDocument, VatBreakdown } from './invoice.model.js';
export { invoicesCustomerRoutes, sendCustomerPdf } from './invoices.routes.js';

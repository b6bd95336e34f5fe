import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/http/errors.js';
import type { Localized } from '../../platform/i18n/locale.js';
import type { JobsService } from '../jobs/index.js';
import { euros, frenchDate } from './invoice-texts.js';
import type { CustomerLike, IssuedDocument, LineInput } from './invoice.model.js';
import { buyerFromCustomer } from './invoice.model.js';
import { invoiceErrors } from './invoices.errors.js';
import * as queries from './invoices.queries.js';
import type { InvoicesService } from './invoices.service.js';

/** What issuing a booking's invoice needs of it (app.ts reads it from the booking and catalog modules, before the payment's transaction). */
export interface InvoiceBooking {
  id: string;
  reference: string;
  /** The owner's words for it: reference, service, customer. */
  label: string;
  priceCents: number;
  /** The booking's day, YYYY-MM-DD in the business's time zone: the service date. */
  serviceDate: string;
  lines: LineInput[];
  customer: CustomerLike;
}

/** A payment or correction as the ledger recorded it (the payments module's Payment, by shape). */
export interface PaymentFact {
  id: string;
  sequence: number;
  kind: 'payment' | 'correction';
  method: string;
  amountCents: number;
  paidOn: string;
  correctsId: string | null;
  reason: string | null;
}

export interface InvoicingDeps {
  database: Database;
  clock: Clock;
  invoices: InvoicesService;
  jobs: JobsService;
  /** The booking as an invoice needs it; null when it no longer exists. Never called inside a transaction. */
  bookingOf: (bookingId: string) => Promise<InvoiceBooking | null>;
  /** The booking's payments and corrections, in ledger order. Never called inside a transaction. */
  paymentsOf: (bookingId: string) => Promise<PaymentFact[]>;
}

/** Refusals that are the owner's data, not a bug: the payment is kept and the invoice waits. */
const WAITING_REASONS = ['SELLER_DETAILS_MISSING', 'BUYER_ADDRESS_MISSING'] as const;
const DEFERRED_JOB = 'invoices.issue-for-booking';

/** « en espèces », « par chèque »…: how the payment terms say each method; online methods included. */
const METHOD_WORDS: Record<string, string> = {
  cash: 'en espèces',
  card_terminal: 'par carte bancaire',
  cheque: 'par chèque',
  bank_transfer: 'par virement bancaire',
  stripe: 'par carte bancaire en ligne',
  card_online: 'par carte bancaire en ligne',
  paypal: 'par PayPal',
};
const methodWords = (method: string) => METHOD_WORDS[method] ?? `par ${method}`;

/**
 * « Payée le 2 décembre 2026 en espèces »; paid in parts (a deposit online, the rest on site):
 * « Payée le 1er décembre 2026 par PayPal (15,00 €) et le 2 décembre 2026 en espèces (34,00 €) ».
 * Each payment counts what corrections left of it.
 */
export function paymentTerms(entries: readonly PaymentFact[]): string {
  const kept = entries
    .filter((e) => e.kind === 'payment')
    .map((p) => ({ p, left: p.amountCents + entries.filter((c) => c.correctsId === p.id).reduce((s, c) => s + c.amountCents, 0) }))
    .filter((x) => x.left > 0);
  if (kept.length === 1) return `Payée le ${frenchDate(kept[0]!.p.paidOn)} ${methodWords(kept[0]!.p.method)}`;
  const parts = kept.map(({ p, left }) => `le ${frenchDate(p.paidOn)} ${methodWords(p.method)} (${euros(left)})`);
  return `Payée ${parts.slice(0, -1).join(', ')} et ${parts[parts.length - 1]}`;
}

export type Invoicing = ReturnType<typeof createInvoicing>;

/**
 * The policy that joins payments and invoices (issue 7 item 7): a booking fully paid gets its
 * invoice, a correction on an invoiced booking its credit note — in the payment's transaction. When
 * the seller's SIRET or the buyer's address is missing, the payment is kept and the invoice waits
 * (`invoice_pending`), shown to the owner until issued from /admin/factures.
 */
export function createInvoicing(deps: InvoicingDeps) {
  const { database, clock, invoices, jobs } = deps;

  /** Issues the booking's invoice when fully paid; a refusal for missing details records why it waits. */
  async function invoiceIfPaid(trx: Kysely<DB>, booking: InvoiceBooking, entries: readonly PaymentFact[], paidCents: number): Promise<IssuedDocument | AppError | undefined> {
    if (booking.priceCents <= 0 || paidCents < booking.priceCents) return undefined;
    if (await queries.selectBySourceKey(trx, `booking:${booking.id}`)) return undefined;
    const buyer = buyerFromCustomer(booking.customer);
    try {
      if (!buyer) throw invoiceErrors.BUYER_ADDRESS_MISSING();
      const document = await invoices.issueInvoice(trx, {
        bookingId: booking.id,
        sourceKey: `booking:${booking.id}`,
        lines: booking.lines,
        buyer,
        serviceDate: booking.serviceDate,
        paymentTerms: paymentTerms(entries),
        paidCents: Math.min(paidCents, booking.priceCents),
      });
      await queries.deletePending(trx, booking.id);
      return document;
    } catch (error) {
      // Thrown before any statement of the issuing ran: the transaction is still good to write in.
      if (!(error instanceof AppError) || !(WAITING_REASONS as readonly string[]).includes(error.code)) throw error;
      await queries.upsertPending(trx, {
        booking_id: booking.id,
        reason: error.code,
        missing: JSON.stringify(error.messages),
        label: booking.label,
        paid_cents: paidCents,
        since: clock.now().toISOString(),
      });
      return error;
    }
  }

  /** A correction takes money back: on an invoiced booking, a credit note for that amount. */
  async function creditIfInvoiced(trx: Kysely<DB>, bookingId: string, correction: PaymentFact, entries: readonly PaymentFact[]): Promise<void> {
    const invoice = await queries.selectBySourceKey(trx, `booking:${bookingId}`);
    if (!invoice) {
      // Not invoiced: no longer fully paid, nothing waits any more (a later payment decides again).
      await queries.deletePending(trx, bookingId);
      return;
    }
    const line = invoice.document.lines[0]!;
    const original = entries.find((e) => e.id === correction.correctsId);
    await invoices.issueCreditNote(trx, {
      invoiceNumber: invoice.number,
      sourceKey: correction.id,
      lines: [{ description: line.description, quantity: 1, unitPriceCents: -correction.amountCents, vatRateBp: line.vatRateBp }],
      reason: correction.reason ?? 'Correction d’un paiement',
      paymentTerms: `Remboursé le ${frenchDate(correction.paidOn)} ${methodWords(original?.method ?? correction.method)}`,
    });
  }

  jobs.define<{ bookingId: string }>({
    kind: DEFERRED_JOB,
    label: { fr: 'Émission de la facture d’une réservation payée', en: 'Invoice of a paid booking' },
    async run({ bookingId }) {
      await issueNow(bookingId);
    },
  });

  /** Outside any transaction: reads the booking and its payments, then issues in a transaction of its own. */
  async function issueNow(bookingId: string): Promise<IssuedDocument | AppError | undefined> {
    const [booking, entries] = await Promise.all([deps.bookingOf(bookingId), deps.paymentsOf(bookingId)]);
    if (!booking) return undefined;
    const paid = entries.reduce((sum, e) => sum + e.amountCents, 0);
    const outcome = await database.db.transaction().execute((trx) => invoiceIfPaid(trx, booking, entries, paid));
    jobs.wake();
    return outcome;
  }

  return {
    /**
     * The payments ledger's hook, inside its transaction. A booking the caller did not read first
     * (bookingOf cannot be asked inside a transaction) is invoiced by a job scheduled in the same
     * transaction, so never forgotten.
     */
    async afterRecorded(trx: Kysely<DB>, recorded: { booking: InvoiceBooking | null; bookingId: string; payment: PaymentFact; entries: readonly PaymentFact[]; paidCentsAfter: number }): Promise<void> {
      const { booking, bookingId, payment, entries, paidCentsAfter } = recorded;
      if (payment.kind === 'correction') return creditIfInvoiced(trx, bookingId, payment, entries);
      if (booking) {
        await invoiceIfPaid(trx, booking, entries, paidCentsAfter);
        return;
      }
      await jobs.schedule(trx, { kind: DEFERRED_JOB, key: `${DEFERRED_JOB}:${payment.id}`, payload: { bookingId }, runAt: clock.now() });
    },

    /**
     * The owner's « Émettre la facture » on /admin/factures, once the missing details are given:
     * the invoice, or the refusal that still holds it back (the pending entry updated). 404 when nothing waits.
     */
    async issuePending(bookingId: string): Promise<{ issued: IssuedDocument } | { refused: Localized }> {
      const pending = await queries.selectPendingOf(database.db, bookingId);
      if (!pending) throw invoiceErrors.INVOICE_NOT_FOUND();
      const outcome = await issueNow(bookingId);
      if (outcome instanceof AppError) return { refused: outcome.messages };
      if (outcome) return { issued: outcome };
      // No longer fully paid, or invoiced meanwhile: nothing waits.
      await queries.deletePending(database.db, bookingId);
      const existing = await queries.selectBySourceKey(database.db, `booking:${bookingId}`);
      return existing ? { issued: existing } : { refused: { fr: 'Cette réservation n’est plus payée en entier\u00a0: aucune facture à émettre.', en: 'This booking is no longer paid in full: no invoice to issue.' } };
    },

    /** Paid bookings whose invoice waits, oldest first, with why (in both languages). */
    async pending(): Promise<{ bookingId: string; label: string; paidCents: number; since: string; reason: string; missing: Localized }[]> {
      return (await queries.selectPending(database.db)).map((p) => ({ ...p, missing: JSON.parse(p.missing) as Localized }));
    },

    async pendingOf(bookingId: string): Promise<{ reason: string; missing: Localized; since: string } | undefined> {
      const p = await queries.selectPendingOf(database.db, bookingId);
      return p ? { reason: p.reason, missing: JSON.parse(p.missing) as Localized, since: p.since } : undefined;
    },

    /** Runs the deferred invoices now (tests). */
    runDeferred: () => jobs.runUntilIdle([DEFERRED_JOB]),
  };
}

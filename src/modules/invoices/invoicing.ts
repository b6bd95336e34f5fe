import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/http/errors.js';
import type { Localized } from '../../platform/i18n/locale.js';
import type { JobsService } from '../jobs/index.js';
import { depositLineLabel, euros, frenchDate } from './invoice-texts.js';
import type { CustomerLike, IssuedDocument, LineInput, Party } from './invoice.model.js';
import { buyerFromCustomer, depositLines } from './invoice.model.js';
import { erasedBuyer, erasedPendingLabel } from './invoices.erasure.js';
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

const ONLINE_METHODS = new Set(['stripe', 'paypal', 'card_online']);
const depositKey = (paymentId: string) => `deposit:${paymentId}`;

/**
 * The booking's deposits (acomptes): each payment that left the booking partly paid and was made
 * online (the deposit taken at booking) or received before the service's day (`paidOn` earlier than
 * the booking's day: cash, card terminal, cheque or transfer the owner records ahead). VAT on a
 * service being due when the money is received (art. 269 2 c du CGI), each one needs its invoice then
 * (art. 289 I 1 c). A payment that pays the whole price is no deposit: its invoice is the invoice of
 * the whole service, even paid in advance; nor is a part paid on or after the service's day (the
 * service performed, the invoice of the whole service follows once paid in full). The amount is what
 * corrections left of the payment.
 */
export function depositsOf(booking: Pick<InvoiceBooking, 'priceCents' | 'serviceDate'>, entries: readonly PaymentFact[]): { payment: PaymentFact; amountCents: number }[] {
  const ordered = [...entries].sort((a, b) => a.sequence - b.sequence);
  const deposits: { payment: PaymentFact; amountCents: number }[] = [];
  let running = 0;
  for (const entry of ordered) {
    running += entry.amountCents;
    if (entry.kind !== 'payment' || running >= booking.priceCents) continue;
    if (!isDepositMoment(booking, entry)) continue;
    const amountCents = entry.amountCents + ordered.filter((c) => c.correctsId === entry.id).reduce((s, c) => s + c.amountCents, 0);
    if (amountCents > 0) deposits.push({ payment: entry, amountCents });
  }
  return deposits;
}

/** What a waiting invoice keeps of a payment: the facts issuing reads, nothing else of the ledger's record. */
const factOf = (e: PaymentFact): PaymentFact => ({ id: e.id, sequence: e.sequence, kind: e.kind, method: e.method, amountCents: e.amountCents, paidOn: e.paidOn, correctsId: e.correctsId, reason: e.reason });

/** Taken online at booking, or received before the service's day (both YYYY-MM-DD, local: they compare as strings). */
const isDepositMoment = (booking: Pick<InvoiceBooking, 'serviceDate'>, payment: PaymentFact) => ONLINE_METHODS.has(payment.method) || payment.paidOn < booking.serviceDate;

/**
 * The policy that joins payments and invoices (issue 7 item 7): a booking fully paid gets its
 * invoice, a correction on an invoiced booking its credit note — in the payment's transaction. When
 * the seller's SIRET or the buyer's address is missing, the payment is kept and the invoice waits
 * (`invoice_pending`), shown to the owner until issued from /admin/factures.
 */
export function createInvoicing(deps: InvoicingDeps) {
  const { database, clock, invoices, jobs } = deps;

  /**
   * Brings the booking's invoices up to date with its payments, in the payment's transaction: a
   * deposit invoice for each deposit not invoiced yet, then, once fully paid, the invoice of the
   * whole service deducting them. A refusal for missing details records why it waits.
   */
  async function invoiceIfPaid(trx: Kysely<DB>, booking: InvoiceBooking, entries: readonly PaymentFact[], paidCents: number, buyerErased = false): Promise<IssuedDocument | AppError | undefined> {
    if (booking.priceCents <= 0) return undefined;
    if (await queries.selectBySourceKey(trx, `booking:${booking.id}`)) return undefined;
    const buyer = buyerErased ? erasedBuyer() : buyerFromCustomer(booking.customer);
    try {
      if (!buyer) throw invoiceErrors.BUYER_ADDRESS_MISSING();
      let issued: IssuedDocument | undefined;
      for (const deposit of depositsOf(booking, entries)) {
        if (await queries.selectBySourceKey(trx, depositKey(deposit.payment.id))) continue;
        issued = await issueDepositInvoice(trx, booking, buyer, deposit.payment, deposit.amountCents);
      }
      if (paidCents >= booking.priceCents) issued = await issueFinalInvoice(trx, booking, buyer, entries, paidCents);
      if (issued) await queries.deletePending(trx, booking.id);
      return issued;
    } catch (error) {
      // Thrown before any statement of the issuing ran: the transaction is still good to write in.
      if (!(error instanceof AppError) || !(WAITING_REASONS as readonly string[]).includes(error.code)) throw error;
      await queries.upsertPending(trx, {
        booking_id: booking.id,
        reason: error.code,
        missing: JSON.stringify(error.messages),
        label: buyerErased ? erasedPendingLabel(booking.label) : booking.label,
        paid_cents: paidCents,
        since: clock.now().toISOString(),
        payments: JSON.stringify(entries.map(factOf)),
        erased_at: null,
      });
      return error;
    }
  }

  /** « Facture d’acompte »: the deposit shared over the service's lines, already paid, the rest to be billed by the final invoice. */
  function issueDepositInvoice(trx: Kysely<DB>, booking: InvoiceBooking, buyer: Party, payment: PaymentFact, amountCents: number): Promise<IssuedDocument> {
    return invoices.issueInvoice(trx, {
      bookingId: booking.id,
      sourceKey: depositKey(payment.id),
      lines: depositLines(booking.lines, amountCents, (line) => depositLineLabel(line.description)),
      buyer,
      serviceDate: booking.serviceDate,
      paymentTerms: paymentTerms([payment]),
      paidCents: amountCents,
      deposit: { paidOn: payment.paidOn, servicePriceCents: booking.priceCents },
    });
  }

  /** The whole service, less what its deposit invoices billed; paid by the other payments (their terms). */
  async function issueFinalInvoice(trx: Kysely<DB>, booking: InvoiceBooking, buyer: Party, entries: readonly PaymentFact[], paidCents: number): Promise<IssuedDocument> {
    const deposits = depositsOf(booking, entries);
    const depositNumbers: string[] = [];
    let deducted = 0;
    for (const { payment } of deposits) {
      const invoice = await queries.selectBySourceKey(trx, depositKey(payment.id));
      if (invoice) depositNumbers.push(invoice.number);
    }
    const documents = depositNumbers.length ? await queries.selectForBooking(trx, booking.id) : [];
    for (const number of depositNumbers) {
      const invoice = documents.find((d) => d.number === number)!;
      deducted += invoice.grossCents - documents.filter((d) => d.correctsNumber === number).reduce((s, d) => s + d.grossCents, 0);
    }
    const depositIds = new Set(deposits.map((d) => d.payment.id));
    const others = entries.filter((e) => !depositIds.has(e.id) && !(e.correctsId && depositIds.has(e.correctsId)));
    return invoices.issueInvoice(trx, {
      bookingId: booking.id,
      sourceKey: `booking:${booking.id}`,
      lines: booking.lines,
      buyer,
      serviceDate: booking.serviceDate,
      paymentTerms: others.some((e) => e.kind === 'payment') ? paymentTerms(others) : paymentTerms(entries),
      paidCents: Math.max(0, Math.min(paidCents, booking.priceCents) - deducted),
      ...(depositNumbers.length ? { deductDeposits: depositNumbers } : {}),
    });
  }

  /**
   * A correction takes money back. On an invoiced booking, a credit note for that amount against the
   * invoice that billed the corrected payment (its deposit invoice, else the final invoice), then,
   * for what that invoice has no longer to credit, against the booking's other invoices.
   */
  async function creditIfInvoiced(trx: Kysely<DB>, bookingId: string, correction: PaymentFact, entries: readonly PaymentFact[]): Promise<void> {
    const documents = await queries.selectForBooking(trx, bookingId);
    // Only the invoices this policy issued (the whole service, the deposits): one issued by hand for something else is not its to credit.
    const invoicesOf = documents.filter((d) => d.type === 'invoice' && (d.sourceKey === `booking:${bookingId}` || d.sourceKey?.startsWith('deposit:')));
    if (!invoicesOf.length) {
      // Not invoiced: no longer fully paid, nothing waits any more (a later payment decides again).
      await queries.deletePending(trx, bookingId);
      return;
    }
    const first = invoicesOf.find((d) => d.sourceKey === depositKey(correction.correctsId ?? '')) ?? invoicesOf.find((d) => d.sourceKey === `booking:${bookingId}`);
    const targets = [...(first ? [first] : []), ...invoicesOf.filter((d) => d !== first).reverse()];
    const original = entries.find((e) => e.id === correction.correctsId);
    let left = -correction.amountCents;
    let part = 0;
    for (const invoice of targets) {
      if (left <= 0) break;
      const creditable = invoice.grossCents - documents.filter((d) => d.correctsNumber === invoice.number).reduce((s, d) => s + d.grossCents, 0);
      const amount = Math.min(left, creditable);
      if (amount <= 0) continue;
      const line = invoice.document.lines.find((l) => !l.deducts) ?? invoice.document.lines[0]!;
      await invoices.issueCreditNote(trx, {
        invoiceNumber: invoice.number,
        // The first credit note keeps the correction's id (as before deposits); another one for the same correction is numbered after it.
        sourceKey: part === 0 ? correction.id : `${correction.id}:${part + 1}`,
        lines: [{ description: line.description, quantity: 1, unitPriceCents: amount, vatRateBp: line.vatRateBp }],
        reason: correction.reason ?? 'Correction d’un paiement',
        paymentTerms: `Remboursé le ${frenchDate(correction.paidOn)} ${methodWords(original?.method ?? correction.method)}`,
      });
      left -= amount;
      part++;
    }
  }

  jobs.define<{ bookingId: string }>({
    kind: DEFERRED_JOB,
    label: { fr: 'Émission de la facture d’une réservation payée', en: 'Invoice of a paid booking' },
    async run({ bookingId }) {
      await issueNow(bookingId);
    },
  });

  /**
   * Outside any transaction: reads the booking and its payments, then issues in a transaction of its
   * own. A waiting invoice whose customer was erased takes the payments it kept (the ledger no
   * longer names the booking) and is issued for « Client effacé ».
   */
  async function issueNow(bookingId: string, waiting?: queries.PendingInvoice): Promise<IssuedDocument | AppError | undefined> {
    const erased = Boolean(waiting?.erasedAt) && waiting?.payments != null;
    const [booking, entries] = await Promise.all([deps.bookingOf(bookingId), erased ? (JSON.parse(waiting!.payments!) as PaymentFact[]) : deps.paymentsOf(bookingId)]);
    if (!booking) return undefined;
    const paid = entries.reduce((sum, e) => sum + e.amountCents, 0);
    const outcome = await database.db.transaction().execute((trx) => invoiceIfPaid(trx, booking, entries, paid, erased));
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
      const outcome = await issueNow(bookingId, pending);
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

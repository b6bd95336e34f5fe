import type { Refund } from './payments.refunds.queries.js';
import type { OnSitePaymentMethod, PaymentKind, PaymentMethod } from './payments.tables.js';

export type { OnSitePaymentMethod, PaymentKind, PaymentMethod };

/** What the owner may record on site (the form's choices). */
export const PAYMENT_METHODS: readonly OnSitePaymentMethod[] = ['cash', 'card_terminal', 'cheque', 'bank_transfer'];
/** Every method the ledger holds, in the order the daily closings total them. */
export const LEDGER_METHODS: readonly PaymentMethod[] = [...PAYMENT_METHODS, 'stripe', 'paypal'];

/** One entry of a booking's payments, as the pages show it. */
export interface Payment {
  id: string;
  sequence: number;
  bookingId: string;
  kind: PaymentKind;
  method: PaymentMethod;
  /** Negative for a correction. */
  amountCents: number;
  currency: string;
  paidOn: string;
  correctsId: string | null;
  reason: string | null;
  recordedAt: string;
  /** The back-office account that recorded it. */
  recordedBy: string | null;
}

/**
 * free: nothing to pay; unpaid: nothing received; partly_paid: less than the price; paid: the
 * price exactly; overpaid: more than the price (only when the price fell after the payment: a
 * payment above what remains is refused).
 */
export type PaymentStatus = 'free' | 'unpaid' | 'partly_paid' | 'paid' | 'overpaid';

export function paymentStatusOf(priceCents: number, paidCents: number): PaymentStatus {
  if (priceCents <= 0) return paidCents > 0 ? 'overpaid' : 'free';
  if (paidCents <= 0) return 'unpaid';
  if (paidCents < priceCents) return 'partly_paid';
  return paidCents === priceCents ? 'paid' : 'overpaid';
}

/** What the payments module needs to know of a booking (given by app.ts from the booking module). */
export interface PayableBooking {
  id: string;
  reference: string;
  priceCents: number;
  currency: string;
  status: 'confirmed' | 'cancelled';
  /** What the owner reads on the payment page: the service and the customer. */
  label: string;
}

/** A booking's payments and where they stand. */
export interface BookingLedger {
  booking: PayableBooking;
  entries: Payment[];
  paidCents: number;
  status: PaymentStatus;
  /** Each payment with what a correction may still take back from it. */
  correctable: { payment: Payment; remainingCents: number }[];
  /** Money given back for the booking (its cancellation), and where each refund stands. */
  refunds: Refund[];
  /** Online payments received after the booking's place was released (each refunded by itself). */
  paidAfterRelease: { provider: 'stripe' | 'paypal'; amountCents: number; currency: string }[];
  /** The booking's invoices and credit notes, and why its invoice waits (app.ts adds them from the invoices module for the pages). */
  invoicing?: BookingInvoicing;
}

export interface BookingInvoicing {
  /** `deposit`: a deposit invoice (« Facture d’acompte »). */
  documents: { number: string; type: 'invoice' | 'credit_note'; grossCents: number; url: string; deposit?: boolean }[];
  /** Paid, but the invoice could not be issued: what is missing, in both languages. */
  pending?: { fr: string; en: string };
  /** Where the owner issues it once the details are given. */
  pendingUrl?: string;
}

export interface DailyClosing {
  sequence: number;
  day: string;
  records: number;
  totalCents: number;
  totalsByMethod: Partial<Record<PaymentMethod, number>>;
  runningTotalCents: number;
  closedAt: string;
}

/** A daily closing as the chain holds it: what the owner or the accountant notes down to anchor the ledger. */
export interface ClosingRecord extends DailyClosing {
  previousHash: string;
  hash: string;
}

/** What a period of the ledger holds: its entries, their totals per method, and the closings of its days. */
export interface PaymentPeriod {
  entries: Payment[];
  /** Payments less corrections, per method (a correction counts under its payment's method). */
  totalsByMethod: Map<string, number>;
  totalCents: number;
  closings: ClosingRecord[];
}

import { paymentStatusOf, type PaymentMethod, type PaymentStatus } from './payments.model.js';
import type { AttemptAttention, AttemptPurpose, AttemptStatus } from './payments.online.tables.js';
import type { ProviderName } from './providers/provider.js';

/** An attempt as a payment state reads it. */
export interface AttemptSummary {
  id: string;
  bookingId: string;
  provider: ProviderName;
  purpose: AttemptPurpose;
  amountCents: number;
  currency: string;
  status: AttemptStatus;
  expiresAt: string;
  attention: AttemptAttention | null;
  createdAt: string;
  updatedAt: string;
}

/** What a payment state needs of a booking (the booking module's, given by app.ts). */
export interface BookingForPaymentState {
  id: string;
  priceCents: number;
  currency: string;
  status: 'confirmed' | 'cancelled';
  awaitingPayment?: boolean | undefined;
}

/**
 * Where a booking's payment stands, as the customer reads it (their booking page and their space)
 * and the owner API gives it:
 * - free: nothing to pay;
 * - awaiting: the booking holds its place until `holdUntil` waiting for an online payment
 *   (`amountCents`: the whole price, or the deposit);
 * - paid: the price was received (or more: a price lowered after the payment);
 * - deposit_paid: a deposit was paid online, `remainingCents` is paid on site;
 * - partly_paid: part was paid (on site, or online then corrected), `remainingCents` is paid on site;
 * - on_site: nothing received yet, everything is paid on site;
 * - cancelled: a cancelled booking that received nothing (no payment to speak of).
 * A cancelled booking that received money is `paid`/`partly_paid` by what it received.
 */
export type CustomerPaymentState =
  | { kind: 'free' }
  | { kind: 'awaiting'; amountCents: number; currency: string; purpose: 'full' | 'deposit'; provider: ProviderName; holdUntil: string }
  | { kind: 'paid'; paidCents: number; currency: string; methods: PaymentMethod[] }
  | { kind: 'deposit_paid'; paidCents: number; remainingCents: number; currency: string; methods: PaymentMethod[] }
  | { kind: 'partly_paid'; paidCents: number; remainingCents: number; currency: string; methods: PaymentMethod[] }
  | { kind: 'on_site'; amountCents: number; currency: string }
  | { kind: 'cancelled' };

/** The owner API's `payment` of a booking: its ledger status (or `pending` while it waits for an online payment), what it received and how. */
export interface BookingPaymentSummary {
  status: PaymentStatus | 'pending';
  paidCents: number;
  methods: PaymentMethod[];
  /** While waiting: the amount asked online, the provider, and until when the place is held. */
  pending?: { provider: ProviderName; purpose: 'full' | 'deposit'; amountCents: number; expiresAt: string };
}

export interface BookingMoney {
  paidCents: number;
  methods: PaymentMethod[];
  attempts: AttemptSummary[];
}

/** Pure: a booking's state from its price, its ledger entries and its attempts (the latest first). */
export function customerPaymentStateOf(booking: BookingForPaymentState, money: BookingMoney): CustomerPaymentState {
  const { paidCents, methods, attempts } = money;
  const pending = attempts.find((a) => a.status === 'pending' || a.status === 'failed');
  if (booking.status === 'confirmed' && booking.awaitingPayment && pending) {
    return { kind: 'awaiting', amountCents: pending.amountCents, currency: pending.currency, purpose: pending.purpose, provider: pending.provider, holdUntil: pending.expiresAt };
  }
  const currency = booking.currency;
  const status = paymentStatusOf(booking.priceCents, paidCents);
  if (status === 'paid' || status === 'overpaid') return { kind: 'paid', paidCents, currency, methods };
  if (status === 'partly_paid') {
    const remainingCents = booking.priceCents - paidCents;
    const deposit = attempts.some((a) => a.status === 'succeeded' && a.purpose === 'deposit');
    return { kind: deposit ? 'deposit_paid' : 'partly_paid', paidCents, remainingCents, currency, methods };
  }
  if (booking.status === 'cancelled') return { kind: 'cancelled' };
  if (status === 'free') return { kind: 'free' };
  return { kind: 'on_site', amountCents: booking.priceCents, currency };
}

/** Pure: the owner API's summary from the same facts. */
export function paymentSummaryOf(booking: BookingForPaymentState, money: BookingMoney): BookingPaymentSummary {
  const state = customerPaymentStateOf(booking, money);
  if (state.kind === 'awaiting') {
    return { status: 'pending', paidCents: money.paidCents, methods: money.methods, pending: { provider: state.provider, purpose: state.purpose, amountCents: state.amountCents, expiresAt: state.holdUntil } };
  }
  return { status: paymentStatusOf(booking.priceCents, money.paidCents), paidCents: money.paidCents, methods: money.methods };
}

/** One item of the owner's « À traiter » list on the dashboard. */
export interface PaymentFollowUps {
  /** Paid after the place was released (refund or rebook), or another amount than asked: the booking to open. */
  attention: { attemptId: string; bookingId: string; reason: 'paid_after_release' | 'amount_mismatch'; provider: ProviderName; amountCents: number; currency: string; at: string }[];
  /** Online payments still waiting for the customer: how many, and since when the oldest. */
  awaiting: { count: number; oldestSince: string | null; oldestBookingId: string | null };
  /** Attempts the provider refused in the last days: the booking to open. */
  failed: { attemptId: string; bookingId: string; provider: ProviderName; amountCents: number; currency: string; at: string }[];
}


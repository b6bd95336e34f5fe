/** Table types of refunds (payments module): money given back for one payment of the ledger. */
import type { PaymentMethod } from './payments.tables.js';

/**
 * requested: to be asked of the provider (a job does it); pending: the provider took it and has
 * not finished; succeeded: made, and its correction is in the ledger; failed: the provider
 * refused it (the owner may « Relancer »); by_hand: a payment taken on site, the owner gives the
 * money back and records it; given_back: the owner recorded it (its correction is in the ledger).
 */
export type RefundStatus = 'requested' | 'pending' | 'succeeded' | 'failed' | 'by_hand' | 'given_back';

export interface PaymentRefundsTable {
  id: string;
  booking_id: string;
  /** The ledger payment given back (part or all of it). */
  payment_id: string;
  /** The payment's method: the provider (stripe, paypal) or an on-site method. */
  method: PaymentMethod;
  amount_cents: number;
  currency: string;
  status: RefundStatus;
  /** Stripe refund id, PayPal refund id, once the provider answered. */
  provider_refund_ref: string | null;
  /** Why, in words (the ledger correction carries it). */
  reason: string;
  /** Asks made of the provider: each one has its own idempotency key (a retry after a refusal must not replay it). */
  tries: number;
  /** What the provider said when it refused, for the owner. */
  failure: string | null;
  /** The ledger correction that records it, once made. */
  correction_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface RefundTables {
  payment_refunds: PaymentRefundsTable;
}

/** Table types of online payments (payments module): attempts at a provider and the provider events they received. */
import type { ProviderName } from './providers/provider.js';

export type AttemptPurpose = 'full' | 'deposit';
export type AttemptStatus = 'pending' | 'succeeded' | 'failed' | 'expired' | 'cancelled';
/** Why the owner must look at an attempt: paid after its place was released (refund or rebook), or paid another amount than asked. */
export type AttemptAttention = 'paid_after_release' | 'amount_mismatch';

/**
 * One try at paying a booking online: the amount asked, where the customer was sent, and what
 * the provider said. Only ids, amounts, statuses and the provider's fraud outcome: never card data.
 */
export interface PaymentAttemptsTable {
  id: string;
  booking_id: string;
  provider: ProviderName;
  purpose: AttemptPurpose;
  amount_cents: number;
  currency: string;
  status: AttemptStatus;
  /** Stripe Checkout Session id, PayPal order id; null until the provider answered. */
  provider_ref: string | null;
  /** Stripe PaymentIntent id, PayPal capture id: what a refund names. */
  provider_payment_ref: string | null;
  /** JSON of the provider's fraud verdict (Stripe Radar risk level; PayPal status and seller protection). */
  fraud_outcome: string | null;
  /** Derived from the attempt id and sent with every create call: the provider makes one checkout per attempt. */
  idempotency_key: string;
  /** The provider's page the customer is sent to. */
  redirect_url: string | null;
  /** The end of the payment window: a booking still unpaid then is released. */
  expires_at: string;
  /** The ledger record of the payment, once it succeeded. */
  payment_id: string | null;
  attention: AttemptAttention | null;
  created_at: string;
  updated_at: string;
}

/** Each provider event handled, recorded in the transaction of its effect: a redelivery finds it and changes nothing. */
export interface ProviderEventsTable {
  id: string;
  provider: ProviderName;
  event_id: string;
  type: string;
  attempt_id: string | null;
  received_at: string;
}

export interface OnlinePaymentTables {
  payment_attempts: PaymentAttemptsTable;
  provider_events: ProviderEventsTable;
}

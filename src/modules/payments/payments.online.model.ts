import type { AttemptAttention, AttemptPurpose, AttemptStatus } from './payments.online.tables.js';
import type { FraudOutcome, ProviderName } from './providers/provider.js';

export type { AttemptAttention, AttemptPurpose, AttemptStatus };

/** One try at paying a booking online. */
export interface PaymentAttempt {
  id: string;
  bookingId: string;
  provider: ProviderName;
  purpose: AttemptPurpose;
  amountCents: number;
  currency: string;
  status: AttemptStatus;
  providerRef: string | null;
  providerPaymentRef: string | null;
  fraud: FraudOutcome | null;
  idempotencyKey: string;
  redirectUrl: string | null;
  expiresAt: string;
  paymentId: string | null;
  attention: AttemptAttention | null;
  createdAt: string;
}

/**
 * The online payment state of a booking, as the customer's pages and the API say it:
 * none (paid on site, or free), pending (waiting for the provider), paid (the provider confirmed it),
 * failed / expired (the last attempt did not go through).
 */
export type OnlinePaymentState = 'none' | 'pending' | 'paid' | 'failed' | 'expired';

/** The idempotency key of every create call an attempt makes: the provider makes one checkout per attempt, however often we ask. */
export function idempotencyKeyOf(attemptId: string, call: 'checkout' | 'refund' | 'settle' = 'checkout'): string {
  return `ws-${call}-${attemptId}`;
}

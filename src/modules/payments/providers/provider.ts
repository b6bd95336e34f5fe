/**
 * The contract every online payment provider (Stripe, PayPal) implements. The payments module
 * speaks only to this interface: it creates a checkout for one payment attempt, asks where it
 * stands (settle), reads verified webhook deliveries, and refunds. Providers never see or return
 * card data: only ids, amounts, statuses and the provider's own fraud outcome.
 */
export type ProviderName = 'stripe' | 'paypal';

export interface CheckoutRequest {
  attemptId: string;
  /** Derived from the attempt id: the same attempt never creates two checkouts at the provider. */
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  description: string;
  bookingReference: string;
  customerEmail: string;
  locale: 'fr' | 'en';
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
}

export interface CheckoutCreated {
  /** Stripe Checkout Session id, PayPal order id. */
  providerRef: string;
  /** Where the customer's browser goes to pay. */
  redirectUrl: string;
}

/** The provider's own fraud verdict, e.g. { risk_level: 'normal' } or { status: 'COMPLETED', seller_protection: 'ELIGIBLE' }. */
export type FraudOutcome = Record<string, string>;

export interface ProviderPaymentState {
  providerRef: string;
  status: 'pending' | 'succeeded' | 'failed' | 'expired';
  /** Stripe PaymentIntent id, PayPal capture id: what a refund names. */
  paymentRef?: string;
  amountCents?: number;
  currency?: string;
  fraud?: FraudOutcome;
  /**
   * A failure that ends the checkout for good (Stripe: a delayed payment, a SEPA debit, that the
   * bank refused — the session is complete and cannot be paid again): the booking gives its place
   * up at once and the customer is told. Without it a failure leaves the attempt retryable while
   * its window runs (PayPal: a declined card, « Reprendre le paiement »).
   */
  final?: boolean;
}

export interface ProviderEvent {
  /** The provider's event id: recorded once, so a redelivery changes nothing. */
  id: string;
  type: string;
  providerRef?: string;
  attemptId?: string;
  state?: ProviderPaymentState;
  refund?: { refundRef: string; paymentRef: string; amountCents: number; status: 'succeeded' | 'pending' | 'failed' };
}

export interface RefundRequest {
  paymentRef: string;
  amountCents: number;
  currency: string;
  idempotencyKey: string;
  reason?: string;
}

export interface RefundResult {
  refundRef: string;
  status: 'succeeded' | 'pending' | 'failed';
}

export interface PaymentProvider {
  readonly name: ProviderName;
  createCheckout(request: CheckoutRequest): Promise<CheckoutCreated>;
  /** Asks the provider where a checkout stands, completing it if the customer approved it (PayPal captures an APPROVED order; idempotent). Used by polling and after a webhook. */
  settle(providerRef: string, idempotencyKey: string): Promise<ProviderPaymentState>;
  /** Verifies a webhook delivery (raw body bytes + headers); throws WebhookRejected (a class exported from provider.ts) when forged, stale or unreadable. */
  verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<ProviderEvent>;
  refund(request: RefundRequest): Promise<RefundResult>;
  /** Where a refund stands at the provider (a pending one is asked again later). */
  refundStatus?(refundRef: string): Promise<RefundResult['status']>;
}

/** A webhook delivery that is forged, stale or unreadable: answered 400, and nothing changes. */
export class WebhookRejected extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly reason: 'forged' | 'stale' | 'unreadable',
    message?: string,
  ) {
    super(message ?? `${provider} webhook rejected: ${reason}`);
    this.name = 'WebhookRejected';
  }
}

/** A provider call that failed (network, 4xx/5xx from the provider): the customer is told to retry, nothing is marked paid. */
export class ProviderUnavailable extends Error {
  constructor(
    readonly provider: ProviderName,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderUnavailable';
  }
}

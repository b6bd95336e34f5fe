import Stripe from 'stripe';
import {
  ProviderUnavailable,
  WebhookRejected,
  type CheckoutCreated,
  type CheckoutRequest,
  type FraudOutcome,
  type PaymentProvider,
  type ProviderEvent,
  type ProviderPaymentState,
  type RefundRequest,
  type RefundResult,
} from './provider.js';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** https://api.stripe.com, or a local fake in tests. */
  apiBase: string;
}

/** Stripe refuses a Checkout Session expiring sooner than 30 minutes or later than 24 hours after its creation. */
const STRIPE_MIN_EXPIRY_MS = 30 * 60_000;
const STRIPE_MAX_EXPIRY_MS = 24 * 3_600_000;
/** Our request takes a moment to reach Stripe: asking for exactly 30 minutes could land just under its minimum. */
const EXPIRY_MARGIN_MS = 2 * 60_000;
/** Stripe's own default, stated here so that the rule is ours to read: a signature older than 5 minutes is refused. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The session events that move a checkout; anything else is ignored (200) by the webhook route. */
const CHECKOUT_EVENTS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed', 'checkout.session.expired']);

/**
 * Stripe through its official SDK: hosted Checkout Sessions (mode payment), the PaymentIntent
 * read back with its latest charge for Radar's risk level, refunds, signed webhooks. No card
 * data ever passes here: the customer types it on Stripe's page.
 */
export function createStripeProvider(settings: StripeSettings): PaymentProvider {
  const base = new URL(settings.apiBase);
  const protocol = base.protocol === 'http:' ? 'http' : 'https';
  const stripe = new Stripe(settings.secretKey, {
    host: base.hostname,
    port: Number(base.port || (protocol === 'http' ? 80 : 443)),
    protocol,
    maxNetworkRetries: 2,
    timeout: 15_000,
    telemetry: false,
  });

  async function calling<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      // Stripe's message names the parameter or the state; it holds no card data (we never send any).
      const detail = error instanceof Stripe.errors.StripeError ? `${error.type}${error.code ? `/${error.code}` : ''}: ${error.message}` : String(error);
      throw new ProviderUnavailable('stripe', `Stripe ${what} failed: ${detail}`);
    }
  }

  /**
   * Where a Checkout Session stands. Complete and paid: succeeded. Complete but unpaid is a delayed
   * payment method (SEPA debit…): its PaymentIntent says the rest — processing (pending, until
   * checkout.session.async_payment_succeeded or _failed), succeeded, or back to
   * requires_payment_method / canceled when the bank refused it (failed, for good: a complete
   * session takes no second payment).
   */
  async function stateOfSession(session: Stripe.Checkout.Session): Promise<ProviderPaymentState> {
    const base: ProviderPaymentState = { providerRef: session.id, status: 'pending', ...(session.currency ? { currency: session.currency.toUpperCase() } : {}), ...(session.amount_total != null ? { amountCents: session.amount_total } : {}) };
    if (session.status === 'expired') return { ...base, status: 'expired' };
    if (session.status !== 'complete' || session.payment_status === 'no_payment_required') return base;
    const intentId = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
    if (!intentId) return base;
    const intent = await calling('PaymentIntent retrieval', () => stripe.paymentIntents.retrieve(intentId, { expand: ['latest_charge'] }));
    if (intent.status === 'succeeded') {
      return { ...base, status: 'succeeded', paymentRef: intent.id, amountCents: intent.amount_received || intent.amount, currency: intent.currency.toUpperCase(), fraud: fraudOf(intent) };
    }
    if (session.payment_status === 'unpaid' && (intent.status === 'requires_payment_method' || intent.status === 'canceled')) return { ...base, status: 'failed', final: true, paymentRef: intent.id };
    return { ...base, paymentRef: intent.id };
  }

  return {
    name: 'stripe',

    async createCheckout(request: CheckoutRequest): Promise<CheckoutCreated> {
      const now = Date.now();
      const expiresAt = Math.min(Math.max(request.expiresAt.getTime(), now + STRIPE_MIN_EXPIRY_MS + EXPIRY_MARGIN_MS), now + STRIPE_MAX_EXPIRY_MS - EXPIRY_MARGIN_MS);
      const metadata = { attempt_id: request.attemptId, booking_reference: request.bookingReference };
      const session = await calling('Checkout Session creation', () =>
        stripe.checkout.sessions.create(
          {
            mode: 'payment',
            client_reference_id: request.attemptId,
            customer_email: request.customerEmail,
            locale: request.locale,
            line_items: [{ quantity: 1, price_data: { currency: request.currency.toLowerCase(), unit_amount: request.amountCents, product_data: { name: request.description } } }],
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
            expires_at: Math.floor(expiresAt / 1000),
            metadata,
            payment_intent_data: { metadata, description: request.description },
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      if (!session.url) throw new ProviderUnavailable('stripe', `Stripe returned the Checkout Session ${session.id} without a URL`);
      return { providerRef: session.id, redirectUrl: session.url };
    },

    async settle(providerRef: string): Promise<ProviderPaymentState> {
      // A Checkout Session completes itself at Stripe: there is nothing to capture, only to read.
      const session = await calling('Checkout Session retrieval', () => stripe.checkout.sessions.retrieve(providerRef));
      return stateOfSession(session);
    },

    async verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<ProviderEvent> {
      const signature = headers['stripe-signature'];
      if (typeof signature !== 'string' || !signature) throw new WebhookRejected('stripe', 'forged', 'Stripe webhook without a Stripe-Signature header');
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, settings.webhookSecret, SIGNATURE_TOLERANCE_SECONDS);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (/tolerance/i.test(message)) throw new WebhookRejected('stripe', 'stale', 'Stripe webhook older than the 300-second tolerance');
        if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookRejected('stripe', 'forged', 'Stripe webhook whose signature does not match');
        throw new WebhookRejected('stripe', 'unreadable', 'Stripe webhook that is not a readable event');
      }
      return eventOf(event);
    },

    async refund(request: RefundRequest): Promise<RefundResult> {
      const refund = await calling('refund', () =>
        stripe.refunds.create(
          { payment_intent: request.paymentRef, amount: request.amountCents, reason: 'requested_by_customer', ...(request.reason ? { metadata: { reason: request.reason.slice(0, 500) } } : {}) },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      return { refundRef: refund.id, status: refundStatus(refund.status) };
    },

    async refundStatus(refundRef: string): Promise<RefundResult['status']> {
      const refund = await calling('refund retrieval', () => stripe.refunds.retrieve(refundRef));
      return refundStatus(refund.status);
    },
  };
}

/** Radar's verdict on the charge: its risk level (normal, elevated, highest, not_assessed, unknown) and what the network said. */
function fraudOf(intent: Stripe.PaymentIntent): FraudOutcome | undefined {
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const outcome = charge?.outcome;
  if (!outcome) return undefined;
  const fraud: FraudOutcome = {};
  if (outcome.risk_level) fraud.risk_level = outcome.risk_level;
  if (outcome.type) fraud.outcome = outcome.type;
  if (outcome.network_status) fraud.network_status = outcome.network_status;
  return fraud;
}

function refundStatus(status: string | null): RefundResult['status'] {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

/** What an event says, before the payments module asks Stripe where the session stands (settle): the event itself may be old or out of order. */
function eventOf(event: Stripe.Event): ProviderEvent {
  if (CHECKOUT_EVENTS.has(event.type)) {
    const session = event.data.object as Stripe.Checkout.Session;
    const status: ProviderPaymentState['status'] =
      event.type === 'checkout.session.expired' ? 'expired' : event.type === 'checkout.session.async_payment_failed' ? 'failed' : session.payment_status === 'paid' ? 'succeeded' : 'pending';
    return {
      id: event.id,
      type: event.type,
      providerRef: session.id,
      ...(session.client_reference_id ? { attemptId: session.client_reference_id } : {}),
      state: {
        providerRef: session.id,
        status,
        ...(status === 'failed' ? { final: true } : {}),
        ...(session.amount_total != null ? { amountCents: session.amount_total } : {}),
        ...(session.currency ? { currency: session.currency.toUpperCase() } : {}),
      },
    };
  }
  if (event.type === 'charge.refunded') {
    const charge = event.data.object as Stripe.Charge;
    const refund = charge.refunds?.data?.[0];
    const paymentRef = typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? charge.id);
    return { id: event.id, type: event.type, ...(refund ? { refund: { refundRef: refund.id, paymentRef, amountCents: refund.amount, status: refundStatus(refund.status) } } : {}) };
  }
  if (REFUND_EVENTS.has(event.type)) {
    const refund = event.data.object as Stripe.Refund;
    const paymentRef = typeof refund.payment_intent === 'string' ? refund.payment_intent : (refund.payment_intent?.id ?? '');
    return { id: event.id, type: event.type, refund: { refundRef: refund.id, paymentRef, amountCents: refund.amount, status: refundStatus(refund.status) } };
  }
  return { id: event.id, type: event.type };
}

/** A refund's own events: its status moved (pending → succeeded or failed). */
const REFUND_EVENTS = new Set(['refund.updated', 'refund.created', 'refund.failed']);

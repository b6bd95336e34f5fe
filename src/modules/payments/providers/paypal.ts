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

/**
 * PayPal through its documented REST API (Orders v2, Payments v2, Webhooks v1) with Node's fetch.
 * PayPal's Node SDK (@paypal/paypal-server-sdk) knows two hosts only, fixed in its code (live and
 * sandbox): it cannot be pointed at another host such as the local fake the tests run against,
 * which the issue names as the case for the REST API (see CONTEXT.md).
 *
 * What PayPal receives: the amount, a description with the booking reference, our attempt id
 * (reference_id, custom_id) and where to send the buyer back; not the customer's name or e-mail
 * (the buyer logs in to PayPal). What we keep: ids, amounts, statuses and the seller-protection
 * verdict, never the payer's details PayPal returns once the order is approved.
 */

export interface PayPalProviderOptions {
  clientId: string;
  clientSecret: string;
  webhookId: string;
  /** https://api-m.paypal.com (live), https://api-m.sandbox.paypal.com, or a local fake. */
  apiBase: string;
  fetch?: typeof globalThis.fetch;
  /** The clock the webhook's transmission time is checked against. */
  now?: () => Date;
  /** How far a webhook's transmission time may be from now (default 5 minutes). */
  webhookToleranceMs?: number;
  /** Per request (default 15 s). */
  timeoutMs?: number;
}

/** Just what paypalProviderFromConfig needs of the application's Config. */
export interface PayPalConfigured {
  readonly paypal: { readonly clientId: string; readonly clientSecret: string; readonly webhookId: string; readonly apiBase: string } | undefined;
}

/**
 * A PayPal call that did not give what was asked: `credentials` (PayPal refused our client id and
 * secret), `refused` (PayPal answered 4xx: the request or the business rule), `unavailable`
 * (network, timeout, 5xx: worth retrying). The message names the operation, the HTTP status,
 * PayPal's error name and issue and its debug id, never a credential or a token.
 */
export class PayPalError extends ProviderUnavailable {
  constructor(
    readonly kind: 'credentials' | 'refused' | 'unavailable',
    readonly operation: string,
    message: string,
    readonly status?: number,
    /** PayPal's fine-grained issue code (ORDER_NOT_APPROVED, REFUND_AMOUNT_EXCEEDED, …). */
    readonly issue?: string,
    readonly debugId?: string,
  ) {
    super('paypal', message);
    this.name = 'PayPalError';
  }
}

export function paypalProviderFromConfig(config: PayPalConfigured, options: Pick<PayPalProviderOptions, 'fetch' | 'now'> = {}): PaymentProvider | undefined {
  return config.paypal ? createPayPalProvider({ ...config.paypal, ...options }) : undefined;
}

const FIVE_MINUTES = 5 * 60_000;
/** A token is renewed this long before PayPal says it expires, so no call carries one that lapses on the way. */
const TOKEN_MARGIN_MS = 60_000;

/** PayPal's currencies without a fractional part: the value is sent without decimals. */
const zeroDecimalCurrencies = new Set(['HUF', 'JPY', 'TWD']);

/** Capture issues that mean the buyer's payment will not go through: the attempt failed. */
const declinedIssues = new Set([
  'INSTRUMENT_DECLINED',
  'TRANSACTION_REFUSED',
  'PAYER_CANNOT_PAY',
  'PAYER_ACCOUNT_RESTRICTED',
  'PAYER_ACCOUNT_LOCKED_OR_CLOSED',
  'PAYEE_BLOCKED_TRANSACTION',
  'TRANSACTION_BLOCKED_BY_PAYEE',
  'COMPLIANCE_VIOLATION',
  'MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED',
  'TRANSACTION_LIMIT_EXCEEDED',
]);

const webhookHeaders = ['paypal-transmission-id', 'paypal-transmission-time', 'paypal-transmission-sig', 'paypal-cert-url', 'paypal-auth-algo'] as const;

type Json = Record<string, unknown>;

interface PayPalResponse {
  status: number;
  body: Json;
}

export function formatAmount(cents: number, currency: string): string {
  if (!Number.isSafeInteger(cents) || cents <= 0) throw new RangeError(`a PayPal amount is a positive whole number of cents (got ${cents})`);
  if (zeroDecimalCurrencies.has(currency.toUpperCase())) {
    if (cents % 100 !== 0) throw new RangeError(`${currency} takes no decimals at PayPal (got ${cents} cents)`);
    return String(cents / 100);
  }
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** "49.00" → 4900; undefined for anything that is not PayPal's decimal string. */
export function parseAmount(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d+(\.\d{1,2})?$/.test(value)) return undefined;
  const [units, fraction = ''] = value.split('.');
  return Number(units) * 100 + Number(fraction.padEnd(2, '0'));
}

export function createPayPalProvider(options: PayPalProviderOptions): PaymentProvider {
  const apiBase = options.apiBase.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());
  const tolerance = options.webhookToleranceMs ?? FIVE_MINUTES;
  const timeoutMs = options.timeoutMs ?? 15_000;
  let token: { value: string; expiresAt: number } | undefined;
  let tokenRequest: Promise<string> | undefined;

  /** One HTTP exchange; network failures and timeouts become PayPalError('unavailable'). */
  async function exchange(operation: string, path: string, init: RequestInit): Promise<PayPalResponse> {
    let response: Response;
    try {
      response = await doFetch(`${apiBase}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : describeNetworkError(error);
      throw new PayPalError('unavailable', operation, `PayPal could not be reached to ${operation} (${reason})`);
    }
    const text = await response.text().catch(() => '');
    let body: Json = {};
    try {
      const parsed: unknown = text ? JSON.parse(text) : {};
      if (parsed && typeof parsed === 'object') body = parsed as Json;
    } catch {
      // A proxy's HTML error page, say: the status still tells what happened.
    }
    return { status: response.status, body };
  }

  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > Date.now() + TOKEN_MARGIN_MS) return token.value;
    // Concurrent calls share one token request rather than each asking PayPal.
    tokenRequest ??= requestToken().finally(() => {
      tokenRequest = undefined;
    });
    return tokenRequest;
  }

  async function requestToken(): Promise<string> {
    const operation = 'obtain an access token';
    const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64');
    const { status, body } = await exchange(operation, '/v1/oauth2/token', {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=client_credentials',
    });
    if (status === 401 || status === 403) {
      throw new PayPalError(
        'credentials',
        operation,
        `PayPal refused the client credentials (${status} ${String(body.error ?? 'invalid_client')}): check PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET, and that PAYPAL_API_BASE (${apiBase}) is the environment, live or sandbox, they belong to`,
        status,
        String(body.error ?? 'invalid_client'),
      );
    }
    if (status !== 200 || typeof body.access_token !== 'string') throw failure(operation, status, body);
    const lifetimeSeconds = typeof body.expires_in === 'number' ? body.expires_in : 0;
    token = { value: body.access_token, expiresAt: Date.now() + lifetimeSeconds * 1000 };
    return token.value;
  }

  /** A call to the API with a bearer token; a token PayPal no longer accepts is renewed once. */
  async function call(operation: string, method: 'GET' | 'POST', path: string, extra: { requestId?: string; body?: string; prefer?: string } = {}): Promise<PayPalResponse> {
    for (let attempt = 1; ; attempt++) {
      const bearer = await accessToken();
      const headers: Record<string, string> = { authorization: `Bearer ${bearer}`, accept: 'application/json' };
      if (extra.body !== undefined) headers['content-type'] = 'application/json';
      if (extra.requestId) headers['paypal-request-id'] = extra.requestId;
      if (extra.prefer) headers.prefer = extra.prefer;
      const response = await exchange(operation, path, { method, headers, body: extra.body });
      if (response.status !== 401 || attempt > 1) return response;
      if (token?.value === bearer) token = undefined;
    }
  }

  function failure(operation: string, status: number, body: Json): PayPalError {
    const detail = Array.isArray(body.details) ? (body.details[0] as Json | undefined) : undefined;
    const issue = typeof detail?.issue === 'string' ? detail.issue : undefined;
    const field = typeof detail?.field === 'string' ? ` at ${detail.field}` : '';
    const name = typeof body.name === 'string' ? body.name : typeof body.error === 'string' ? body.error : 'an unexpected answer';
    const debugId = typeof body.debug_id === 'string' ? body.debug_id : undefined;
    const kind = status === 401 ? 'credentials' : status >= 400 && status < 500 && status !== 429 ? 'refused' : 'unavailable';
    const verb = kind === 'unavailable' ? 'failed to' : 'refused to';
    const message = `PayPal ${verb} ${operation}: ${status} ${name}${issue ? ` (${issue}${field})` : ''}${debugId ? `, debug id ${debugId}` : ''}`;
    return new PayPalError(kind, operation, message, status, issue, debugId);
  }

  async function getOrder(orderId: string): Promise<Json | undefined> {
    const operation = `read order ${orderId}`;
    const response = await call(operation, 'GET', `/v2/checkout/orders/${encodeURIComponent(orderId)}`);
    // PayPal forgets an order that was never approved once its approval window lapses.
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw failure(operation, response.status, response.body);
    return response.body;
  }

  return {
    name: 'paypal',

    async createCheckout(request: CheckoutRequest): Promise<CheckoutCreated> {
      const operation = `create the order of attempt ${request.attemptId}`;
      const currency = request.currency.toUpperCase();
      const body = {
        intent: 'CAPTURE',
        purchase_units: [
          {
            reference_id: request.attemptId,
            custom_id: request.attemptId,
            description: truncate(`${request.description} (${request.bookingReference})`, 127),
            amount: { currency_code: currency, value: formatAmount(request.amountCents, currency) },
          },
        ],
        payment_source: {
          paypal: {
            experience_context: {
              locale: request.locale === 'fr' ? 'fr-FR' : 'en-GB',
              landing_page: 'NO_PREFERENCE',
              shipping_preference: 'NO_SHIPPING',
              user_action: 'PAY_NOW',
              payment_method_preference: 'IMMEDIATE_PAYMENT_REQUIRED',
              return_url: request.successUrl,
              cancel_url: request.cancelUrl,
            },
          },
        },
      };
      const response = await call(operation, 'POST', '/v2/checkout/orders', { requestId: request.idempotencyKey, body: JSON.stringify(body) });
      if (response.status !== 200 && response.status !== 201) throw failure(operation, response.status, response.body);
      const links = Array.isArray(response.body.links) ? (response.body.links as Json[]) : [];
      const approval = links.find((l) => l.rel === 'payer-action') ?? links.find((l) => l.rel === 'approve');
      if (typeof response.body.id !== 'string' || typeof approval?.href !== 'string') {
        throw new PayPalError('unavailable', operation, `PayPal created no order with an approval link for attempt ${request.attemptId}`, response.status);
      }
      return { providerRef: response.body.id, redirectUrl: approval.href };
    },

    async settle(providerRef: string, idempotencyKey: string): Promise<ProviderPaymentState> {
      const order = await getOrder(providerRef);
      if (!order) return { providerRef, status: 'expired' };
      if (order.status !== 'APPROVED') return orderState(providerRef, order);
      const operation = `capture order ${providerRef}`;
      // Derived from the caller's key: a second settle (another instance, a retry) replays this capture, never makes another.
      const response = await call(operation, 'POST', `/v2/checkout/orders/${encodeURIComponent(providerRef)}/capture`, {
        requestId: `${idempotencyKey}-capture`,
        body: '{}',
        prefer: 'return=representation',
      });
      if (response.status === 200 || response.status === 201) return orderState(providerRef, response.body);
      const issue = firstIssue(response.body);
      if (response.status === 422 && issue === 'ORDER_ALREADY_CAPTURED') {
        const captured = await getOrder(providerRef);
        return captured ? orderState(providerRef, captured) : { providerRef, status: 'expired' };
      }
      if (response.status === 422 && issue && declinedIssues.has(issue)) return { ...amountOf(providerRef, order), status: 'failed' };
      if (response.status === 422 && (issue === 'ORDER_NOT_APPROVED' || issue === 'ORDER_COMPLETION_IN_PROGRESS')) return { ...amountOf(providerRef, order), status: 'pending' };
      throw failure(operation, response.status, response.body);
    },

    async verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<ProviderEvent> {
      const transmission = Object.fromEntries(webhookHeaders.map((name) => [name, headerValue(headers, name)])) as Record<(typeof webhookHeaders)[number], string | undefined>;
      const missing = webhookHeaders.filter((name) => !transmission[name]);
      if (missing.length) throw new WebhookRejected('paypal', 'forged', `PayPal webhook rejected: missing ${missing.join(', ')}`);
      const sentAt = Date.parse(transmission['paypal-transmission-time']!);
      if (Number.isNaN(sentAt)) throw new WebhookRejected('paypal', 'forged', 'PayPal webhook rejected: unreadable paypal-transmission-time');
      if (Math.abs(now().getTime() - sentAt) > tolerance) {
        throw new WebhookRejected('paypal', 'stale', `PayPal webhook rejected: sent at ${new Date(sentAt).toISOString()}, more than ${tolerance / 60_000} minutes from now`);
      }
      const event = parseEvent(rawBody);
      // The raw body goes to PayPal as it came: PayPal's signature covers these bytes (a CRC32 of them), which re-serialising could change.
      const verifyBody = `{${[
        `"auth_algo":${JSON.stringify(transmission['paypal-auth-algo'])}`,
        `"cert_url":${JSON.stringify(transmission['paypal-cert-url'])}`,
        `"transmission_id":${JSON.stringify(transmission['paypal-transmission-id'])}`,
        `"transmission_sig":${JSON.stringify(transmission['paypal-transmission-sig'])}`,
        `"transmission_time":${JSON.stringify(transmission['paypal-transmission-time'])}`,
        `"webhook_id":${JSON.stringify(options.webhookId)}`,
        `"webhook_event":${rawBody.toString('utf8')}`,
      ].join(',')}}`;
      const operation = `verify the signature of webhook event ${String(event.id)}`;
      const response = await call(operation, 'POST', '/v1/notifications/verify-webhook-signature', { body: verifyBody });
      // PayPal finding the request itself wrong (a header out of its pattern) is a forged delivery; PayPal down is not: it redelivers.
      if (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 429) {
        throw new WebhookRejected('paypal', 'forged', `PayPal webhook rejected: PayPal refused to check its signature (${response.status} ${firstIssue(response.body) ?? String(response.body.name ?? '')})`);
      }
      if (response.status !== 200) throw failure(operation, response.status, response.body);
      if (response.body.verification_status !== 'SUCCESS') {
        throw new WebhookRejected('paypal', 'forged', `PayPal webhook rejected: signature verification ${String(response.body.verification_status ?? 'gave no status')}`);
      }
      return toProviderEvent(event);
    },

    async refund(request: RefundRequest): Promise<RefundResult> {
      const operation = `refund capture ${request.paymentRef}`;
      const currency = request.currency.toUpperCase();
      const body: Json = { amount: { currency_code: currency, value: formatAmount(request.amountCents, currency) } };
      if (request.reason) body.note_to_payer = truncate(request.reason, 255);
      const response = await call(operation, 'POST', `/v2/payments/captures/${encodeURIComponent(request.paymentRef)}/refund`, {
        requestId: request.idempotencyKey,
        body: JSON.stringify(body),
      });
      if ((response.status !== 200 && response.status !== 201) || typeof response.body.id !== 'string') throw failure(operation, response.status, response.body);
      return { refundRef: response.body.id, status: refundStatus(response.body.status) };
    },

    async refundStatus(refundRef: string): Promise<RefundResult['status']> {
      const operation = `read refund ${refundRef}`;
      const response = await call(operation, 'GET', `/v2/payments/refunds/${encodeURIComponent(refundRef)}`);
      if (response.status !== 200) throw failure(operation, response.status, response.body);
      return refundStatus(response.body.status);
    },
  };
}

/** The state of an order PayPal described (GET or capture answer). */
function orderState(providerRef: string, order: Json): ProviderPaymentState {
  const base = amountOf(providerRef, order);
  switch (order.status) {
    case 'COMPLETED': {
      const capture = captureOf(order);
      if (!capture) return { ...base, status: 'pending' };
      return captureState(providerRef, capture);
    }
    case 'VOIDED':
      // Nothing can be captured any more: the checkout lapsed at PayPal.
      return { ...base, status: 'expired' };
    default:
      // CREATED, SAVED, PAYER_ACTION_REQUIRED (the buyer has not approved yet), APPROVED (not captured yet).
      return { ...base, status: 'pending' };
  }
}

function captureState(providerRef: string, capture: Json): ProviderPaymentState {
  const amount = (capture.amount ?? {}) as Json;
  const state: ProviderPaymentState = {
    providerRef,
    status: captureStatus(capture.status),
    ...(typeof capture.id === 'string' ? { paymentRef: capture.id } : {}),
    ...(parseAmount(amount.value) !== undefined ? { amountCents: parseAmount(amount.value)! } : {}),
    ...(typeof amount.currency_code === 'string' ? { currency: amount.currency_code } : {}),
  };
  return { ...state, fraud: fraudOf(capture) };
}

function captureStatus(status: unknown): ProviderPaymentState['status'] {
  if (status === 'COMPLETED' || status === 'PARTIALLY_REFUNDED' || status === 'REFUNDED') return 'succeeded';
  if (status === 'DECLINED' || status === 'FAILED') return 'failed';
  // PENDING: PayPal holds the money for review (an eCheck, a merchant-side hold); PAYMENT.CAPTURE.COMPLETED follows.
  return 'pending';
}

/** PayPal's own verdict (policy 3.5): the capture's status and its seller-protection eligibility, nothing about the payer. */
function fraudOf(capture: Json): FraudOutcome {
  const fraud: FraudOutcome = {};
  if (typeof capture.status === 'string') fraud.status = capture.status;
  const protection = (capture.seller_protection ?? {}) as Json;
  if (typeof protection.status === 'string') fraud.seller_protection = protection.status;
  const reason = ((capture.status_details ?? {}) as Json).reason;
  if (typeof reason === 'string') fraud.reason = reason;
  return fraud;
}

function captureOf(order: Json): Json | undefined {
  const unit = firstUnit(order);
  const captures = ((unit?.payments ?? {}) as Json).captures;
  return Array.isArray(captures) ? (captures.at(-1) as Json | undefined) : undefined;
}

function firstUnit(order: Json): Json | undefined {
  return Array.isArray(order.purchase_units) ? (order.purchase_units[0] as Json | undefined) : undefined;
}

function amountOf(providerRef: string, order: Json): ProviderPaymentState {
  const amount = (firstUnit(order)?.amount ?? {}) as Json;
  const cents = parseAmount(amount.value);
  return {
    providerRef,
    status: 'pending',
    ...(cents !== undefined ? { amountCents: cents } : {}),
    ...(typeof amount.currency_code === 'string' ? { currency: amount.currency_code } : {}),
  };
}

function refundStatus(status: unknown): RefundResult['status'] {
  if (status === 'COMPLETED') return 'succeeded';
  if (status === 'PENDING') return 'pending';
  return 'failed';
}

function firstIssue(body: Json): string | undefined {
  const detail = Array.isArray(body.details) ? (body.details[0] as Json | undefined) : undefined;
  return typeof detail?.issue === 'string' ? detail.issue : undefined;
}

function parseEvent(rawBody: Buffer): Json {
  let event: unknown;
  try {
    event = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new WebhookRejected('paypal', 'unreadable', 'PayPal webhook rejected: the body is not JSON');
  }
  if (!event || typeof event !== 'object' || typeof (event as Json).id !== 'string' || typeof (event as Json).event_type !== 'string') {
    throw new WebhookRejected('paypal', 'unreadable', 'PayPal webhook rejected: the body is not a webhook event (no id or event_type)');
  }
  return event as Json;
}

/** A verified event, as the payments module reads it; types it does not act on keep only their id and type. */
function toProviderEvent(event: Json): ProviderEvent {
  const id = event.id as string;
  const type = event.event_type as string;
  const resource = (event.resource ?? {}) as Json;
  switch (type) {
    case 'CHECKOUT.ORDER.APPROVED': {
      const providerRef = typeof resource.id === 'string' ? resource.id : undefined;
      const attemptId = stringField(firstUnit(resource)?.custom_id);
      // Approved is not paid: the state is pending, so the payments module settles (captures) it.
      return { id, type, ...(providerRef ? { providerRef } : {}), ...(attemptId ? { attemptId } : {}), ...(providerRef ? { state: { ...amountOf(providerRef, resource), status: 'pending' } } : {}) };
    }
    case 'PAYMENT.CAPTURE.COMPLETED':
    case 'PAYMENT.CAPTURE.DENIED':
    case 'PAYMENT.CAPTURE.PENDING': {
      const providerRef = stringField(((resource.supplementary_data as Json | undefined)?.related_ids as Json | undefined)?.order_id);
      const attemptId = stringField(resource.custom_id);
      return {
        id,
        type,
        ...(providerRef ? { providerRef, state: captureState(providerRef, resource) } : {}),
        ...(attemptId ? { attemptId } : {}),
      };
    }
    case 'PAYMENT.CAPTURE.REFUNDED': {
      const links = Array.isArray(resource.links) ? (resource.links as Json[]) : [];
      const up = links.find((l) => l.rel === 'up' && typeof l.href === 'string' && /\/captures\/[^/]+$/.test(l.href));
      const paymentRef = up ? decodeURIComponent((up.href as string).split('/').pop()!) : undefined;
      const amountCents = parseAmount(((resource.amount ?? {}) as Json).value);
      const attemptId = stringField(resource.custom_id);
      return {
        id,
        type,
        ...(attemptId ? { attemptId } : {}),
        ...(typeof resource.id === 'string' && paymentRef && amountCents !== undefined
          ? { refund: { refundRef: resource.id, paymentRef, amountCents, status: refundStatus(resource.status) } }
          : {}),
      };
    }
    default:
      return { id, type };
  }
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}

/**
 * PayPal counts these limits in US-ASCII characters ("an accented character may count for more"):
 * the text is cut to `max` UTF-8 bytes, on a character boundary, ending with "..." when cut.
 */
export function truncate(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let kept = '';
  for (const char of text) {
    if (Buffer.byteLength(kept + char) > max - 3) break;
    kept += char;
  }
  return `${kept}...`;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? 'network error';
}

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';

/**
 * A local PayPal: a real HTTP server on 127.0.0.1 answering the REST calls W Services makes as
 * PayPal's published OpenAPI descriptions (test/fixtures/paypal, copied from shared/data/paypal) document them: OAuth2 client
 * credentials, Orders v2 (create, get, capture), Payments v2 (refund a capture) and Webhooks v1
 * (verify-webhook-signature). Request bodies are validated against the published schemas, and
 * every error carries PayPal's shape ({ name, message, debug_id, details: [{ field, issue,
 * description }] }) with the issue texts taken from the same descriptions.
 *
 * What the buyer does on PayPal's site is a test control (approve, deny, void, expire) or, for a
 * browser, the small page at the order's payer-action link with its « Approve » button (#approve).
 * Webhook events are signed the way PayPal signs them (SHA256withRSA over transmission id | time |
 * webhook id | CRC32 of the body) with a key only this fake holds, so verify-webhook-signature
 * answers SUCCESS only for a delivery it made itself, unaltered, for its webhook id.
 */

export interface FakePayPalOptions {
  clientId?: string;
  clientSecret?: string;
  webhookId?: string;
  /** Lifetime of the access tokens it hands out (PayPal: 32400 s, nine hours). */
  tokenLifetimeSeconds?: number;
  /** When set, PayPal-like deliveries go there as the buyer and the merchant act (approve, capture, refund). */
  webhookUrl?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The PayPal-Request-Id header, when sent. */
  requestId: string | undefined;
  body: unknown;
}

export interface SignedDelivery {
  body: Buffer;
  headers: Record<string, string>;
}

export interface FakeDelivery {
  url: string;
  event: PayPalWebhookEvent;
  status: number | 'network-error';
}

export interface PayPalWebhookEvent {
  id: string;
  event_version: string;
  create_time: string;
  resource_type: string;
  resource_version: string;
  event_type: string;
  summary: string;
  resource: Record<string, unknown>;
  links: Link[];
}

type Link = { href: string; rel: string; method: string };
type Money = { currency_code: string; value: string };

interface FakeCapture {
  id: string;
  orderId: string;
  status: 'COMPLETED' | 'DECLINED' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'PENDING';
  amount: Money;
  customId: string | undefined;
  invoiceId: string | undefined;
  sellerProtection: 'ELIGIBLE' | 'PARTIALLY_ELIGIBLE' | 'NOT_ELIGIBLE';
  refundedCents: number;
  createTime: string;
}

interface FakeRefund {
  id: string;
  captureId: string;
  amount: Money;
  status: 'COMPLETED';
  customId: string | undefined;
  createTime: string;
}

export interface FakeOrder {
  id: string;
  status: 'PAYER_ACTION_REQUIRED' | 'CREATED' | 'APPROVED' | 'VOIDED' | 'COMPLETED';
  intent: string;
  request: OrderRequest;
  returnUrl: string | undefined;
  cancelUrl: string | undefined;
  locale: string | undefined;
  /** What the buyer's approval will lead to when captured. */
  outcome: 'COMPLETED' | 'DECLINED';
  sellerProtection: FakeCapture['sellerProtection'];
  captureId: string | undefined;
  createTime: string;
  updateTime: string;
}

interface OrderRequest {
  intent: string;
  purchase_units: Array<{ reference_id?: string; custom_id?: string; invoice_id?: string; description?: string; amount: Money }>;
  payment_source?: { paypal?: { experience_context?: { locale?: string; return_url?: string; cancel_url?: string; brand_name?: string } } };
  application_context?: { locale?: string; return_url?: string; cancel_url?: string; brand_name?: string };
}

export interface FakePayPal {
  /** The API root to give the client (PAYPAL_API_BASE). */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookId: string;
  /** Every request received, in order (the token calls included). */
  readonly requests: RecordedRequest[];
  /** Deliveries made to webhookUrl or by sendWebhook, in order. */
  readonly deliveries: FakeDelivery[];
  /** Where automatic deliveries go (undefined: none). */
  webhookUrl: string | undefined;
  /** True: automatic deliveries are lost on the way (a missed webhook, for the polling to catch up). */
  dropWebhooks: boolean;
  requestsTo(method: string, pathPattern: RegExp): RecordedRequest[];
  order(id: string): FakeOrder;
  /** The buyer approves the order on PayPal's page. */
  approve(orderId: string, options?: { sellerProtection?: FakeCapture['sellerProtection'] }): void;
  /** The buyer approves, but PayPal declines the capture (risk, funding). */
  deny(orderId: string): void;
  /** PayPal voids the order (no capture possible any more). */
  voidOrder(orderId: string): void;
  /** The order lapses at PayPal: it is no longer found (404), as after PayPal's approval window. */
  expire(orderId: string): void;
  /** Every token handed out so far stops working (as when PayPal revokes or they expire). */
  revokeTokens(): void;
  /** Makes the next `count` API calls fail with a 500 INTERNAL_SERVER_ERROR (PayPal having a bad moment). */
  failNext(count?: number): void;
  orderApprovedEvent(orderId: string): PayPalWebhookEvent;
  /** PAYMENT.CAPTURE.COMPLETED, or PAYMENT.CAPTURE.DENIED for a declined capture. */
  captureEvent(orderId: string): PayPalWebhookEvent;
  refundEvent(refundId: string): PayPalWebhookEvent;
  /** The body and headers PayPal would send for this event, signed. */
  signedDelivery(event: PayPalWebhookEvent, options?: { transmissionTime?: Date }): SignedDelivery;
  /** POSTs the signed event to url, as PayPal delivers it; resolves with the receiver's status. */
  sendWebhook(url: string, event: PayPalWebhookEvent, options?: { transmissionTime?: Date }): Promise<number>;
  /** Resolves when every automatic delivery started so far has been answered. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

// A copy of ../shared/data/paypal (PayPal's published descriptions, Apache-2.0), so that a clone alone runs the tests.
const specDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/paypal');

function loadSpec(file: string): { components: Record<string, Record<string, unknown>> } {
  const specFile = path.join(specDir, file);
  try {
    return JSON.parse(readFileSync(specFile, 'utf8'));
  } catch (error) {
    throw new Error(`the fake PayPal answers from PayPal's published OpenAPI files, expected at ${specFile} (shared/ beside the repository): ${(error as Error).message}`);
  }
}

/** The published specs, compiled once per process (they are large). */
const specs = lazy(() => {
  const orders = loadSpec('checkout_orders_v2.json');
  const payments = loadSpec('payments_payment_v2.json');
  const webhooks = loadSpec('notifications_webhooks_v1.json');
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
    // A few of PayPal's patterns are not valid as unicode regular expressions.
    code: { regExp: regExpOrLegacy as never },
  });
  ajv.addSchema({ $id: 'orders', components: orders.components });
  ajv.addSchema({ $id: 'payments', components: payments.components });
  ajv.addSchema({ $id: 'webhooks', components: webhooks.components });
  const validator = (id: string): ValidateFunction => ajv.getSchema(id)!;
  return {
    ajv,
    orders,
    payments,
    orderRequest: validator('orders#/components/schemas/order_request'),
    refundRequest: validator('payments#/components/schemas/refund_request'),
    verifyRequest: validator('webhooks#/components/schemas/verify_webhook_signature'),
  };
});

/**
 * The problems `value` has against one schema of PayPal's published descriptions (empty when it
 * has the documented shape): tests check the fake's own answers with it.
 */
export function documentedShapeProblems(spec: 'orders' | 'payments' | 'webhooks', schema: string, value: unknown): string[] {
  const validate = specs().ajv.getSchema(`${spec}#/components/schemas/${schema}`);
  if (!validate) throw new Error(`no schema ${schema} in the ${spec} description`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}

function regExpOrLegacy(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch {
    return new RegExp(source);
  }
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** The issue description PayPal's spec gives for `issue` (searched in one error schema, then everywhere). */
function issueDescription(spec: { components: Record<string, Record<string, unknown>> }, schema: string, issue: string): string {
  const find = (node: unknown): string | undefined => {
    if (!node || typeof node !== 'object') return undefined;
    const record = node as Record<string, unknown>;
    if (record.title === issue) {
      const description = (record.properties as Record<string, { enum?: string[] }> | undefined)?.description?.enum?.[0];
      if (description) return description;
    }
    for (const value of Object.values(record)) {
      const found = find(value);
      if (found) return found;
    }
    return undefined;
  };
  return find(spec.components.schemas?.[schema]) ?? find(spec.components.schemas) ?? issue;
}

const errorHeads = {
  400: { name: 'INVALID_REQUEST', message: 'Request is not well-formed, syntactically incorrect, or violates schema.' },
  401: { name: 'AUTHENTICATION_FAILURE', message: 'Authentication failed due to missing authorization header, or invalid authentication credentials.' },
  404: { name: 'RESOURCE_NOT_FOUND', message: 'The specified resource does not exist.' },
  422: { name: 'UNPROCESSABLE_ENTITY', message: 'The requested action could not be performed, semantically incorrect, or failed business validation.' },
  500: { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred.' },
} as const;

interface ErrorDetail {
  field?: string;
  value?: string;
  location?: 'body' | 'path' | 'query' | 'header';
  issue: string;
  description: string;
}

class PayPalHttpError extends Error {
  constructor(
    readonly status: keyof typeof errorHeads,
    readonly details: ErrorDetail[] = [],
  ) {
    super(errorHeads[status].name);
  }
}

/** Turns the published schema's validation errors into PayPal's 400 details. */
function schemaDetails(errors: ErrorObject[], describe: (issue: string) => string): ErrorDetail[] {
  return errors.map((error) => {
    const field =
      error.keyword === 'required' ? `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}` : error.instancePath || '/';
    const issue =
      error.keyword === 'required'
        ? 'MISSING_REQUIRED_PARAMETER'
        : error.keyword === 'enum'
          ? 'INVALID_PARAMETER_VALUE'
          : error.keyword === 'minLength' || error.keyword === 'maxLength'
            ? 'INVALID_STRING_LENGTH'
            : error.keyword === 'minItems'
              ? 'INVALID_ARRAY_MIN_ITEMS'
              : error.keyword === 'maxItems'
                ? 'INVALID_ARRAY_MAX_ITEMS'
                : 'INVALID_PARAMETER_SYNTAX';
    return { field, location: 'body', issue, description: describe(issue) };
  });
}

/** PayPal's currencies without a fractional part. */
const zeroDecimalCurrencies = new Set(['HUF', 'JPY', 'TWD']);
const supportedCurrencies = new Set(['AUD', 'BRL', 'CAD', 'CNY', 'CZK', 'DKK', 'EUR', 'HKD', 'HUF', 'ILS', 'JPY', 'MYR', 'MXN', 'TWD', 'NZD', 'NOK', 'PHP', 'PLN', 'GBP', 'SGD', 'SEK', 'CHF', 'THB', 'USD']);

function toCents(value: string): number {
  const [units, fraction = ''] = value.replace(/^-/, '').split('.');
  const cents = Number(units || '0') * 100 + Number((fraction + '00').slice(0, 2));
  return value.startsWith('-') ? -cents : cents;
}

function fromCents(cents: number, currency: string): string {
  return zeroDecimalCurrencies.has(currency) ? String(Math.round(cents / 100)) : (cents / 100).toFixed(2);
}

/** Amount checks PayPal makes beyond the schema (422), for an order's amount or a refund's. */
function amountIssues(money: Money, field: string): Array<{ field: string; value: string; issue: string }> {
  if (!supportedCurrencies.has(money.currency_code)) return [{ field: `${field}/currency_code`, value: money.currency_code, issue: 'INVALID_CURRENCY_CODE' }];
  const decimals = money.value.split('.')[1]?.length ?? 0;
  if (zeroDecimalCurrencies.has(money.currency_code) && decimals > 0) return [{ field: `${field}/value`, value: money.value, issue: 'DECIMALS_NOT_SUPPORTED' }];
  if (decimals > 2) return [{ field: `${field}/value`, value: money.value, issue: 'DECIMAL_PRECISION' }];
  if (toCents(money.value) <= 0) return [{ field: `${field}/value`, value: money.value, issue: 'CANNOT_BE_ZERO_OR_NEGATIVE' }];
  return [];
}

/** PayPal's ids: 17 upper-case letters and digits. */
function paypalId(): string {
  const alphabet = 'ABCDEFGHJKLMNPRSTUVWXY0123456789';
  return Array.from(randomBytes(17), (byte) => alphabet[byte % alphabet.length]).join('');
}

function debugId(): string {
  return randomBytes(7).toString('hex').slice(0, 13);
}

function iso(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function startFakePayPal(options: FakePayPalOptions = {}): Promise<FakePayPal> {
  const clientId = options.clientId ?? 'AfakeClientId-w-services_0123456789';
  const clientSecret = options.clientSecret ?? 'EfakeClientSecret-w-services_0123456789';
  const webhookId = options.webhookId ?? '1JE4291016473214C';
  const tokenLifetime = options.tokenLifetimeSeconds ?? 32400;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const tokens = new Map<string, number>(); // token → expiry (ms)
  const orders = new Map<string, FakeOrder>();
  const captures = new Map<string, FakeCapture>();
  const refunds = new Map<string, FakeRefund>();
  /** PayPal-Request-Id → the answer first given, replayed for a retry of the same call. */
  const replays = new Map<string, { status: number; body: unknown }>();
  const requests: RecordedRequest[] = [];
  const deliveries: FakeDelivery[] = [];
  const pendingDeliveries = new Set<Promise<void>>();
  let failures = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { ...errorHeads[500], debug_id: debugId(), details: [{ issue: 'INTERNAL_SERVER_ERROR', description: String(error) }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const certUrl = `${url}/v1/notifications/certs/CERT-360caa42-fca2a594-fake`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const { pathname, searchParams } = new URL(req.url ?? '/', url);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const contentType = headers['content-type'] ?? '';
    let body: unknown = raw.length ? raw.toString('utf8') : undefined;
    let malformed = false;
    if (raw.length && contentType.includes('application/json')) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        malformed = true;
      }
    } else if (raw.length && contentType.includes('application/x-www-form-urlencoded')) {
      body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    }
    requests.push({ method: req.method ?? 'GET', path: pathname, headers, requestId: headers['paypal-request-id'], body });

    // The buyer's side (PayPal's web pages), reached by a browser, not the API.
    if (pathname === '/checkoutnow') return buyerPage(req.method, searchParams, body as Record<string, string> | undefined, res);
    if (pathname.startsWith('/v1/notifications/certs/')) return text(res, 200, publicKey.export({ type: 'spki', format: 'pem' }).toString());

    try {
      if (req.method === 'POST' && pathname === '/v1/oauth2/token') return issueToken(headers, body, res);
      authenticate(headers);
      if (failures > 0) {
        failures -= 1;
        throw new PayPalHttpError(500);
      }
      if (malformed) throw new PayPalHttpError(400, [{ issue: 'MALFORMED_REQUEST_JSON', description: issueDescription(specs().orders, '400', 'MALFORMED_REQUEST_JSON') }]);
      const requestId = headers['paypal-request-id'];
      if (requestId !== undefined && (requestId.length < 1 || requestId.length > 108) && pathname.startsWith('/v2/checkout/')) {
        throw new PayPalHttpError(400, [{ field: 'PayPal-Request-Id', location: 'header', issue: 'INVALID_STRING_LENGTH', description: issueDescription(specs().orders, '400', 'INVALID_STRING_LENGTH') }]);
      }
      const replayKey = requestId ? `${req.method} ${pathname} ${requestId}` : undefined;
      const replay = replayKey ? replays.get(replayKey) : undefined;
      // A retried call with the same PayPal-Request-Id gets the first answer again and does nothing twice.
      if (replay) return json(res, replay.status === 201 ? 200 : replay.status, replay.body);
      const answer = route(req.method ?? 'GET', pathname, body, headers, raw);
      if (!answer) throw new PayPalHttpError(404, [{ issue: 'INVALID_RESOURCE_ID', description: issueDescription(specs().orders, '404', 'INVALID_RESOURCE_ID') }]);
      if (replayKey && answer.status < 300) replays.set(replayKey, answer);
      json(res, answer.status, answer.body);
    } catch (error) {
      if (!(error instanceof PayPalHttpError)) throw error;
      json(res, error.status, { ...errorHeads[error.status], debug_id: debugId(), details: error.details, links: errorLinks(error) });
    }
  }

  function errorLinks(error: PayPalHttpError): Link[] {
    const issue = error.details[0]?.issue;
    return issue ? [{ href: `https://developer.paypal.com/api/rest/reference/orders/v2/errors/#${issue}`, rel: 'information_link', method: 'GET' }] : [];
  }

  function issueToken(headers: Record<string, string>, body: unknown, res: ServerResponse): void {
    const [scheme, encoded] = (headers.authorization ?? '').split(' ');
    const [id, ...rest] = Buffer.from(encoded ?? '', 'base64').toString('utf8').split(':');
    if (scheme !== 'Basic' || id !== clientId || rest.join(':') !== clientSecret) {
      return json(res, 401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
    }
    const grant = (body as Record<string, string> | undefined)?.grant_type;
    if (grant !== 'client_credentials') {
      return json(res, 400, { error: 'unsupported_grant_type', error_description: grant ? 'Grant Type is not supported' : 'Grant Type is NULL' });
    }
    const token = `A21AA${randomBytes(40).toString('base64url')}`;
    tokens.set(token, Date.now() + tokenLifetime * 1000);
    json(res, 200, {
      scope: 'https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund https://uri.paypal.com/services/applications/webhooks',
      access_token: token,
      token_type: 'Bearer',
      app_id: 'APP-80W284485P519543T',
      expires_in: tokenLifetime,
      nonce: `${iso()}${randomBytes(16).toString('base64url')}`,
    });
  }

  function authenticate(headers: Record<string, string>): void {
    const match = /^Bearer (\S+)$/.exec(headers.authorization ?? '');
    const expiry = match ? tokens.get(match[1]!) : undefined;
    if (!expiry || expiry < Date.now()) {
      throw new PayPalHttpError(401, [{ issue: 'invalid_token', description: 'Token signature verification failed' }]);
    }
  }

  function route(method: string, pathname: string, body: unknown, headers: Record<string, string>, raw: Buffer): { status: number; body: unknown } | undefined {
    let match: RegExpExecArray | null;
    if (method === 'POST' && pathname === '/v2/checkout/orders') return createOrder(body, headers);
    if (method === 'GET' && (match = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(pathname))) return { status: 200, body: orderView(findOrder(match[1]!)) };
    if (method === 'POST' && (match = /^\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(pathname))) return captureOrder(findOrder(match[1]!));
    if (method === 'GET' && (match = /^\/v2\/payments\/captures\/([^/]+)$/.exec(pathname))) return { status: 200, body: captureView(findCapture(match[1]!)) };
    if (method === 'POST' && (match = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(pathname))) return refundCapture(findCapture(match[1]!), body);
    if (method === 'GET' && (match = /^\/v2\/payments\/refunds\/([^/]+)$/.exec(pathname))) {
      const refund = refunds.get(match[1]!);
      return refund ? { status: 200, body: refundView(refund) } : undefined;
    }
    if (method === 'POST' && pathname === '/v1/notifications/verify-webhook-signature') return verifySignature(body, raw);
    return undefined;
  }

  function notFound(): PayPalHttpError {
    return new PayPalHttpError(404, [{ issue: 'INVALID_RESOURCE_ID', description: issueDescription(specs().orders, '404', 'INVALID_RESOURCE_ID') }]);
  }

  function findOrder(id: string): FakeOrder {
    const order = orders.get(id);
    if (!order) throw notFound();
    return order;
  }

  function findCapture(id: string): FakeCapture {
    const capture = captures.get(id);
    if (!capture) throw notFound();
    return capture;
  }

  function createOrder(body: unknown, headers: Record<string, string>): { status: number; body: unknown } {
    const { orders: spec, orderRequest } = specs();
    if (!orderRequest(body)) throw new PayPalHttpError(400, schemaDetails(orderRequest.errors ?? [], (issue) => issueDescription(spec, '400', issue)));
    const request = body as OrderRequest;
    const issues = request.purchase_units.flatMap((unit, index) => amountIssues(unit.amount, `/purchase_units/${index}/amount`));
    if (issues.length) throw new PayPalHttpError(422, issues.map((i) => ({ ...i, location: 'body', description: issueDescription(spec, '422', i.issue) })));
    const context = request.payment_source?.paypal?.experience_context ?? request.application_context;
    const now = iso();
    const order: FakeOrder = {
      id: paypalId(),
      // With a PayPal payment source the buyer must act; with the older application_context the order is CREATED.
      status: request.payment_source?.paypal ? 'PAYER_ACTION_REQUIRED' : 'CREATED',
      intent: request.intent,
      request,
      returnUrl: context?.return_url,
      cancelUrl: context?.cancel_url,
      locale: context?.locale,
      outcome: 'COMPLETED',
      sellerProtection: 'ELIGIBLE',
      captureId: undefined,
      createTime: now,
      updateTime: now,
    };
    orders.set(order.id, order);
    const full = /return=representation/.test(headers.prefer ?? '');
    return { status: 201, body: full ? orderView(order) : { id: order.id, status: order.status, ...(order.status === 'PAYER_ACTION_REQUIRED' ? { payment_source: { paypal: {} } } : {}), links: orderLinks(order) } };
  }

  function captureOrder(order: FakeOrder): { status: number; body: unknown } {
    const spec = specs().orders;
    if (order.status === 'COMPLETED') {
      throw new PayPalHttpError(422, [{ issue: 'ORDER_ALREADY_CAPTURED', description: issueDescription(spec, 'orders.capture-422', 'ORDER_ALREADY_CAPTURED') }]);
    }
    if (order.status !== 'APPROVED') {
      throw new PayPalHttpError(422, [{ issue: 'ORDER_NOT_APPROVED', description: issueDescription(spec, 'orders.capture-422', 'ORDER_NOT_APPROVED') }]);
    }
    const unit = order.request.purchase_units[0]!;
    const capture: FakeCapture = {
      id: paypalId(),
      orderId: order.id,
      status: order.outcome,
      amount: unit.amount,
      customId: unit.custom_id,
      invoiceId: unit.invoice_id,
      sellerProtection: order.outcome === 'DECLINED' ? 'NOT_ELIGIBLE' : order.sellerProtection,
      refundedCents: 0,
      createTime: iso(),
    };
    captures.set(capture.id, capture);
    order.captureId = capture.id;
    order.status = 'COMPLETED';
    order.updateTime = capture.createTime;
    deliver(() => captureEvent(order.id));
    return { status: 201, body: orderView(order) };
  }

  function refundCapture(capture: FakeCapture, body: unknown): { status: number; body: unknown } {
    const { payments: spec, refundRequest } = specs();
    const request = (body ?? {}) as { amount?: Money; custom_id?: string; note_to_payer?: string; invoice_id?: string };
    if (!refundRequest(request)) throw new PayPalHttpError(400, schemaDetails(refundRequest.errors ?? [], (issue) => issueDescription(spec, 'captures.refund-400', issue)));
    const remaining = toCents(capture.amount.value) - capture.refundedCents;
    const problem = (issue: string, field?: string): PayPalHttpError =>
      new PayPalHttpError(422, [{ ...(field ? { field, location: 'body' as const } : {}), issue, description: issueDescription(spec, 'captures.refund-422', issue) }]);
    if (capture.status === 'DECLINED' || capture.status === 'PENDING') throw problem('REFUND_NOT_ALLOWED');
    if (remaining <= 0) throw problem('CAPTURE_FULLY_REFUNDED');
    const amount = request.amount ?? { currency_code: capture.amount.currency_code, value: fromCents(remaining, capture.amount.currency_code) };
    const issue = amountIssues(amount, '/amount')[0];
    if (issue) throw problem(issue.issue, issue.field);
    if (amount.currency_code !== capture.amount.currency_code) throw problem('REFUND_CAPTURE_CURRENCY_MISMATCH', '/amount/currency_code');
    if (toCents(amount.value) > remaining) throw problem('REFUND_AMOUNT_EXCEEDED', '/amount/value');
    const refund: FakeRefund = { id: paypalId(), captureId: capture.id, amount, status: 'COMPLETED', customId: request.custom_id, createTime: iso() };
    refunds.set(refund.id, refund);
    capture.refundedCents += toCents(amount.value);
    capture.status = capture.refundedCents >= toCents(capture.amount.value) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    deliver(() => refundEvent(refund.id));
    return { status: 201, body: { id: refund.id, status: refund.status, links: refundLinks(refund) } };
  }

  function verifySignature(body: unknown, raw: Buffer): { status: number; body: unknown } {
    const { verifyRequest } = specs();
    if (!verifyRequest(body)) throw new PayPalHttpError(400, schemaDetails(verifyRequest.errors ?? [], (issue) => issue.toLowerCase().replace(/_/g, ' ')));
    const request = body as { auth_algo: string; cert_url: string; transmission_id: string; transmission_sig: string; transmission_time: string; webhook_id: string; webhook_event: unknown };
    const verified =
      request.auth_algo === 'SHA256withRSA' &&
      request.cert_url === certUrl &&
      request.webhook_id === webhookId &&
      verify(
        'sha256',
        // The CRC covers the event's bytes as delivered: a client that re-serialises it (other spacing, key order) fails.
        Buffer.from(signedText(request.transmission_id, request.transmission_time, request.webhook_id, topLevelValueBytes(raw, 'webhook_event') ?? Buffer.alloc(0))),
        publicKey,
        Buffer.from(request.transmission_sig, 'base64'),
      );
    return { status: 200, body: { verification_status: verified ? 'SUCCESS' : 'FAILURE' } };
  }

  function signedText(transmissionId: string, time: string, hookId: string, body: Buffer): string {
    return `${transmissionId}|${time}|${hookId}|${crc32(body)}`;
  }

  function orderLinks(order: FakeOrder): Link[] {
    const self = `${url}/v2/checkout/orders/${order.id}`;
    const links: Link[] = [{ href: self, rel: 'self', method: 'GET' }];
    if (order.status === 'PAYER_ACTION_REQUIRED') links.push({ href: `${url}/checkoutnow?token=${order.id}`, rel: 'payer-action', method: 'GET' });
    if (order.status === 'CREATED') {
      links.push({ href: `${url}/checkoutnow?token=${order.id}`, rel: 'approve', method: 'GET' });
      links.push({ href: self, rel: 'update', method: 'PATCH' });
    }
    if (order.status === 'CREATED' || order.status === 'APPROVED') links.push({ href: `${self}/capture`, rel: 'capture', method: 'POST' });
    return links;
  }

  function captureLinks(capture: FakeCapture): Link[] {
    return [
      { href: `${url}/v2/payments/captures/${capture.id}`, rel: 'self', method: 'GET' },
      { href: `${url}/v2/payments/captures/${capture.id}/refund`, rel: 'refund', method: 'POST' },
      { href: `${url}/v2/checkout/orders/${capture.orderId}`, rel: 'up', method: 'GET' },
    ];
  }

  function refundLinks(refund: FakeRefund): Link[] {
    return [
      { href: `${url}/v2/payments/refunds/${refund.id}`, rel: 'self', method: 'GET' },
      { href: `${url}/v2/payments/captures/${refund.captureId}`, rel: 'up', method: 'GET' },
    ];
  }

  function payer(order: FakeOrder): Record<string, unknown> | undefined {
    // PayPal reveals the buyer once they approved: the client must keep none of it.
    if (order.status === 'PAYER_ACTION_REQUIRED' || order.status === 'CREATED') return undefined;
    return { email_address: 'buyer@example.com', account_id: 'QYR5Z8XDVJNXQ', account_status: 'VERIFIED', name: { given_name: 'Camille', surname: 'Martin' }, address: { country_code: 'FR' } };
  }

  function captureView(capture: FakeCapture): Record<string, unknown> {
    const fee = Math.round(toCents(capture.amount.value) * 0.029) + 35;
    return {
      id: capture.id,
      status: capture.status,
      ...(capture.status === 'DECLINED' ? { status_details: { reason: 'RISK' } } : {}),
      amount: capture.amount,
      final_capture: true,
      seller_protection: { status: capture.sellerProtection, dispute_categories: capture.sellerProtection === 'NOT_ELIGIBLE' ? [] : ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
      seller_receivable_breakdown: {
        gross_amount: capture.amount,
        paypal_fee: { currency_code: capture.amount.currency_code, value: fromCents(fee, capture.amount.currency_code) },
        net_amount: { currency_code: capture.amount.currency_code, value: fromCents(toCents(capture.amount.value) - fee, capture.amount.currency_code) },
      },
      ...(capture.customId ? { custom_id: capture.customId } : {}),
      ...(capture.invoiceId ? { invoice_id: capture.invoiceId } : {}),
      supplementary_data: { related_ids: { order_id: capture.orderId } },
      links: captureLinks(capture),
      create_time: capture.createTime,
      update_time: capture.createTime,
    };
  }

  function refundView(refund: FakeRefund): Record<string, unknown> {
    return {
      id: refund.id,
      amount: refund.amount,
      status: refund.status,
      ...(refund.customId ? { custom_id: refund.customId } : {}),
      seller_payable_breakdown: { gross_amount: refund.amount, net_amount: refund.amount, total_refunded_amount: refund.amount },
      links: refundLinks(refund),
      create_time: refund.createTime,
      update_time: refund.createTime,
    };
  }

  function orderView(order: FakeOrder): Record<string, unknown> {
    const buyer = payer(order);
    const capture = order.captureId ? captures.get(order.captureId) : undefined;
    return {
      id: order.id,
      intent: order.intent,
      status: order.status,
      ...(order.request.payment_source?.paypal ? { payment_source: { paypal: buyer ?? {} } } : {}),
      purchase_units: order.request.purchase_units.map((unit, index) => ({
        reference_id: unit.reference_id ?? 'default',
        amount: unit.amount,
        payee: { email_address: 'merchant@example.com', merchant_id: 'C7CYMKZDG8D6E' },
        ...(unit.description ? { description: unit.description } : {}),
        ...(unit.custom_id ? { custom_id: unit.custom_id } : {}),
        ...(unit.invoice_id ? { invoice_id: unit.invoice_id } : {}),
        ...(index === 0 && capture ? { payments: { captures: [captureView(capture)] } } : {}),
      })),
      ...(buyer ? { payer: { name: buyer.name, email_address: buyer.email_address, payer_id: buyer.account_id, address: buyer.address } } : {}),
      create_time: order.createTime,
      update_time: order.updateTime,
      links: orderLinks(order),
    };
  }

  function event(type: string, resourceType: string, summary: string, resource: Record<string, unknown>): PayPalWebhookEvent {
    const id = `WH-${paypalId()}-${paypalId()}`;
    return {
      id,
      event_version: '1.0',
      create_time: new Date().toISOString(),
      resource_type: resourceType,
      resource_version: '2.0',
      event_type: type,
      summary,
      resource,
      links: [
        { href: `${url}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' },
        { href: `${url}/v1/notifications/webhooks-events/${id}/resend`, rel: 'resend', method: 'POST' },
      ],
    };
  }

  function orderApprovedEvent(orderId: string): PayPalWebhookEvent {
    return event('CHECKOUT.ORDER.APPROVED', 'checkout-order', 'An order has been approved by buyer', orderView(findOrder(orderId)));
  }

  function captureEvent(orderId: string): PayPalWebhookEvent {
    const order = findOrder(orderId);
    if (!order.captureId) throw new Error(`order ${orderId} has no capture yet`);
    const capture = findCapture(order.captureId);
    const amount = `${capture.amount.value} ${capture.amount.currency_code}`;
    return capture.status === 'DECLINED'
      ? event('PAYMENT.CAPTURE.DENIED', 'capture', `Payment denied for ${amount}`, captureView(capture))
      : event('PAYMENT.CAPTURE.COMPLETED', 'capture', `Payment completed for ${amount}`, captureView(capture));
  }

  function refundEvent(refundId: string): PayPalWebhookEvent {
    const refund = refunds.get(refundId);
    if (!refund) throw new Error(`no refund ${refundId}`);
    return event('PAYMENT.CAPTURE.REFUNDED', 'refund', `A ${refund.amount.value} ${refund.amount.currency_code} capture payment was refunded`, refundView(refund));
  }

  function signedDelivery(ev: PayPalWebhookEvent, deliveryOptions: { transmissionTime?: Date } = {}): SignedDelivery {
    const body = Buffer.from(JSON.stringify(ev));
    const transmissionId = randomUUID();
    const time = (deliveryOptions.transmissionTime ?? new Date()).toISOString();
    const signature = sign('sha256', Buffer.from(signedText(transmissionId, time, webhookId, body)), privateKey as KeyObject).toString('base64');
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'PayPal/AUHD-214.0-58256044',
        'paypal-auth-algo': 'SHA256withRSA',
        'paypal-auth-version': 'v2',
        'paypal-cert-url': certUrl,
        'paypal-transmission-id': transmissionId,
        'paypal-transmission-sig': signature,
        'paypal-transmission-time': time,
        'correlation-id': createHash('sha1').update(transmissionId).digest('hex').slice(0, 13),
      },
    };
  }

  async function sendWebhook(target: string, ev: PayPalWebhookEvent, deliveryOptions?: { transmissionTime?: Date }): Promise<number> {
    const delivery = signedDelivery(ev, deliveryOptions);
    let status: number | 'network-error';
    try {
      const response = await fetch(target, { method: 'POST', headers: delivery.headers, body: new Uint8Array(delivery.body) });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 'network-error';
    }
    deliveries.push({ url: target, event: ev, status });
    return typeof status === 'number' ? status : 0;
  }

  /** An automatic delivery, as PayPal sends one after the fact (never inside the API call's answer). */
  function deliver(makeEvent: () => PayPalWebhookEvent): void {
    const target = fake.webhookUrl;
    if (!target || fake.dropWebhooks) return;
    const ev = makeEvent();
    const pending = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => sendWebhook(target, ev))
      .then(() => undefined)
      .finally(() => pendingDeliveries.delete(pending));
    pendingDeliveries.add(pending);
  }

  function buyerPage(method: string | undefined, query: URLSearchParams, form: Record<string, string> | undefined, res: ServerResponse): void {
    const token = (method === 'POST' ? form?.token : query.get('token')) ?? '';
    const order = orders.get(token);
    if (!order) return html(res, 404, page('en', 'PayPal', '<p>This order does not exist or has expired.</p>'));
    const french = (order.locale ?? '').startsWith('fr');
    if (method === 'POST') {
      if (form?.action === 'cancel') return redirect(res, withQuery(order.cancelUrl, { token: order.id }));
      if (order.status === 'PAYER_ACTION_REQUIRED' || order.status === 'CREATED') approveOrder(order);
      return redirect(res, withQuery(order.returnUrl, { token: order.id, PayerID: 'QYR5Z8XDVJNXQ' }));
    }
    const unit = order.request.purchase_units[0]!;
    const amount = `${unit.amount.value} ${unit.amount.currency_code}`;
    const label = french ? { title: 'Payer avec PayPal', approve: 'Approuver', cancel: 'Annuler et revenir', pay: `Montant : ${amount}` } : { title: 'Pay with PayPal', approve: 'Approve', cancel: 'Cancel and return', pay: `Amount: ${amount}` };
    const content = `<h1>${label.title}</h1>
<p>${escapeHtml(unit.description ?? '')}</p>
<p>${escapeHtml(label.pay)}</p>
<form method="post" action="/checkoutnow">
<input type="hidden" name="token" value="${order.id}">
<button type="submit" name="action" value="approve" id="approve">${label.approve}</button>
<button type="submit" name="action" value="cancel" id="cancel">${label.cancel}</button>
</form>`;
    html(res, 200, page(french ? 'fr' : 'en', label.title, content));
  }

  function approveOrder(order: FakeOrder, approveOptions: { sellerProtection?: FakeCapture['sellerProtection'] } = {}): void {
    if (order.status !== 'PAYER_ACTION_REQUIRED' && order.status !== 'CREATED') throw new Error(`order ${order.id} is ${order.status}, it cannot be approved`);
    order.status = 'APPROVED';
    order.sellerProtection = approveOptions.sellerProtection ?? order.sellerProtection;
    order.updateTime = iso();
    deliver(() => orderApprovedEvent(order.id));
  }

  const fake: FakePayPal = {
    url,
    clientId,
    clientSecret,
    webhookId,
    requests,
    deliveries,
    webhookUrl: options.webhookUrl,
    dropWebhooks: false,
    requestsTo: (method, pattern) => requests.filter((r) => r.method === method && pattern.test(r.path)),
    order: findOrderForTest,
    approve: (orderId, approveOptions) => approveOrder(findOrderForTest(orderId), approveOptions),
    deny(orderId) {
      const order = findOrderForTest(orderId);
      order.outcome = 'DECLINED';
      if (order.status === 'PAYER_ACTION_REQUIRED' || order.status === 'CREATED') approveOrder(order);
    },
    voidOrder(orderId) {
      const order = findOrderForTest(orderId);
      order.status = 'VOIDED';
      order.updateTime = iso();
    },
    expire(orderId) {
      orders.delete(orderId);
    },
    revokeTokens: () => tokens.clear(),
    failNext(count = 1) {
      failures = count;
    },
    orderApprovedEvent,
    captureEvent,
    refundEvent,
    signedDelivery,
    sendWebhook,
    async settled() {
      while (pendingDeliveries.size) await Promise.all([...pendingDeliveries]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };

  function findOrderForTest(id: string): FakeOrder {
    const order = orders.get(id);
    if (!order) throw new Error(`the fake PayPal has no order ${id}`);
    return order;
  }

  return fake;
}

/** The exact bytes of a top-level member's value in a JSON object (the raw webhook_event of a verify request). */
function topLevelValueBytes(raw: Buffer, key: string): Buffer | undefined {
  const text = raw.toString('utf8');
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (depth === 1 && JSON.parse(text.slice(i, end + 1)) === key && /^\s*:/.test(text.slice(end + 1))) {
        const start = text.indexOf(':', end) + 1 + (/^\s*/.exec(text.slice(text.indexOf(':', end) + 1))?.[0].length ?? 0);
        return Buffer.from(text.slice(start, valueEnd(text, start)));
      }
      i = end;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return undefined;
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

function valueEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i);
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return i;
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === ',' && depth === 0) return i;
  }
  return text.length;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'paypal-debug-id': debugId() });
  res.end(JSON.stringify(body));
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

function redirect(res: ServerResponse, location: string | undefined): void {
  if (!location) return html(res, 400, page('en', 'PayPal', '<p>The merchant gave no return address.</p>'));
  res.writeHead(303, { location });
  res.end();
}

function withQuery(base: string | undefined, params: Record<string, string>): string | undefined {
  if (!base) return undefined;
  const target = new URL(base);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.toString();
}

function page(lang: string, title: string, content: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body><main>
${content}
</main></body>
</html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

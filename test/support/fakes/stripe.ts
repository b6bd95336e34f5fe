import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Stripe: real HTTP on 127.0.0.1, answering the endpoints the Stripe provider uses with
 * objects built from Stripe's published fixtures (test/fixtures/stripe), ids, amounts and
 * statuses overridden. It checks what Stripe checks (the Bearer secret key: 401; the
 * Idempotency-Key: the same key with the same parameters gives the same object, with other
 * parameters a 400 idempotency_error), serves a hosted "checkout page" with a Pay button, and
 * sends signed webhooks (Stripe-Signature: t=…,v1=HMAC-SHA256("t.body")) to the app.
 */

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/stripe/fixtures3.json', import.meta.url), 'utf8')).resources as Record<string, Record<string, unknown>>;
const clone = <T>(value: T): T => structuredClone(value);
const randomId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

type Obj = Record<string, any>;

export interface StripeRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  /** The form-encoded parameters, flat (e.g. "line_items[0][price_data][unit_amount]"). */
  params: Record<string, string>;
  status: number;
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  status: number;
}

export interface FakeStripe {
  /** What to give STRIPE_API_BASE. */
  url: string;
  secretKey: string;
  webhookSecret: string;
  /** Where webhooks go (the app's /webhooks/stripe); set once the app listens. */
  webhookUrl: string | undefined;
  /** While true, events are created but not delivered (a missed webhook). */
  dropWebhooks: boolean;
  requests: StripeRequest[];
  deliveries: WebhookDelivery[];
  sessions: Map<string, Obj>;
  events: Obj[];
  session(id: string): Obj;
  /** The customer pays (risk level as Radar would say); the checkout.session.completed event is sent unless dropped. */
  complete(sessionId: string, options?: { riskLevel?: string }): Promise<Obj>;
  /** The session expires (Stripe's own timer, or our expire call); checkout.session.expired is sent unless dropped. */
  expire(sessionId: string): Promise<Obj>;
  /**
   * The customer pays with a delayed method (SEPA debit): checkout.session.completed with
   * payment_status unpaid, the PaymentIntent processing; then succeedDelayed or fail.
   */
  completeDelayed(sessionId: string): Promise<Obj>;
  /** The delayed payment succeeds: checkout.session.async_payment_succeeded, the session paid. */
  succeedDelayed(sessionId: string): Promise<Obj>;
  /** The delayed payment fails (from an open session, it is first completed unpaid, silently): checkout.session.async_payment_failed, the PaymentIntent back to requires_payment_method. */
  fail(sessionId: string): Promise<Obj>;
  /** Refunds made, by id. */
  refunds: Map<string, Obj>;
  /** The statuses the next refunds are created with, in order ('succeeded' once the list is empty): 'pending', 'failed'. */
  refundOutcomes: string[];
  /** A pending refund finishes (Stripe's own time): refund.updated is sent, and charge.refunded when it succeeded. */
  settleRefund(refundId: string, status?: 'succeeded' | 'failed'): Promise<Obj>;
  /** Sends an event again, or with another timestamp or secret (stale or forged deliveries). */
  deliver(event: Obj, options?: { timestamp?: number; secret?: string; signature?: string }): Promise<number>;
  /** The signature header Stripe would send for a body. */
  sign(body: string, options?: { timestamp?: number; secret?: string }): string;
  close(): Promise<void>;
}

export async function startFakeStripe(options: { secretKey?: string; webhookSecret?: string } = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(16).toString('hex')}`;
  const sessions = new Map<string, Obj>();
  const intents = new Map<string, Obj>();
  const charges = new Map<string, Obj>();
  const idempotent = new Map<string, { fingerprint: string; status: number; body: Obj }>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: { type: 'api_error', message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeStripe = {
    url,
    secretKey,
    webhookSecret,
    webhookUrl: undefined,
    dropWebhooks: false,
    requests: [],
    deliveries: [],
    sessions,
    events: [],
    refunds: new Map(),
    refundOutcomes: [],
    async settleRefund(refundId, status = 'succeeded') {
      const refund = fake.refunds.get(refundId);
      if (!refund) throw new Error(`no refund ${refundId}`);
      refund.status = status;
      if (status === 'failed') {
        refund.failure_reason = 'expired_or_canceled_card';
        const intent = intents.get(refund.payment_intent);
        if (intent) intent.amount_refunded -= refund.amount;
      }
      await emit('refund.updated', refund);
      if (status === 'succeeded') await emit('charge.refunded', chargeWithRefunds(refund));
      return refund;
    },
    session(id) {
      const found = sessions.get(id);
      if (!found) throw new Error(`no session ${id}`);
      return found;
    },
    async complete(sessionId, opts = {}) {
      const session = fake.session(sessionId);
      if (session.status !== 'open') throw new Error(`session ${sessionId} is ${session.status}`);
      paymentOf(session, 'succeeded', opts.riskLevel);
      Object.assign(session, { status: 'complete', payment_status: 'paid' });
      await emit('checkout.session.completed', session);
      return session;
    },
    async completeDelayed(sessionId) {
      const session = fake.session(sessionId);
      if (session.status !== 'open') throw new Error(`session ${sessionId} is ${session.status}`);
      // Stripe's documented shape for a delayed method (SEPA debit…): the session complete, unpaid, its PaymentIntent processing.
      paymentOf(session, 'processing');
      Object.assign(session, { status: 'complete', payment_status: 'unpaid' });
      await emit('checkout.session.completed', session);
      return session;
    },
    async succeedDelayed(sessionId) {
      const session = fake.session(sessionId);
      const intent = intents.get(String(session.payment_intent));
      if (session.status !== 'complete' || intent?.status !== 'processing') throw new Error(`session ${sessionId} has no payment processing`);
      Object.assign(intent, { status: 'succeeded', amount_received: intent.amount });
      Object.assign(charges.get(intent.latest_charge)!, { status: 'succeeded', paid: true, captured: true, amount_captured: intent.amount });
      session.payment_status = 'paid';
      await emit('checkout.session.async_payment_succeeded', session);
      return session;
    },
    async expire(sessionId) {
      const session = fake.session(sessionId);
      Object.assign(session, { status: 'expired', url: null });
      await emit('checkout.session.expired', session);
      return session;
    },
    async fail(sessionId) {
      const session = fake.session(sessionId);
      if (session.status === 'open') {
        paymentOf(session, 'processing');
        Object.assign(session, { status: 'complete', payment_status: 'unpaid' });
      }
      const intent = intents.get(String(session.payment_intent));
      if (intent?.status !== 'processing') throw new Error(`session ${sessionId} has no payment processing`);
      // A failed delayed payment: the PaymentIntent goes back to requires_payment_method with the bank's refusal; the session stays complete and unpaid.
      Object.assign(intent, { status: 'requires_payment_method', last_payment_error: { code: 'payment_intent_payment_attempt_failed', type: 'invalid_request_error', message: 'The payment failed.' } });
      Object.assign(charges.get(intent.latest_charge)!, { status: 'failed', paid: false, failure_code: 'insufficient_funds', failure_message: 'The account has insufficient funds to cover this payment.' });
      await emit('checkout.session.async_payment_failed', session);
      return session;
    },
    async deliver(event, opts = {}) {
      const body = JSON.stringify(event, null, 2);
      const signature = opts.signature ?? fake.sign(body, opts);
      if (!fake.webhookUrl) throw new Error('the fake Stripe has no webhookUrl');
      const response = await fetch(fake.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' }, body });
      await response.arrayBuffer();
      fake.deliveries.push({ eventId: String(event.id), type: String(event.type), status: response.status });
      return response.status;
    },
    sign(body, opts = {}) {
      const t = opts.timestamp ?? nowSeconds();
      const v1 = createHmac('sha256', opts.secret ?? webhookSecret).update(`${t}.${body}`, 'utf8').digest('hex');
      return `t=${t},v1=${v1}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  /** The session's PaymentIntent and charge (Stripe's fixtures), succeeded or processing. */
  function paymentOf(session: Obj, status: 'succeeded' | 'processing', riskLevel?: string): void {
    const charge = clone(fixtures.charge!) as Obj;
    const intent = clone(fixtures.payment_intent!) as Obj;
    const paid = status === 'succeeded';
    Object.assign(charge, {
      id: randomId('ch'),
      amount: session.amount_total,
      amount_captured: paid ? session.amount_total : 0,
      currency: session.currency,
      captured: paid,
      paid,
      status: paid ? 'succeeded' : 'pending',
      payment_intent: null,
      outcome: { ...charge.outcome, network_status: 'approved_by_network', risk_level: riskLevel ?? 'normal', risk_score: 12, type: 'authorized', seller_message: 'Payment complete.' },
      created: nowSeconds(),
    });
    Object.assign(intent, {
      id: randomId('pi'),
      amount: session.amount_total,
      amount_received: paid ? session.amount_total : 0,
      currency: session.currency,
      status,
      latest_charge: charge.id,
      last_payment_error: null,
      canceled_at: null,
      metadata: session.metadata,
      created: nowSeconds(),
    });
    charge.payment_intent = intent.id;
    charges.set(charge.id, charge);
    intents.set(intent.id, intent);
    session.payment_intent = intent.id;
  }

  async function emit(type: string, object: Obj): Promise<void> {
    const event = clone(fixtures.event!) as Obj;
    Object.assign(event, { id: randomId('evt'), type, created: nowSeconds(), api_version: '2025-01-01', livemode: false, data: { object: clone(object) }, request: { id: null, idempotency_key: null }, pending_webhooks: 1 });
    fake.events.push(event);
    if (!fake.dropWebhooks && fake.webhookUrl) await fake.deliver(event);
  }

  /** The charge a refund gives back, as charge.refunded carries it (its refunds listed, the latest first). */
  function chargeWithRefunds(refund: Obj): Obj {
    const charge = clone(charges.get(refund.charge) ?? {}) as Obj;
    const list = [...fake.refunds.values()].filter((r) => r.charge === refund.charge && r.status === 'succeeded').reverse();
    const refunded = list.reduce((sum, r) => sum + Number(r.amount), 0);
    return Object.assign(charge, { amount_refunded: refunded, refunded: refunded >= Number(charge.amount), refunds: { object: 'list', data: [refund, ...list.filter((r) => r.id !== refund.id)], has_more: false, url: `/v1/charges/${charge.id}/refunds` } });
  }

  function send(res: ServerResponse, status: number, body: Obj, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': randomId('req'), ...headers });
    res.end(JSON.stringify(body));
  }

  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  const missing = (kind: string, id: string) => ({ error: { code: 'resource_missing', doc_url: 'https://stripe.com/docs/error-codes/resource-missing', message: `No such ${kind}: '${id}'`, param: 'id', type: 'invalid_request_error' } });
  const invalid = (param: string, message: string) => ({ error: { message, param, type: 'invalid_request_error' } });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsedUrl = new URL(req.url ?? '/', url);
    const path = parsedUrl.pathname;
    const raw = await readBody(req);

    // The hosted checkout page (what the customer's browser sees), and its Pay button.
    const page = /^\/pay\/([\w]+)$/.exec(path);
    if (page) return checkoutPage(req, res, page[1]!);

    const params = Object.fromEntries(new URLSearchParams(req.method === 'GET' ? parsedUrl.search : raw));
    const idempotencyKey = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const log: StripeRequest = { method: req.method ?? 'GET', path, idempotencyKey, params, status: 0 };
    fake.requests.push(log);
    const reply = (status: number, body: Obj, headers: Record<string, string> = {}) => {
      log.status = status;
      send(res, status, body, headers);
    };

    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      const given = /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      return reply(401, { error: { message: `Invalid API Key provided: ${given.slice(0, 8)}${'*'.repeat(Math.max(0, given.length - 12))}${given.slice(-4)}`, type: 'invalid_request_error' } });
    }

    if (req.method === 'POST' && idempotencyKey) {
      const fingerprint = `${path}\n${raw}`;
      const seen = idempotent.get(idempotencyKey);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          return reply(400, {
            error: {
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
              type: 'idempotency_error',
            },
          });
        }
        return reply(seen.status, seen.body, { 'idempotent-replayed': 'true' });
      }
      const { status, body } = route(req.method, path, params);
      idempotent.set(idempotencyKey, { fingerprint, status, body });
      return reply(status, body, { 'idempotency-key': idempotencyKey });
    }
    const { status, body } = route(req.method ?? 'GET', path, params);
    return reply(status, body);
  }

  function route(method: string | undefined, path: string, params: Record<string, string>): { status: number; body: Obj } {
    if (method === 'POST' && path === '/v1/checkout/sessions') return createSession(params);
    let match = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(path);
    if (method === 'GET' && match) {
      const session = sessions.get(match[1]!);
      return session ? { status: 200, body: session } : { status: 404, body: missing('checkout.session', match[1]!) };
    }
    match = /^\/v1\/checkout\/sessions\/([\w]+)\/expire$/.exec(path);
    if (method === 'POST' && match) {
      const session = sessions.get(match[1]!);
      if (!session) return { status: 404, body: missing('checkout.session', match[1]!) };
      if (session.status !== 'open') return { status: 400, body: invalid('session', `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`) };
      void fake.expire(session.id);
      return { status: 200, body: session };
    }
    match = /^\/v1\/payment_intents\/([\w]+)$/.exec(path);
    if (method === 'GET' && match) {
      const intent = intents.get(match[1]!);
      if (!intent) return { status: 404, body: missing('payment_intent', match[1]!) };
      const expanded = Object.entries(params).some(([k, v]) => k.startsWith('expand') && v === 'latest_charge');
      return { status: 200, body: expanded ? { ...intent, latest_charge: charges.get(intent.latest_charge) ?? null } : intent };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = intents.get(params.payment_intent ?? '');
      if (!intent) return { status: 404, body: missing('payment_intent', params.payment_intent ?? '') };
      const amount = params.amount ? Number(params.amount) : intent.amount_received;
      if (!(amount > 0) || amount > intent.amount_received) return { status: 400, body: invalid('amount', `Refund amount (${amount}) is greater than charge amount (${intent.amount_received})`) };
      const refunded = intent.amount_refunded ?? 0;
      if (amount > intent.amount_received - refunded) {
        return { status: 400, body: { error: { code: 'charge_already_refunded', message: `Charge ${intent.latest_charge} has already been refunded.`, type: 'invalid_request_error' } } };
      }
      const status = fake.refundOutcomes.shift() ?? 'succeeded';
      const metadata = Object.fromEntries(Object.entries(params).flatMap(([k, v]) => (/^metadata\[(\w+)\]$/.test(k) ? [[/^metadata\[(\w+)\]$/.exec(k)![1]!, v]] : [])));
      const refund = Object.assign(clone(fixtures.refund!) as Obj, { id: randomId('re'), amount, currency: intent.currency, charge: intent.latest_charge, payment_intent: intent.id, reason: params.reason ?? null, status, created: nowSeconds(), metadata });
      if (status === 'failed') refund.failure_reason = 'expired_or_canceled_card';
      if (status !== 'failed') intent.amount_refunded = refunded + amount;
      fake.refunds.set(refund.id, refund);
      // Stripe tells the account: the refund created, and the charge refunded once it succeeded.
      void emit('refund.created', refund).then(() => (status === 'succeeded' ? emit('charge.refunded', chargeWithRefunds(refund)) : undefined));
      return { status: 200, body: refund };
    }
    match = /^\/v1\/refunds\/([\w]+)$/.exec(path);
    if (method === 'GET' && match) {
      const refund = fake.refunds.get(match[1]!);
      return refund ? { status: 200, body: refund } : { status: 404, body: missing('refund', match[1]!) };
    }
    return { status: 404, body: { error: { message: `Unrecognized request URL (${method}: ${path}).`, type: 'invalid_request_error' } } };
  }

  function createSession(params: Record<string, string>): { status: number; body: Obj } {
    if (params.mode !== 'payment') return { status: 400, body: invalid('mode', 'Missing required param: mode.') };
    for (const p of ['success_url', 'line_items[0][price_data][unit_amount]', 'line_items[0][price_data][currency]']) {
      if (!params[p]) return { status: 400, body: invalid(p, `Missing required param: ${p}.`) };
    }
    const expiresAt = params.expires_at ? Number(params.expires_at) : nowSeconds() + 24 * 3600;
    // Stripe's own rule: between 30 minutes and 24 hours from now.
    if (expiresAt < nowSeconds() + 30 * 60 || expiresAt > nowSeconds() + 24 * 3600) {
      return { status: 400, body: invalid('expires_at', 'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.') };
    }
    const unitAmount = Number(params['line_items[0][price_data][unit_amount]']);
    const quantity = Number(params['line_items[0][quantity]'] ?? '1');
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) {
      const m = /^metadata\[(\w+)\]$/.exec(k);
      if (m) metadata[m[1]!] = v;
    }
    const id = randomId('cs');
    const session = Object.assign(clone(fixtures['checkout.session']!) as Obj, {
      id,
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: unitAmount * quantity,
      amount_total: unitAmount * quantity,
      currency: params['line_items[0][price_data][currency]'],
      client_reference_id: params.client_reference_id ?? null,
      customer_email: params.customer_email ?? null,
      customer_details: null,
      locale: params.locale ?? null,
      metadata,
      success_url: params.success_url,
      cancel_url: params.cancel_url ?? null,
      expires_at: expiresAt,
      created: nowSeconds(),
      payment_intent: null,
      url: `${url}/pay/${id}`,
    });
    sessions.set(id, session);
    return { status: 200, body: session };
  }

  async function checkoutPage(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const session = sessions.get(id);
    if (!session || session.status !== 'open') {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="en"><head><title>Expired</title></head><body><main><h1>This checkout session is no longer available</h1></main></body></html>');
      return;
    }
    if (req.method === 'POST') {
      await fake.complete(id);
      res.writeHead(303, { location: String(session.success_url).replace('{CHECKOUT_SESSION_ID}', id) });
      res.end();
      return;
    }
    const amount = (session.amount_total / 100).toFixed(2);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Fake Stripe Checkout</title></head>
<body><main><h1>Pay ${amount} ${String(session.currency).toUpperCase()}</h1><p>Fake Stripe Checkout (tests)</p>
<form method="post" action="/pay/${id}"><button type="submit">Pay</button></form>
<p><a href="${session.cancel_url}">Back</a></p></main></body></html>`);
  }

  return fake;
}

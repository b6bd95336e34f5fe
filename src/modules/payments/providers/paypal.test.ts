import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { documentedShapeProblems, startFakePayPal, type FakePayPal } from '../../../../test/support/fakes/paypal.js';
import { ConfigError, loadConfig } from '../../../config.js';
import { createPayPalProvider, formatAmount, parseAmount, PayPalError, paypalProviderFromConfig, truncate } from './paypal.js';
import { ProviderUnavailable, WebhookRejected, type CheckoutRequest, type PaymentProvider } from './provider.js';

let paypal: FakePayPal;
let provider: PaymentProvider;

beforeAll(async () => {
  paypal = await startFakePayPal();
  provider = createPayPalProvider({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, webhookId: paypal.webhookId, apiBase: paypal.url });
});

afterAll(async () => {
  await paypal.close();
});

afterEach(() => {
  paypal.webhookUrl = undefined;
  paypal.dropWebhooks = false;
});

function checkout(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  const attemptId = randomUUID();
  return {
    attemptId,
    idempotencyKey: `ws-checkout-${attemptId}`,
    amountCents: 4900,
    currency: 'EUR',
    description: 'Massage californien, 60 min',
    bookingReference: 'WS-7K3P9Q',
    customerEmail: 'camille.martin@example.com',
    locale: 'fr',
    successUrl: 'http://localhost:3000/reservation/WS-7K3P9Q/paiement/retour',
    cancelUrl: 'http://localhost:3000/reservation/WS-7K3P9Q/paiement/annule',
    expiresAt: new Date(Date.now() + 30 * 60_000),
    ...overrides,
  };
}

/** The requests made for one order (its create call is found by the attempt id in its body). */
function callsFor(orderId: string) {
  return {
    gets: paypal.requestsTo('GET', new RegExp(`^/v2/checkout/orders/${orderId}$`)),
    captures: paypal.requestsTo('POST', new RegExp(`^/v2/checkout/orders/${orderId}/capture$`)),
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('PayPal checkout (Orders v2)', () => {
  it('creates an order for the attempt, with its key as PayPal-Request-Id, and sends the buyer to the payer-action link', async () => {
    const request = checkout();
    const created = await provider.createCheckout(request);

    expect(created.providerRef).toMatch(/^[A-Z0-9]{17}$/);
    expect(created.redirectUrl).toBe(`${paypal.url}/checkoutnow?token=${created.providerRef}`);
    const create = paypal.requestsTo('POST', /^\/v2\/checkout\/orders$/).at(-1)!;
    expect(create.requestId).toBe(request.idempotencyKey);
    expect(create.headers.authorization).toMatch(/^Bearer /);
    expect(create.body).toEqual({
      intent: 'CAPTURE',
      purchase_units: [
        {
          reference_id: request.attemptId,
          custom_id: request.attemptId,
          description: 'Massage californien, 60 min (WS-7K3P9Q)',
          amount: { currency_code: 'EUR', value: '49.00' },
        },
      ],
      payment_source: {
        paypal: {
          experience_context: {
            locale: 'fr-FR',
            landing_page: 'NO_PREFERENCE',
            shipping_preference: 'NO_SHIPPING',
            user_action: 'PAY_NOW',
            payment_method_preference: 'IMMEDIATE_PAYMENT_REQUIRED',
            return_url: request.successUrl,
            cancel_url: request.cancelUrl,
          },
        },
      },
    });
    // PayPal needs no customer details: the buyer logs in there (policy 3.5, the least data).
    expect(JSON.stringify(create.body)).not.toContain('camille');
    expect(paypal.order(created.providerRef).status).toBe('PAYER_ACTION_REQUIRED');
  });

  it('asks for the English page in English', async () => {
    const created = await provider.createCheckout(checkout({ locale: 'en', amountCents: 12050 }));
    expect(paypal.order(created.providerRef).locale).toBe('en-GB');
    expect(paypal.order(created.providerRef).request.purchase_units[0]!.amount.value).toBe('120.50');
  });

  it('creates one order only when the same attempt asks twice (PayPal replays the first answer)', async () => {
    const request = checkout();
    const first = await provider.createCheckout(request);
    const second = await provider.createCheckout(request);
    expect(second).toEqual(first);
    expect(paypal.requestsTo('POST', /^\/v2\/checkout\/orders$/).filter((r) => r.requestId === request.idempotencyKey)).toHaveLength(2);
  });

  it('leaves an order the buyer has not approved pending, and tries no capture', async () => {
    const { providerRef } = await provider.createCheckout(checkout());
    const state = await provider.settle(providerRef, `ws-settle-${providerRef}`);
    expect(state).toEqual({ providerRef, status: 'pending', amountCents: 4900, currency: 'EUR' });
    expect(callsFor(providerRef).captures).toHaveLength(0);
  });

  it('captures an approved order once: a second settle (even at the same time) captures nothing more', async () => {
    const request = checkout();
    const { providerRef } = await provider.createCheckout(request);
    paypal.approve(providerRef);
    const key = `ws-settle-${request.attemptId}`;

    const [first, concurrent] = await Promise.all([provider.settle(providerRef, key), provider.settle(providerRef, key)]);
    const later = await provider.settle(providerRef, key);

    expect(first.status).toBe('succeeded');
    expect(first.paymentRef).toMatch(/^[A-Z0-9]{17}$/);
    expect(first.paymentRef).toBe(paypal.order(providerRef).captureId);
    expect(first).toEqual({
      providerRef,
      status: 'succeeded',
      paymentRef: first.paymentRef,
      amountCents: 4900,
      currency: 'EUR',
      fraud: { status: 'COMPLETED', seller_protection: 'ELIGIBLE' },
    });
    expect(concurrent).toEqual(first);
    expect(later).toEqual(first);
    const { captures } = callsFor(providerRef);
    expect(captures.length).toBeGreaterThanOrEqual(1);
    expect(captures.length).toBeLessThanOrEqual(2);
    expect(new Set(captures.map((c) => c.requestId))).toEqual(new Set([`${key}-capture`]));
  });

  it("keeps PayPal's seller-protection verdict, and none of the payer's details", async () => {
    const { providerRef } = await provider.createCheckout(checkout());
    paypal.approve(providerRef, { sellerProtection: 'NOT_ELIGIBLE' });
    const state = await provider.settle(providerRef, `ws-settle-${providerRef}`);
    expect(state.fraud).toEqual({ status: 'COMPLETED', seller_protection: 'NOT_ELIGIBLE' });
    // The fake, like PayPal, returns the payer's name and e-mail with the order: none of it comes through.
    expect(JSON.stringify(state)).not.toMatch(/buyer@example\.com|Camille|QYR5Z8XDVJNXQ/);
  });

  it('reports a capture PayPal declines as failed, with its verdict', async () => {
    const { providerRef } = await provider.createCheckout(checkout());
    paypal.deny(providerRef);
    const state = await provider.settle(providerRef, `ws-settle-${providerRef}`);
    expect(state.status).toBe('failed');
    expect(state.paymentRef).toBe(paypal.order(providerRef).captureId);
    expect(state.fraud).toEqual({ status: 'DECLINED', seller_protection: 'NOT_ELIGIBLE', reason: 'RISK' });
  });

  it('reports a voided order, and one PayPal no longer knows, as expired', async () => {
    const voided = await provider.createCheckout(checkout());
    paypal.voidOrder(voided.providerRef);
    expect((await provider.settle(voided.providerRef, 'ws-settle-voided')).status).toBe('expired');

    const lapsed = await provider.createCheckout(checkout());
    paypal.expire(lapsed.providerRef);
    expect(await provider.settle(lapsed.providerRef, 'ws-settle-lapsed')).toEqual({ providerRef: lapsed.providerRef, status: 'expired' });
  });

  it('lets the buyer approve on the payer-action page, which sends them back to return_url (no JavaScript needed)', async () => {
    const request = checkout();
    const { providerRef, redirectUrl } = await provider.createCheckout(request);
    const page = await fetch(redirectUrl);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<button type="submit" name="action" value="approve" id="approve">Approuver<\/button>/);

    const approved = await fetch(`${paypal.url}/checkoutnow`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: providerRef, action: 'approve' }).toString(),
      redirect: 'manual',
    });
    expect(approved.status).toBe(303);
    const back = new URL(approved.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(request.successUrl);
    expect(back.searchParams.get('token')).toBe(providerRef);
    expect(paypal.order(providerRef).status).toBe('APPROVED');
  });

  it('sends a buyer who gives up back to cancel_url, the order still waiting for them', async () => {
    const request = checkout({ locale: 'en' });
    const { providerRef, redirectUrl } = await provider.createCheckout(request);
    expect(await (await fetch(redirectUrl)).text()).toMatch(/<html lang="en">[\s\S]*id="approve">Approve<\/button>/);
    const cancelled = await fetch(`${paypal.url}/checkoutnow`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: providerRef, action: 'cancel' }).toString(),
      redirect: 'manual',
    });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toBe(`${request.cancelUrl}?token=${providerRef}`);
    expect((await provider.settle(providerRef, `ws-settle-${request.attemptId}`)).status).toBe('pending');
  });
});

describe('PayPal refunds (Payments v2)', () => {
  async function capturedOrder(): Promise<string> {
    const { providerRef } = await provider.createCheckout(checkout());
    paypal.approve(providerRef);
    return (await provider.settle(providerRef, `ws-settle-${providerRef}`)).paymentRef!;
  }

  it('refunds part of a capture with the key as PayPal-Request-Id, once even when asked twice', async () => {
    const captureId = await capturedOrder();
    const key = `ws-refund-${randomUUID()}`;
    const result = await provider.refund({ paymentRef: captureId, amountCents: 2000, currency: 'EUR', idempotencyKey: key, reason: 'Annulation dans le délai' });
    const again = await provider.refund({ paymentRef: captureId, amountCents: 2000, currency: 'EUR', idempotencyKey: key });

    expect(result).toEqual({ refundRef: expect.stringMatching(/^[A-Z0-9]{17}$/), status: 'succeeded' });
    expect(again).toEqual(result);
    const calls = paypal.requestsTo('POST', new RegExp(`^/v2/payments/captures/${captureId}/refund$`));
    expect(calls.map((c) => c.requestId)).toEqual([key, key]);
    expect(calls[0]!.body).toEqual({ amount: { currency_code: 'EUR', value: '20.00' }, note_to_payer: 'Annulation dans le délai' });

    // 29,00 € remain: 30,00 € more is refused, with PayPal's issue named.
    const error = await rejection(provider.refund({ paymentRef: captureId, amountCents: 3000, currency: 'EUR', idempotencyKey: `ws-refund-${randomUUID()}` }));
    expect(error).toBeInstanceOf(PayPalError);
    expect(error).toMatchObject({ kind: 'refused', status: 422, issue: 'REFUND_AMOUNT_EXCEEDED' });
    expect((error as Error).message).toMatch(/^PayPal refused to refund capture \w+: 422 UNPROCESSABLE_ENTITY \(REFUND_AMOUNT_EXCEEDED at \/amount\/value\), debug id \w+$/);
    const rest = await provider.refund({ paymentRef: captureId, amountCents: 2900, currency: 'EUR', idempotencyKey: `ws-refund-${randomUUID()}` });
    expect(rest.status).toBe('succeeded');
  });

  it('says which capture PayPal does not know', async () => {
    const error = await rejection(provider.refund({ paymentRef: 'NOSUCHCAPTURE0000', amountCents: 100, currency: 'EUR', idempotencyKey: 'ws-refund-x' }));
    expect(error).toMatchObject({ kind: 'refused', status: 404, issue: 'INVALID_RESOURCE_ID' });
  });
});

describe('PayPal webhooks (verify-webhook-signature)', () => {
  async function capturedOrder() {
    const request = checkout();
    const { providerRef } = await provider.createCheckout(request);
    paypal.approve(providerRef);
    const state = await provider.settle(providerRef, `ws-settle-${request.attemptId}`);
    return { request, providerRef, state };
  }

  it('accepts an event PayPal signed, having PayPal check it, and reads the capture it tells of', async () => {
    const { request, providerRef, state } = await capturedOrder();
    const event = paypal.captureEvent(providerRef);
    const delivery = paypal.signedDelivery(event);
    const verifications = paypal.requestsTo('POST', /^\/v1\/notifications\/verify-webhook-signature$/).length;

    const read = await provider.verifyWebhook(delivery.body, delivery.headers);

    expect(read).toEqual({ id: event.id, type: 'PAYMENT.CAPTURE.COMPLETED', providerRef, attemptId: request.attemptId, state });
    const check = paypal.requestsTo('POST', /^\/v1\/notifications\/verify-webhook-signature$/);
    expect(check).toHaveLength(verifications + 1);
    expect(check.at(-1)!.body).toMatchObject({
      auth_algo: 'SHA256withRSA',
      transmission_id: delivery.headers['paypal-transmission-id'],
      transmission_sig: delivery.headers['paypal-transmission-sig'],
      transmission_time: delivery.headers['paypal-transmission-time'],
      cert_url: delivery.headers['paypal-cert-url'],
      webhook_id: paypal.webhookId,
      webhook_event: event,
    });
  });

  it('reads an approval (pending: to be captured), a denial and a refund', async () => {
    const request = checkout();
    const { providerRef } = await provider.createCheckout(request);
    paypal.approve(providerRef);
    const approved = paypal.signedDelivery(paypal.orderApprovedEvent(providerRef));
    expect(await provider.verifyWebhook(approved.body, approved.headers)).toMatchObject({
      type: 'CHECKOUT.ORDER.APPROVED',
      providerRef,
      attemptId: request.attemptId,
      state: { providerRef, status: 'pending', amountCents: 4900, currency: 'EUR' },
    });

    const denied = await provider.createCheckout(checkout());
    paypal.deny(denied.providerRef);
    await provider.settle(denied.providerRef, 'ws-settle-denied');
    const deniedDelivery = paypal.signedDelivery(paypal.captureEvent(denied.providerRef));
    expect(await provider.verifyWebhook(deniedDelivery.body, deniedDelivery.headers)).toMatchObject({
      type: 'PAYMENT.CAPTURE.DENIED',
      providerRef: denied.providerRef,
      state: { status: 'failed', fraud: { status: 'DECLINED' } },
    });

    const { state } = await capturedOrder();
    const refund = await provider.refund({ paymentRef: state.paymentRef!, amountCents: 4900, currency: 'EUR', idempotencyKey: `ws-refund-${randomUUID()}` });
    const refundDelivery = paypal.signedDelivery(paypal.refundEvent(refund.refundRef));
    expect(await provider.verifyWebhook(refundDelivery.body, refundDelivery.headers)).toMatchObject({
      type: 'PAYMENT.CAPTURE.REFUNDED',
      refund: { refundRef: refund.refundRef, paymentRef: state.paymentRef, amountCents: 4900, status: 'succeeded' },
    });
  });

  it('rejects a tampered body as forged (PayPal answers FAILURE)', async () => {
    const { providerRef } = await capturedOrder();
    const delivery = paypal.signedDelivery(paypal.captureEvent(providerRef));
    const tampered = Buffer.from(delivery.body.toString('utf8').replace('"49.00"', '"4.90"'));
    expect(tampered.equals(delivery.body)).toBe(false);
    const error = await rejection(provider.verifyWebhook(tampered, delivery.headers));
    expect(error).toBeInstanceOf(WebhookRejected);
    expect(error).toMatchObject({ provider: 'paypal', reason: 'forged', message: 'PayPal webhook rejected: signature verification FAILURE' });
  });

  it('rejects a delivery signed for another webhook, or by someone else', async () => {
    const { providerRef } = await capturedOrder();
    const delivery = paypal.signedDelivery(paypal.captureEvent(providerRef));
    const otherHook = createPayPalProvider({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, webhookId: '9XY12345678901234', apiBase: paypal.url });
    expect(await rejection(otherHook.verifyWebhook(delivery.body, delivery.headers))).toMatchObject({ reason: 'forged' });

    const impostor = await startFakePayPal({ webhookId: paypal.webhookId });
    try {
      const forged = impostor.signedDelivery({ ...paypal.captureEvent(providerRef) });
      // Same event, same webhook id, even the genuine certificate URL: only PayPal's key makes a valid signature.
      forged.headers['paypal-cert-url'] = delivery.headers['paypal-cert-url']!;
      expect(await rejection(provider.verifyWebhook(forged.body, forged.headers))).toMatchObject({ reason: 'forged' });
    } finally {
      await impostor.close();
    }
  });

  it('rejects a stale delivery (sent more than 5 minutes ago) without asking PayPal', async () => {
    const { providerRef } = await capturedOrder();
    const delivery = paypal.signedDelivery(paypal.captureEvent(providerRef), { transmissionTime: new Date(Date.now() - 6 * 60_000) });
    const before = paypal.requestsTo('POST', /verify-webhook-signature/).length;
    const error = await rejection(provider.verifyWebhook(delivery.body, delivery.headers));
    expect(error).toMatchObject({ provider: 'paypal', reason: 'stale' });
    expect(paypal.requestsTo('POST', /verify-webhook-signature/)).toHaveLength(before);

    // Genuine, and within the tolerance on the provider's clock: accepted.
    const atSending = createPayPalProvider({
      clientId: paypal.clientId,
      clientSecret: paypal.clientSecret,
      webhookId: paypal.webhookId,
      apiBase: paypal.url,
      now: () => new Date(Date.parse(delivery.headers['paypal-transmission-time']!) + 4 * 60_000),
    });
    expect((await atSending.verifyWebhook(delivery.body, delivery.headers)).type).toBe('PAYMENT.CAPTURE.COMPLETED');
  });

  it('rejects a delivery missing a transmission header, or whose body is not an event', async () => {
    const { providerRef } = await capturedOrder();
    const delivery = paypal.signedDelivery(paypal.captureEvent(providerRef));
    for (const header of ['paypal-transmission-id', 'paypal-transmission-time', 'paypal-transmission-sig', 'paypal-cert-url', 'paypal-auth-algo']) {
      const headers: Record<string, string | undefined> = { ...delivery.headers, [header]: undefined };
      const error = await rejection(provider.verifyWebhook(delivery.body, headers));
      expect(error).toMatchObject({ reason: 'forged', message: `PayPal webhook rejected: missing ${header}` });
    }
    expect(await rejection(provider.verifyWebhook(Buffer.from('not json'), delivery.headers))).toMatchObject({ reason: 'unreadable' });
    expect(await rejection(provider.verifyWebhook(Buffer.from('{"hello":"world"}'), delivery.headers))).toMatchObject({ reason: 'unreadable' });
  });

  it('receives the events the fake PayPal delivers by itself as the buyer approves and the order is captured', async () => {
    const received: Array<{ status: number; type?: string }> = [];
    const receiver: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        provider.verifyWebhook(Buffer.concat(chunks), req.headers).then(
          (event) => {
            received.push({ status: 200, type: event.type });
            res.writeHead(200).end();
          },
          () => {
            received.push({ status: 400 });
            res.writeHead(400).end();
          },
        );
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      paypal.webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/paypal`;
      const { providerRef } = await provider.createCheckout(checkout());
      paypal.approve(providerRef);
      await provider.settle(providerRef, `ws-settle-${providerRef}`);
      await paypal.settled();
      expect(received).toEqual([
        { status: 200, type: 'CHECKOUT.ORDER.APPROVED' },
        { status: 200, type: 'PAYMENT.CAPTURE.COMPLETED' },
      ]);
      expect(paypal.deliveries.slice(-2).map((d) => d.status)).toEqual([200, 200]);

      // A lost delivery: nothing reaches the receiver, settle alone tells the truth.
      paypal.dropWebhooks = true;
      const missed = await provider.createCheckout(checkout());
      paypal.approve(missed.providerRef);
      expect((await provider.settle(missed.providerRef, `ws-settle-${missed.providerRef}`)).status).toBe('succeeded');
      await paypal.settled();
      expect(received).toHaveLength(2);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe('PayPal errors and tokens', () => {
  it('says clearly when PayPal refuses the credentials, without the secret', async () => {
    const wrong = createPayPalProvider({ clientId: paypal.clientId, clientSecret: 'EwrongSecret-0123456789', webhookId: paypal.webhookId, apiBase: paypal.url });
    const error = await rejection(wrong.createCheckout(checkout()));
    expect(error).toBeInstanceOf(PayPalError);
    expect(error).toBeInstanceOf(ProviderUnavailable);
    expect(error).toMatchObject({ kind: 'credentials', status: 401, provider: 'paypal' });
    expect((error as Error).message).toBe(
      `PayPal refused the client credentials (401 invalid_client): check PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET, and that PAYPAL_API_BASE (${paypal.url}) is the environment, live or sandbox, they belong to`,
    );
    expect((error as Error).message).not.toContain('EwrongSecret');
  });

  it('names the field and issue of a request PayPal refuses', async () => {
    const error = await rejection(provider.createCheckout(checkout({ currency: 'XYZ' })));
    expect(error).toMatchObject({ kind: 'refused', status: 422, issue: 'INVALID_CURRENCY_CODE' });
    expect((error as Error).message).toMatch(/^PayPal refused to create the order of attempt [\w-]+: 422 UNPROCESSABLE_ENTITY \(INVALID_CURRENCY_CODE at \/purchase_units\/0\/amount\/currency_code\), debug id \w+$/);
  });

  it('tells PayPal being down (5xx) and unreachable apart from a refusal', async () => {
    paypal.failNext(1);
    const error = await rejection(provider.createCheckout(checkout()));
    expect(error).toMatchObject({ kind: 'unavailable', status: 500 });
    expect((error as Error).message).toMatch(/^PayPal failed to create the order of attempt [\w-]+: 500 INTERNAL_SERVER_ERROR/);

    const closed = await startFakePayPal();
    await closed.close();
    const unreachable = createPayPalProvider({ clientId: 'Aclient-0123456789', clientSecret: 'Esecret-0123456789', webhookId: 'ABC', apiBase: closed.url });
    const offline = await rejection(unreachable.settle('ORDER', 'key'));
    expect(offline).toMatchObject({ kind: 'unavailable', provider: 'paypal' });
    expect((offline as Error).message).toBe('PayPal could not be reached to obtain an access token (ECONNREFUSED)');
  });

  it('asks for a token once and reuses it, and renews one PayPal stopped accepting', async () => {
    const fresh = createPayPalProvider({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, webhookId: paypal.webhookId, apiBase: paypal.url });
    const tokensBefore = paypal.requestsTo('POST', /^\/v1\/oauth2\/token$/).length;
    const { providerRef } = await fresh.createCheckout(checkout());
    await fresh.settle(providerRef, 'ws-settle-token');
    await fresh.settle(providerRef, 'ws-settle-token');
    expect(paypal.requestsTo('POST', /^\/v1\/oauth2\/token$/)).toHaveLength(tokensBefore + 1);
    const tokenCall = paypal.requestsTo('POST', /^\/v1\/oauth2\/token$/).at(-1)!;
    expect(tokenCall.headers.authorization).toBe(`Basic ${Buffer.from(`${paypal.clientId}:${paypal.clientSecret}`).toString('base64')}`);
    expect(tokenCall.body).toEqual({ grant_type: 'client_credentials' });

    paypal.revokeTokens();
    expect((await fresh.settle(providerRef, 'ws-settle-token')).status).toBe('pending');
    expect(paypal.requestsTo('POST', /^\/v1\/oauth2\/token$/)).toHaveLength(tokensBefore + 2);
  });

  it('sends an idempotency key with every create, capture and refund', async () => {
    const creates = paypal.requestsTo('POST', /^\/v2\/checkout\/orders$/);
    const captures = paypal.requestsTo('POST', /^\/v2\/checkout\/orders\/\w+\/capture$/);
    const refunds = paypal.requestsTo('POST', /^\/v2\/payments\/captures\/\w+\/refund$/);
    expect(creates.length).toBeGreaterThan(3);
    expect(captures.length).toBeGreaterThan(3);
    expect(refunds.length).toBeGreaterThan(2);
    for (const call of [...creates, ...captures, ...refunds]) expect(call.requestId, call.path).toMatch(/^ws-/);
  });
});

describe('the fake PayPal answers as PayPal documents', () => {
  async function token(): Promise<string> {
    const response = await fetch(`${paypal.url}/v1/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${paypal.clientId}:${paypal.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    return ((await response.json()) as { access_token: string }).access_token;
  }

  it("refuses an order request that breaks PayPal's schema, field by field", async () => {
    const response = await fetch(`${paypal.url}/v2/checkout/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ intent: 'BUY', purchase_units: [{ amount: { currency_code: 'EURO', value: '49,00' } }] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { name: string; message: string; debug_id: string; details: Array<{ field: string; issue: string; description: string }> };
    expect(body.name).toBe('INVALID_REQUEST');
    expect(body.message).toBe('Request is not well-formed, syntactically incorrect, or violates schema.');
    expect(body.debug_id).toMatch(/^\w+$/);
    expect(body.details.map((d) => [d.field, d.issue])).toEqual([
      ['/intent', 'INVALID_PARAMETER_VALUE'],
      ['/purchase_units/0/amount/currency_code', 'INVALID_STRING_LENGTH'],
      ['/purchase_units/0/amount/value', 'INVALID_PARAMETER_SYNTAX'],
    ]);
    expect(body.details[0]!.description).toBe('A parameter value is not valid.');
  });

  it('refuses to capture an order the buyer has not approved (422 ORDER_NOT_APPROVED)', async () => {
    const { providerRef } = await provider.createCheckout(checkout());
    const response = await fetch(`${paypal.url}/v2/checkout/orders/${providerRef}/capture`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json', 'paypal-request-id': 'ws-test' },
      body: '{}',
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'ORDER_NOT_APPROVED' }] });
  });

  it('gives orders, captures, refunds and webhook events the shapes the published descriptions document', async () => {
    const { providerRef } = await provider.createCheckout(checkout());
    const authorization = { authorization: `Bearer ${await token()}` };
    const read = async (path: string) => (await fetch(`${paypal.url}${path}`, { headers: authorization })).json();
    expect(documentedShapeProblems('orders', 'order', await read(`/v2/checkout/orders/${providerRef}`))).toEqual([]);
    paypal.approve(providerRef);
    expect(documentedShapeProblems('webhooks', 'event', paypal.orderApprovedEvent(providerRef))).toEqual([]);
    const { paymentRef } = await provider.settle(providerRef, `ws-settle-${providerRef}`);
    const order = await read(`/v2/checkout/orders/${providerRef}`);
    expect(documentedShapeProblems('orders', 'order', order)).toEqual([]);
    expect(documentedShapeProblems('payments', 'capture-2', await read(`/v2/payments/captures/${paymentRef}`))).toEqual([]);
    const captureEvent = paypal.captureEvent(providerRef);
    expect(documentedShapeProblems('webhooks', 'event', captureEvent)).toEqual([]);
    expect(documentedShapeProblems('payments', 'capture-2', captureEvent.resource)).toEqual([]);
    const { refundRef } = await provider.refund({ paymentRef: paymentRef!, amountCents: 1000, currency: 'EUR', idempotencyKey: `ws-refund-${randomUUID()}` });
    expect(documentedShapeProblems('payments', 'refund', await read(`/v2/payments/refunds/${refundRef}`))).toEqual([]);
    expect(documentedShapeProblems('payments', 'refund', paypal.refundEvent(refundRef).resource)).toEqual([]);
    // The check itself can fail: a capture whose amount is a number is not PayPal's shape.
    expect(documentedShapeProblems('payments', 'capture-2', { id: 'X', amount: { currency_code: 'EUR', value: 10 } })).not.toEqual([]);
  });

  it('answers 401 to a call without a valid token', async () => {
    const response = await fetch(`${paypal.url}/v2/checkout/orders/ANY`, { headers: { authorization: 'Bearer forged' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ name: 'AUTHENTICATION_FAILURE' });
  });
});

describe('PayPal configuration', () => {
  const credentials = { PAYPAL_CLIENT_ID: 'AZaQ-live_client-0123456789', PAYPAL_CLIENT_SECRET: 'ELv-secret_0123456789abcdef', PAYPAL_WEBHOOK_ID: '1JE4291016473214C' };

  function problems(env: Record<string, string>): string[] {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  }

  it('is off when no PayPal variable is set, and on with all three credentials (live API by default)', () => {
    expect(loadConfig({}).paypal).toBeUndefined();
    expect(paypalProviderFromConfig(loadConfig({}))).toBeUndefined();
    const config = loadConfig(credentials);
    expect(config.paypal).toEqual({ clientId: credentials.PAYPAL_CLIENT_ID, clientSecret: credentials.PAYPAL_CLIENT_SECRET, webhookId: '1JE4291016473214C', apiBase: 'https://api-m.paypal.com' });
    expect(paypalProviderFromConfig(config)?.name).toBe('paypal');
    expect(loadConfig({ ...credentials, PAYPAL_API_BASE: 'https://api-m.sandbox.paypal.com/' }).paypal?.apiBase).toBe('https://api-m.sandbox.paypal.com');
    expect(loadConfig({ ...credentials, PAYPAL_API_BASE: 'http://127.0.0.1:4010' }).paypal?.apiBase).toBe('http://127.0.0.1:4010');
  });

  it('names each missing credential when only some are set', () => {
    expect(problems({ PAYPAL_CLIENT_ID: credentials.PAYPAL_CLIENT_ID })).toEqual([
      'PAYPAL_CLIENT_SECRET: expected to be set, since PAYPAL_CLIENT_ID is: PayPal needs PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET, PAYPAL_WEBHOOK_ID together (or none of them, to turn PayPal off)',
      'PAYPAL_WEBHOOK_ID: expected to be set, since PAYPAL_CLIENT_ID is: PayPal needs PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET, PAYPAL_WEBHOOK_ID together (or none of them, to turn PayPal off)',
    ]);
    expect(problems({ PAYPAL_CLIENT_ID: credentials.PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET: credentials.PAYPAL_CLIENT_SECRET })).toEqual([
      'PAYPAL_WEBHOOK_ID: expected to be set, since PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET are: PayPal needs PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET, PAYPAL_WEBHOOK_ID together (or none of them, to turn PayPal off)',
    ]);
  });

  it('refuses a plain-http API base off loopback, a path, and malformed ids, never echoing the secret', () => {
    expect(problems({ ...credentials, PAYPAL_API_BASE: 'http://api-m.paypal.com' })).toEqual([
      'PAYPAL_API_BASE: expected https://api-m.paypal.com (live), https://api-m.sandbox.paypal.com (sandbox), or another https:// URL without path, query or fragment (http:// only for 127.0.0.1 or localhost) (got "http://api-m.paypal.com")',
    ]);
    expect(problems({ ...credentials, PAYPAL_API_BASE: 'https://api-m.paypal.com/v2' })[0]).toMatch(/^PAYPAL_API_BASE: expected /);
    expect(problems({ ...credentials, PAYPAL_WEBHOOK_ID: 'WH-1234' })[0]).toMatch(/^PAYPAL_WEBHOOK_ID: expected the ID PayPal gave the webhook/);
    const secretProblems = problems({ ...credentials, PAYPAL_CLIENT_SECRET: 'my secret with spaces' });
    expect(secretProblems).toEqual([
      "PAYPAL_CLIENT_SECRET: expected the REST app's secret from PayPal's developer dashboard (letters, digits, - and _) (got a value)",
    ]);
  });
});

describe('PayPal texts', () => {
  it('cuts a long description to what PayPal takes (127 bytes), accents counted as they are sent', async () => {
    const long = 'Séance de réflexologie plantaire à domicile, déplacement compris, forfait découverte « première fois » pour adultes et adolescents';
    expect(truncate('Massage (WS-1)', 127)).toBe('Massage (WS-1)');
    const { providerRef } = await provider.createCheckout(checkout({ description: long }));
    const sent = paypal.order(providerRef).request.purchase_units[0]!.description!;
    expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(127);
    expect(sent).toMatch(/^Séance de réflexologie plantaire .*\.\.\.$/);
  });
});

describe('PayPal amounts', () => {
  it('writes cents as PayPal decimal strings and reads them back', () => {
    expect(formatAmount(4900, 'EUR')).toBe('49.00');
    expect(formatAmount(5, 'EUR')).toBe('0.05');
    expect(formatAmount(120050, 'EUR')).toBe('1200.50');
    expect(formatAmount(150000, 'JPY')).toBe('1500');
    expect(() => formatAmount(150050, 'JPY')).toThrow(RangeError);
    expect(() => formatAmount(0, 'EUR')).toThrow(RangeError);
    expect(parseAmount('49.00')).toBe(4900);
    expect(parseAmount('49.5')).toBe(4950);
    expect(parseAmount('1500')).toBe(150000);
    expect(parseAmount('4,90')).toBeUndefined();
  });
});

import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, customer, MONDAY_10, saveInvoicingIdentity, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakeStripe, type FakeStripe } from '../../../test/support/fakes/stripe.js';
import { expectDocumentedResponse } from '../../../test/support/openapi.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import type { DialectName } from '../../db/dialect.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import { createMailTransport } from '../../platform/mail/transport.js';

/**
 * Online payments through Stripe (issue 7 items 1–4, 13), end to end: the booking API asks the
 * official SDK for a Checkout Session at a local fake Stripe (real HTTP), the fake sends signed
 * webhooks to the app listening on loopback, mail goes out through a real SMTP server.
 */
const MINUTE = 60_000;

interface Setup {
  t: TestApp;
  stripe: FakeStripe;
  smtp: TestSmtpServer;
  base: string;
  logs: string[];
}

describeEachDialect('online payments through Stripe', (dialect: DialectName) => {
  async function setup(options: { deposit?: number; options?: string[] } = {}): Promise<Setup> {
    const stripe = await startFakeStripe();
    const smtp = await startSmtpServer();
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir() });
    const logs: string[] = [];
    const t = await createTestApp(dialect, {
      mailTransport: transport,
      env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url, LOG_LEVEL: 'info' },
      logStream: { write: (line) => void logs.push(line) },
    });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${base}/webhooks/stripe`;
    onTestFinished(async () => {
      await t.close();
      transport.close();
      await smtp.stop();
      await stripe.close();
    });
    await t.db.database.db
      .updateTable('services')
      .set({ payment_options: JSON.stringify(options.options ?? ['on_site', 'stripe']), deposit_percent: options.deposit ?? null })
      .where('slug', '=', 'diagnostic-informatique')
      .execute();
    return { t, stripe, smtp, base, logs };
  }

  async function book(s: Setup, payment: string | undefined, overrides: Record<string, unknown> = {}) {
    const response = await fetch(`${s.base}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start: MONDAY_10, customer: customer(), requestEarlyPerformance: true, ...(payment ? { payment } : {}), ...overrides }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  const sessionIdOf = (paymentUrl: string) => /\/pay\/(\w+)$/.exec(paymentUrl)![1]!;
  const db = (s: Setup) => s.t.db.database.db;
  const attemptsOf = (s: Setup) => db(s).selectFrom('payment_attempts').selectAll().execute();
  const ledgerOf = (s: Setup) => db(s).selectFrom('payments').selectAll().orderBy('sequence').execute();
  const bookingOf = (s: Setup, reference: string) => db(s).selectFrom('bookings').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  const outboxKinds = async (s: Setup) => (await db(s).selectFrom('outbox_messages').select(['kind', 'recipient']).orderBy('created_at').execute()).map((m) => `${m.kind} ${m.recipient}`);
  const deliverMail = async (s: Setup) => {
    while (await s.t.services.outbox.deliverDue());
    return s.smtp.received;
  };

  it('takes the whole paid path: API booking → Checkout Session → signed webhook → confirmed, in the ledger, mailed once', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending_payment', manageToken: expect.stringMatching(/^[\w-]{20,}$/), paymentUrl: expect.stringMatching(new RegExp(`^${s.stripe.url}/pay/cs_test_`)) });
    expect(created.body.manageUrl).toContain(created.body.manageToken);
    expectDocumentedResponse('/api/v1/bookings', 'post', 201, created.body);
    const sessionId = sessionIdOf(created.body.paymentUrl);

    // The SDK's call: one Checkout Session, mode payment, our attempt as client reference, the idempotency key derived from it.
    const [attempt] = await attemptsOf(s);
    expect(attempt).toMatchObject({ status: 'pending', provider: 'stripe', purpose: 'full', amount_cents: 4900, provider_ref: sessionId, idempotency_key: `ws-checkout-${attempt!.id}` });
    const creates = s.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({
      idempotencyKey: `ws-checkout-${attempt!.id}`,
      status: 200,
      params: expect.objectContaining({ mode: 'payment', client_reference_id: attempt!.id, 'metadata[attempt_id]': attempt!.id, 'metadata[booking_reference]': created.body.reference, 'line_items[0][price_data][unit_amount]': '4900', 'line_items[0][price_data][currency]': 'eur', locale: 'fr' }),
    });
    // Stripe's minimum: the session lives at least 30 minutes (our window is 30 minutes).
    expect(Number(creates[0]!.params.expires_at)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 30 * 60);

    // The place is held: nobody else can take it while the payment is pending; no confirmation yet.
    const other = await book(s, undefined, { customer: customer({ email: 'paul@example.fr' }) });
    expect(other).toMatchObject({ status: 409, body: { error: { code: 'SLOT_TAKEN' } } });
    expect(await outboxKinds(s)).toEqual([]);

    // The customer pays on Stripe's page: the signed webhook confirms the booking, records the payment and queues the mails.
    await s.stripe.complete(sessionId);
    expect(s.stripe.deliveries).toEqual([{ eventId: expect.stringMatching(/^evt_/), type: 'checkout.session.completed', status: 200 }]);
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ status: 'confirmed', awaiting_payment: 0 });
    const [paid] = await attemptsOf(s);
    expect(paid).toMatchObject({ status: 'succeeded', provider_payment_ref: expect.stringMatching(/^pi_test_/), attention: null });
    expect(JSON.parse(paid!.fraud_outcome!)).toEqual({ risk_level: 'normal', outcome: 'authorized', network_status: 'approved_by_network' });
    const ledger = await ledgerOf(s);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ method: 'stripe', amount_cents: 4900, kind: 'payment', booking_id: paid!.booking_id, recorded_by: null, id: paid!.payment_id });
    expect((await s.t.services.payments.verify()).intact).toBe(true);
    expect(await outboxKinds(s)).toEqual(['booking-confirmation claire.martin@example.fr', `booking-owner-notice ${s.t.app.business.current().email}`]);
    const mails = await deliverMail(s);
    const confirmation = mails.find((m) => m.to.includes('claire.martin@example.fr'))!;
    expect(confirmation.parsed.text).toContain('Vous avez payé 49,00\u00a0€ en ligne (Stripe)\u00a0: votre réservation est réglée.');

    // The same event again (Stripe retries): recorded once, nothing changes, no second mail.
    expect(await s.stripe.deliver(s.stripe.events[0]!)).toBe(200);
    expect(await ledgerOf(s)).toHaveLength(1);
    expect(await outboxKinds(s)).toHaveLength(2);
    expect(await db(s).selectFrom('provider_events').select(['event_id', 'type']).execute()).toEqual([{ event_id: s.stripe.events[0]!.id, type: 'checkout.session.completed' }]);

    // The customer's app reads the booking with the manage token.
    const read = await fetch(`${s.base}/api/v1/bookings/${created.body.reference}`, { headers: { authorization: `Bearer ${created.body.manageToken}` } });
    expect(read.status).toBe(200);
    const details = await read.json();
    expectDocumentedResponse('/api/v1/bookings/{reference}', 'get', 200, details);
    expect(details).toEqual({ reference: created.body.reference, status: 'confirmed', service: 'diagnostic-informatique', start: MONDAY_10, end: '2026-11-30T11:00:00+01:00', quantity: 1, paymentStatus: 'paid', invoices: [] });
  });

  it('issues the invoice in the transaction that records the paid webhook, listed for the customer with its PDF', async () => {
    const s = await setup();
    await saveInvoicingIdentity(s.t.services.settings);
    const address = { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
    const created = await book(s, 'stripe', { customer: customer({ address }) });
    expect(created.status).toBe(201);
    expect(await db(s).selectFrom('invoices').select('number').execute()).toEqual([]);

    await s.stripe.complete(sessionIdOf(created.body.paymentUrl));
    // No job has run: the invoice was issued with the payment, or not at all.
    const invoices = await db(s).selectFrom('invoices').select(['number', 'type', 'booking_id', 'gross_cents']).execute();
    expect(invoices).toEqual([{ number: 'F-2026-000001', type: 'invoice', booking_id: (await bookingOf(s, created.body.reference)).id, gross_cents: 4900 }]);
    expect(await db(s).selectFrom('invoice_pending').selectAll().execute()).toEqual([]);

    const read = await fetch(`${s.base}/api/v1/bookings/${created.body.reference}`, { headers: { authorization: `Bearer ${created.body.manageToken}` } });
    const details = await read.json();
    expect(details).toMatchObject({ status: 'confirmed', paymentStatus: 'paid', invoices: [{ number: 'F-2026-000001', url: `http://localhost:3000/api/v1/bookings/${created.body.reference}/invoices/F-2026-000001.pdf` }] });
    const pdf = await fetch(`${s.base}/api/v1/bookings/${created.body.reference}/invoices/F-2026-000001.pdf`, { headers: { authorization: `Bearer ${created.body.manageToken}` } });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // The payment and the invoice are both in their chains, intact.
    expect((await s.t.services.payments.verify()).intact).toBe(true);
    expect((await s.t.services.invoices.verify()).intact).toBe(true);
    // Stripe delivering the event again issues nothing more.
    expect(await s.stripe.deliver(s.stripe.events[0]!)).toBe(200);
    expect(await db(s).selectFrom('invoices').select('number').execute()).toHaveLength(1);
  });

  it('answers a wrong or missing manage token exactly like an unknown reference', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    const get = async (reference: string, authorization?: string) => {
      const response = await fetch(`${s.base}/api/v1/bookings/${reference}`, { headers: authorization ? { authorization } : {} });
      return { status: response.status, body: await response.json() };
    };
    const unknown = await get('ZZZZZ-ZZZZZ', `Bearer ${created.body.manageToken}`);
    expect(unknown.status).toBe(404);
    expectDocumentedResponse('/api/v1/bookings/{reference}', 'get', 404, unknown.body);
    expect(await get(created.body.reference, 'Bearer wrong-token-0123456789')).toEqual(unknown);
    expect(await get(created.body.reference)).toEqual(unknown);
    expect(await get(created.body.reference, `Basic ${created.body.manageToken}`)).toEqual(unknown);
    const pending = await get(created.body.reference, `Bearer ${created.body.manageToken}`);
    expect(pending).toMatchObject({ status: 200, body: { status: 'pending_payment', paymentStatus: 'pending' } });
    const invoiceUrl = `${s.base}/api/v1/bookings/${created.body.reference}/invoices/F-2026-000001.pdf`;
    expect((await fetch(invoiceUrl, { headers: { authorization: `Bearer ${created.body.manageToken}` } })).status).toBe(404);

    // Once an invoice is issued for the booking (the invoices module's), it is listed and its PDF served with the same header only.
    await saveInvoicingIdentity(s.t.services.settings);
    const bookingId = (await bookingOf(s, created.body.reference)).id;
    await inSerializableTransaction(s.t.db.database, (trx) =>
      s.t.services.invoices.issueInvoice(trx, {
        bookingId,
        lines: [{ description: 'Diagnostic', quantity: 1, unitPriceCents: 4900, vatRateBp: 2000 }],
        buyer: { name: 'Claire Martin', address: { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' } },
        serviceDate: '2026-11-30',
        paymentTerms: 'payée en ligne',
      }),
    );
    const listed = await get(created.body.reference, `Bearer ${created.body.manageToken}`);
    expect(listed.body.invoices).toEqual([{ number: 'F-2026-000001', url: `http://localhost:3000/api/v1/bookings/${created.body.reference}/invoices/F-2026-000001.pdf` }]);
    const pdf = await fetch(invoiceUrl, { headers: { authorization: `Bearer ${created.body.manageToken}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const refused = await fetch(invoiceUrl, { headers: { authorization: 'Bearer wrong-token-0123456789' } });
    expect({ status: refused.status, body: await refused.json() }).toEqual(unknown);
    expect((await fetch(invoiceUrl)).status).toBe(404);
  });

  it('refuses forged, stale and unsigned webhooks with 400 and changes nothing; ignores event types it does not handle', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    s.stripe.dropWebhooks = true;
    await s.stripe.complete(sessionIdOf(created.body.paymentUrl));
    const event = s.stripe.events[0]!;
    const post = (signature: string | undefined, body = JSON.stringify(event)) =>
      fetch(s.stripe.webhookUrl!, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) }, body }).then(async (r) => ({ status: r.status, body: await r.json() }));

    const forged = await post(s.stripe.sign(JSON.stringify(event), { secret: 'whsec_not_the_right_one_0000' }));
    expect(forged).toMatchObject({ status: 400, body: { error: { code: 'WEBHOOK_REJECTED' } } });
    expect(await post(s.stripe.sign(JSON.stringify(event), { timestamp: Math.floor(Date.now() / 1000) - 301 }))).toMatchObject({ status: 400 });
    expect(await post(undefined)).toMatchObject({ status: 400 });
    // Signed for one body, delivered with another (the amount changed on the way).
    const tampered = JSON.stringify({ ...event, data: { object: { ...event.data.object, amount_total: 1 } } });
    expect(await post(s.stripe.sign(JSON.stringify(event)), tampered)).toMatchObject({ status: 400 });
    expect(await post('t=1,v1=zz', 'not json')).toMatchObject({ status: 400 });
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ awaiting_payment: 1 });
    expect(await ledgerOf(s)).toEqual([]);
    expect(await db(s).selectFrom('provider_events').selectAll().execute()).toEqual([]);

    // A genuine event of a type we do not handle: 200, ignored.
    const other = { ...event, id: 'evt_test_other', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } };
    expect(await s.stripe.deliver(other)).toBe(200);
    expect(await db(s).selectFrom('provider_events').selectAll().execute()).toEqual([]);
    // An unknown provider's address: 404.
    expect((await fetch(`${s.base}/webhooks/paypal`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('applies out-of-order deliveries as Stripe says things stand now: an old "expired" after the payment releases nothing', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    const sessionId = sessionIdOf(created.body.paymentUrl);
    const attempt = (await attemptsOf(s))[0]!;
    s.stripe.dropWebhooks = true;
    await s.stripe.complete(sessionId);
    // An "expired" event for this session arrives first (signed, but older than the payment).
    const stale = { ...s.stripe.events[0]!, id: 'evt_test_expired_first', type: 'checkout.session.expired', data: { object: { ...s.stripe.session(sessionId), status: 'expired', client_reference_id: attempt.id } } };
    expect(await s.stripe.deliver(stale)).toBe(200);
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ status: 'confirmed', awaiting_payment: 0 });
    // Then the completion: recorded, but the payment is not recorded twice and no mail is queued again.
    expect(await s.stripe.deliver(s.stripe.events[0]!)).toBe(200);
    expect(await ledgerOf(s)).toHaveLength(1);
    expect((await outboxKinds(s)).filter((k) => k.startsWith('booking-confirmation'))).toHaveLength(1);
    expect((await db(s).selectFrom('provider_events').select('type').orderBy('received_at').execute()).map((e) => e.type).sort()).toEqual(['checkout.session.completed', 'checkout.session.expired']);
  });

  it('releases the place when the window lapses unpaid, tells the customer, lets another book it; a payment arriving later is recorded and flagged', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    const attempt = (await attemptsOf(s))[0]!;
    // Before the window ends, the polling jobs ask Stripe: still open, nothing changes.
    s.t.clock.set(new Date(Date.parse(attempt.created_at) + 29 * MINUTE).toISOString());
    await s.t.services.online.runJobs();
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ status: 'confirmed', awaiting_payment: 1 });
    expect(s.stripe.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/checkout/sessions/'))).toHaveLength(2);

    s.t.clock.set(new Date(Date.parse(attempt.created_at) + 30 * MINUTE).toISOString());
    await s.t.services.online.runJobs();
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ status: 'cancelled', cancelled_by: 'customer' });
    expect((await attemptsOf(s))[0]).toMatchObject({ status: 'expired' });
    expect(await outboxKinds(s)).toEqual(['booking-place-released claire.martin@example.fr']);
    const [released] = await deliverMail(s);
    expect(released!.parsed.subject).toBe('Paiement non reçu, votre place a été libérée\u00a0: Diagnostic informatique, lundi 30 novembre 2026 à 10\u00a0h');

    // The place is free again: another customer takes it, on site.
    const other = await book(s, 'on_site', { customer: customer({ email: 'paul@example.fr' }) });
    expect(other).toMatchObject({ status: 201, body: { status: 'confirmed' } });
    expect(other.body.paymentUrl).toBeUndefined();

    // The first customer pays anyway on the Stripe page still open: the money is recorded, the attempt flagged for the owner, the place stays Paul's.
    await s.stripe.complete(sessionIdOf(created.body.paymentUrl));
    expect((await attemptsOf(s)).find((a) => a.id === attempt.id)).toMatchObject({ status: 'succeeded', attention: 'paid_after_release' });
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ status: 'cancelled' });
    expect(await ledgerOf(s)).toEqual([expect.objectContaining({ method: 'stripe', amount_cents: 4900, booking_id: attempt.booking_id })]);
    expect((await outboxKinds(s)).filter((k) => k.startsWith('booking-confirmation claire'))).toEqual([]);
    expect(await s.t.services.online.needingAttention()).toEqual([expect.objectContaining({ id: attempt.id, attention: 'paid_after_release' })]);
  });

  it('catches a missed webhook by polling Stripe a few minutes after the customer left for its page', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    s.stripe.dropWebhooks = true;
    await s.stripe.complete(sessionIdOf(created.body.paymentUrl));
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ awaiting_payment: 1 });
    const attempt = (await attemptsOf(s))[0]!;
    s.t.clock.set(new Date(Date.parse(attempt.created_at) + 5 * MINUTE).toISOString());
    await s.t.services.online.runJobs();
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ status: 'confirmed', awaiting_payment: 0 });
    expect(await ledgerOf(s)).toHaveLength(1);
    // PaymentIntent read with its latest charge expanded (Radar's risk level).
    expect(s.stripe.requests.find((r) => r.path.startsWith('/v1/payment_intents/'))).toMatchObject({ method: 'GET', params: { 'expand[0]': 'latest_charge' } });
    // The webhook arriving after all changes nothing.
    s.stripe.dropWebhooks = false;
    expect(await s.stripe.deliver(s.stripe.events[0]!)).toBe(200);
    expect(await ledgerOf(s)).toHaveLength(1);
    expect(await outboxKinds(s)).toHaveLength(2);
  });

  it('the HTML form goes on to Stripe; back on the return page a success redirect alone confirms nothing until Stripe says it is paid', async () => {
    const s = await setup();
    const form = new URLSearchParams({
      start: MONDAY_10,
      idempotencyKey: 'form-key-0123456789abc',
      'customer.lastName': 'Martin',
      'customer.firstName': 'Claire',
      'customer.country': 'FR',
      'customer.email': 'claire.martin@example.fr',
      'customer.phone': '06 12 34 56 78',
      payment: 'stripe',
      acceptTerms: 'on',
      requestEarlyPerformance: 'on',
    });
    const posted = await fetch(`${s.base}/services/diagnostic-informatique/reserver`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
    expect(posted.status).toBe(200);
    const html = await posted.text();
    const checkout = /<meta http-equiv="refresh" content="0;url=([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    expect(checkout).toMatch(new RegExp(`^${s.stripe.url}/pay/cs_test_`));
    expect(html).toContain('Aller à la page de paiement');
    const sessionId = sessionIdOf(checkout);
    const returnUrl = String(s.stripe.session(sessionId).success_url);
    expect(returnUrl).toMatch(/^http:\/\/localhost:3000\/reservation\/[\w-]+\/[\w-]+\/paiement$/);
    const local = (url: string) => url.replace('http://localhost:3000', s.base);

    // The customer lands on the return page without having paid (say, by typing its address): nothing is confirmed.
    const early = await fetch(local(returnUrl), { redirect: 'manual' });
    expect(early.status).toBe(200);
    expect(await early.text()).toContain('Paiement en cours de vérification');
    expect((await attemptsOf(s))[0]).toMatchObject({ status: 'pending' });

    // Paid, the webhook lost: the return page asks Stripe, which says it is paid; the booking is confirmed and the page says so.
    s.stripe.dropWebhooks = true;
    await s.stripe.complete(sessionId);
    const back = await fetch(local(returnUrl), { redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toMatch(/\/reservation\/[\w-]+\/[\w-]+\?confirmee=1$/);
    expect((await attemptsOf(s))[0]).toMatchObject({ status: 'succeeded' });
    expect(await ledgerOf(s)).toHaveLength(1);

    // The cancel page of a paid booking leads back to it: nothing left to pay.
    const cancelPage = await fetch(local(String(s.stripe.session(sessionId).cancel_url)), { redirect: 'manual' });
    expect(cancelPage.status).toBe(303);
  });

  it('takes a deposit online and leaves the rest to pay on site', async () => {
    const s = await setup({ deposit: 30 });
    const created = await book(s, 'deposit_stripe');
    expect(created.status).toBe(201);
    const sessionId = sessionIdOf(created.body.paymentUrl);
    expect(s.stripe.session(sessionId)).toMatchObject({ amount_total: 1470, currency: 'eur' });
    expect((await attemptsOf(s))[0]).toMatchObject({ purpose: 'deposit', amount_cents: 1470 });
    await s.stripe.complete(sessionId);
    const read = await fetch(`${s.base}/api/v1/bookings/${created.body.reference}`, { headers: { authorization: `Bearer ${created.body.manageToken}` } });
    expect(await read.json()).toMatchObject({ status: 'confirmed', paymentStatus: 'partly_paid' });
    const mails = await deliverMail(s);
    expect(mails.find((m) => m.to.includes('claire.martin@example.fr'))!.parsed.text).toContain(
      'Vous avez versé un acompte de 14,70\u00a0€ en ligne (Stripe)\u00a0; le reste, 34,30\u00a0€, est à régler sur place.',
    );
  });

  it('refuses a payment choice the service does not offer or the site has not configured (422 beside the field), and books on site by default', async () => {
    const s = await setup();
    for (const payment of ['paypal', 'deposit_stripe', 'cash']) {
      const refused = await book(s, payment);
      expect(refused.status).toBe(422);
      expectDocumentedResponse('/api/v1/bookings', 'post', 422, refused.body);
      expect(refused.body.errors.map((f: { field: string }) => f.field)).toEqual(['payment']);
    }
    expect(await db(s).selectFrom('bookings').selectAll().execute()).toEqual([]);
    const onSite = await book(s, undefined);
    expect(onSite).toMatchObject({ status: 201, body: { status: 'confirmed' } });
    expect(onSite.body.paymentUrl).toBeUndefined();
    expect(await attemptsOf(s)).toEqual([]);
    expect(s.stripe.requests).toEqual([]);
  });

  it('keeps no card data anywhere: stored rows and logs hold only ids, amounts, statuses and the fraud outcome', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    await s.stripe.complete(sessionIdOf(created.body.paymentUrl));
    // What the fake's charge carries (Stripe's fixture): brand, fingerprint, expiry, billing name.
    const cardData = [/visa/i, /AOB934RVNwzk6xtn/, /exp_month/, /exp_year/, /"fingerprint"/, /card_1Pgaft/, /Jenny Rosen/, /cvc/i, /payment_method_details/];
    const tables = ['payment_attempts', 'provider_events', 'payments', 'bookings', 'booking_events', 'outbox_messages', 'jobs'] as const;
    const stored = [];
    for (const table of tables) stored.push(JSON.stringify(await sql`select * from ${sql.table(table)}`.execute(db(s))));
    const everything = [...stored, ...s.logs].join('\n');
    expect(everything).toContain('risk_level');
    for (const pattern of cardData) expect(everything).not.toMatch(pattern);
  });
});

import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakeStripe, type FakeStripe } from '../../../test/support/fakes/stripe.js';
import { expectDocumentedResponse } from '../../../test/support/openapi.js';
import { webhookReceiverForThisTest } from '../../../test/support/webhook-receiver.js';
import type { DialectName } from '../../db/dialect.js';

/**
 * The owner API and the webhooks say where a booking's payment stands (issue 7 items 1, 5, 10):
 * `pending_payment` while it waits for its online payment (never `confirmed`), and a `payment`
 * object (status, paidCents, methods) in the same representation in both. Real HTTP to a fake
 * Stripe and to a webhook receiver on loopback.
 */
describeEachDialect('payments in the owner API and webhooks', (dialect: DialectName) => {
  async function setup(): Promise<{ t: TestApp; stripe: FakeStripe; base: string; key: string }> {
    const stripe = await startFakeStripe();
    const t = await createTestApp(dialect, { env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url, WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${base}/webhooks/stripe`;
    onTestFinished(async () => {
      await t.close();
      await stripe.close();
    });
    await t.db.database.db.updateTable('services').set({ payment_options: JSON.stringify(['on_site', 'stripe']) }).execute();
    const key = (await t.services.apiKeys.create({ name: 'Comptabilité', scope: 'read' }, 'fr')).key;
    return { t, stripe, base, key };
  }

  async function book(base: string, start: string, payment: string) {
    const response = await fetch(`${base}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start, customer: customer(), requestEarlyPerformance: true, payment }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { reference: string; paymentUrl?: string };
  }

  async function listed(t: TestApp, key: string) {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/admin/bookings?from=2026-11-30&to=2026-11-30', headers: { authorization: `Bearer ${key}` } });
    expect(response.statusCode).toBe(200);
    expectDocumentedResponse('/api/v1/admin/bookings', 'get', 200, response.json());
    return new Map((response.json() as { reference: string; status: string; payment: Record<string, unknown> }[]).map((b) => [b.reference, b]));
  }

  it('gives pending_payment and the pending payment while a booking waits, then confirmed and paid by Stripe; on site: unpaid, then partly paid in cash', async () => {
    const { t, stripe, base, key } = await setup();
    const online = await book(base, MONDAY_10, 'stripe');
    const onSite = await book(base, '2026-11-30T14:00:00+01:00', 'on_site');
    const before = await listed(t, key);
    expect(before.get(online.reference)).toMatchObject({
      status: 'pending_payment',
      payment: { status: 'pending', paidCents: 0, methods: [], pending: { provider: 'stripe', purpose: 'full', amountCents: 4900, expiresAt: '2026-11-26T07:30:00.000Z' } },
    });
    expect(before.get(onSite.reference)).toMatchObject({ status: 'confirmed', payment: { status: 'unpaid', paidCents: 0, methods: [] } });
    expect(before.get(onSite.reference)!.payment).not.toHaveProperty('pending');

    await stripe.complete(/\/pay\/(\w+)$/.exec(online.paymentUrl!)![1]!);
    const onSiteId = (await t.db.database.db.selectFrom('bookings').select('id').where('reference', '=', onSite.reference).executeTakeFirstOrThrow()).id;
    await t.services.payments.record(onSiteId, { method: 'cash', amount: '20' }, 'fr');
    const after = await listed(t, key);
    expect(after.get(online.reference)).toMatchObject({ status: 'confirmed', payment: { status: 'paid', paidCents: 4900, methods: ['stripe'] } });
    expect(after.get(online.reference)!.payment).not.toHaveProperty('pending');
    expect(after.get(onSite.reference)).toMatchObject({ status: 'confirmed', payment: { status: 'partly_paid', paidCents: 2000, methods: ['cash'] } });
  });

  it('sends booking.created of a booking awaiting its payment as pending_payment, with the same payment object', async () => {
    const { t, base } = await setup();
    const receiver = await webhookReceiverForThisTest();
    await t.services.webhooks.create({ url: receiver.url, events: ['booking.created'] }, 'fr');
    const online = await book(base, MONDAY_10, 'stripe');
    await t.services.jobs.runUntilIdle();
    expect(receiver.received).toHaveLength(1);
    const event = JSON.parse(receiver.received[0]!.body) as { type: string; data: { booking: Record<string, unknown> } };
    expect(event.type).toBe('booking.created');
    expect(event.data.booking).toMatchObject({ reference: online.reference, status: 'pending_payment', payment: { status: 'pending', paidCents: 0, methods: [], pending: { provider: 'stripe', amountCents: 4900 } } });
  });
});

import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakePayPal, type FakePayPal } from '../../../test/support/fakes/paypal.js';
import type { DialectName } from '../../db/dialect.js';

/**
 * The PayPal provider plugged into the same core: an API booking paid with PayPal against the
 * local fake PayPal (real HTTP), the buyer's approval, PayPal's signed webhook, the capture made
 * by settle(), the booking confirmed and the payment in the ledger once.
 */
describeEachDialect('online payments through PayPal', (dialect: DialectName) => {
  async function setup(): Promise<{ t: TestApp; paypal: FakePayPal; base: string }> {
    const paypal = await startFakePayPal();
    const t = await createTestApp(dialect, {
      env: { PAYPAL_CLIENT_ID: paypal.clientId, PAYPAL_CLIENT_SECRET: paypal.clientSecret, PAYPAL_WEBHOOK_ID: paypal.webhookId, PAYPAL_API_BASE: paypal.url },
    });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    paypal.webhookUrl = `${base}/webhooks/paypal`;
    onTestFinished(async () => {
      await t.close();
      await paypal.close();
    });
    await t.db.database.db.updateTable('services').set({ payment_options: JSON.stringify(['on_site', 'paypal']), deposit_percent: 20 }).where('slug', '=', 'diagnostic-informatique').execute();
    return { t, paypal, base };
  }

  async function book(base: string, payment: string) {
    const response = await fetch(`${base}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start: MONDAY_10, customer: customer(), requestEarlyPerformance: true, payment }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  it('creates the order, and once the buyer approved it PayPal’s webhook confirms the booking, captured once', async () => {
    const { t, paypal, base } = await setup();
    const created = await book(base, 'paypal');
    expect(created).toMatchObject({ status: 201, body: { status: 'pending_payment', paymentUrl: expect.stringContaining(paypal.url.replace('http://', '')) } });
    const db = t.db.database.db;
    const attempt = await db.selectFrom('payment_attempts').selectAll().executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ provider: 'paypal', amount_cents: 4900, status: 'pending', provider_ref: expect.any(String) });

    paypal.approve(attempt.provider_ref!);
    await paypal.settled();
    expect(paypal.deliveries.length).toBeGreaterThan(0);
    const paid = await db.selectFrom('payment_attempts').selectAll().executeTakeFirstOrThrow();
    expect(paid).toMatchObject({ status: 'succeeded', provider_payment_ref: expect.any(String) });
    expect(JSON.parse(paid.fraud_outcome!)).toMatchObject({ seller_protection: 'ELIGIBLE' });
    expect(await db.selectFrom('bookings').select(['status', 'awaiting_payment']).executeTakeFirstOrThrow()).toEqual({ status: 'confirmed', awaiting_payment: 0 });
    const ledger = await db.selectFrom('payments').selectAll().execute();
    expect(ledger).toEqual([expect.objectContaining({ method: 'paypal', amount_cents: 4900 })]);
    // Every delivery PayPal makes (approval, capture) changes nothing more.
    for (const delivery of [...paypal.deliveries]) expect(await paypal.sendWebhook(paypal.webhookUrl!, delivery.event)).toBe(200);
    expect(await db.selectFrom('payments').selectAll().execute()).toHaveLength(1);
    expect((await db.selectFrom('outbox_messages').select('kind').execute()).filter((m) => m.kind === 'booking-confirmation')).toHaveLength(1);
    expect(paypal.requestsTo('POST', /\/capture$/).length).toBeGreaterThanOrEqual(1);
    expect(new Set(paypal.requestsTo('POST', /\/capture$/).map((r) => r.requestId)).size).toBe(1);
  });

  it('takes a PayPal deposit: 20 % online, the rest on site', async () => {
    const { t, paypal, base } = await setup();
    const created = await book(base, 'deposit_paypal');
    expect(created.status).toBe(201);
    const attempt = await t.db.database.db.selectFrom('payment_attempts').selectAll().executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ purpose: 'deposit', amount_cents: 980 });
    paypal.approve(attempt.provider_ref!);
    await paypal.settled();
    const read = await fetch(`${base}/api/v1/bookings/${created.body.reference}`, { headers: { authorization: `Bearer ${created.body.manageToken}` } });
    expect(await read.json()).toMatchObject({ status: 'confirmed', paymentStatus: 'partly_paid' });
  });
});

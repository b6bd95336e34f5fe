import { tmpdir } from 'node:os';
import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakeStripe, type FakeStripe } from '../../../test/support/fakes/stripe.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import type { DialectName } from '../../db/dialect.js';
import { createMailTransport } from '../../platform/mail/transport.js';

/**
 * Stripe's delayed payment methods (SEPA debit…), as Stripe documents them: the Checkout Session
 * completes unpaid (its PaymentIntent processing), then checkout.session.async_payment_succeeded or
 * checkout.session.async_payment_failed tells the outcome. A failure ends the attempt for good: the
 * place is released like a lapse and the customer told. Real SDK, fake Stripe over HTTP, real SMTP.
 */
const MINUTE = 60_000;

interface Setup {
  t: TestApp;
  stripe: FakeStripe;
  smtp: TestSmtpServer;
  base: string;
}

describeEachDialect('Stripe delayed payments', (dialect: DialectName) => {
  async function setup(): Promise<Setup> {
    const stripe = await startFakeStripe();
    const smtp = await startSmtpServer();
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir() });
    const t = await createTestApp(dialect, { mailTransport: transport, env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url } });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${base}/webhooks/stripe`;
    onTestFinished(async () => {
      await t.close();
      transport.close();
      await smtp.stop();
      await stripe.close();
    });
    await t.db.database.db.updateTable('services').set({ payment_options: JSON.stringify(['on_site', 'stripe']) }).where('slug', '=', 'diagnostic-informatique').execute();
    return { t, stripe, smtp, base };
  }

  async function book(s: Setup, payment: string, email = 'claire.martin@example.fr') {
    const response = await fetch(`${s.base}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start: MONDAY_10, customer: customer({ email }), requestEarlyPerformance: true, payment }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  const sessionIdOf = (paymentUrl: string) => /\/pay\/(\w+)$/.exec(paymentUrl)![1]!;
  const db = (s: Setup) => s.t.db.database.db;
  const attemptOf = async (s: Setup) => (await db(s).selectFrom('payment_attempts').selectAll().execute())[0]!;
  const bookingOf = (s: Setup, reference: string) => db(s).selectFrom('bookings').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  const ledgerOf = (s: Setup) => db(s).selectFrom('payments').selectAll().execute();
  const outboxKinds = async (s: Setup) => (await db(s).selectFrom('outbox_messages').select(['kind', 'recipient']).orderBy('created_at').execute()).map((m) => `${m.kind} ${m.recipient}`);

  it('fails the attempt on checkout.session.async_payment_failed, releases the place and tells the customer, once', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    const sessionId = sessionIdOf(created.body.paymentUrl);

    // The customer chose a SEPA debit: the session completes unpaid, the payment is processing; the place stays held.
    await s.stripe.completeDelayed(sessionId);
    expect(await attemptOf(s)).toMatchObject({ status: 'pending' });
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ status: 'confirmed', awaiting_payment: 1 });
    expect(await outboxKinds(s)).toEqual([]);

    // The bank refuses the debit.
    await s.stripe.fail(sessionId);
    expect(s.stripe.deliveries.map((d) => [d.type, d.status])).toEqual([
      ['checkout.session.completed', 200],
      ['checkout.session.async_payment_failed', 200],
    ]);
    expect(await attemptOf(s)).toMatchObject({ status: 'failed', provider_payment_ref: null, payment_id: null });
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ status: 'cancelled', cancelled_by: 'customer' });
    expect(await ledgerOf(s)).toEqual([]);
    expect(await outboxKinds(s)).toEqual(['booking-place-released claire.martin@example.fr']);
    while (await s.t.services.outbox.deliverDue());
    const [mail] = s.smtp.received;
    expect(mail!.parsed.subject).toBe('Paiement refusé, votre place a été libérée\u00a0: Diagnostic informatique, lundi 30 novembre 2026 à 10\u00a0h');
    expect(mail!.parsed.text).toContain('Votre paiement en ligne n’a pas abouti\u00a0: votre banque l’a refusé, et aucune somme ne vous a été prélevée. Votre place a donc été libérée et votre réservation annulée.');

    // Delivered again: recorded once, no second mail; the lapse job at the window's end leaves the attempt failed.
    expect(await s.stripe.deliver(s.stripe.events[1]!)).toBe(200);
    s.t.clock.set(new Date(Date.parse((await attemptOf(s)).expires_at) + MINUTE).toISOString());
    await s.t.services.online.runJobs();
    expect(await attemptOf(s)).toMatchObject({ status: 'failed' });
    expect(await outboxKinds(s)).toHaveLength(1);

    // The place is free: another customer books it.
    expect(await book(s, 'on_site', 'paul@example.fr')).toMatchObject({ status: 201, body: { status: 'confirmed' } });
  });

  it('confirms the booking on checkout.session.async_payment_succeeded, with the payment in the ledger', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    const sessionId = sessionIdOf(created.body.paymentUrl);
    await s.stripe.completeDelayed(sessionId);
    await s.stripe.succeedDelayed(sessionId);
    expect(s.stripe.deliveries.map((d) => d.type)).toEqual(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);
    expect(await attemptOf(s)).toMatchObject({ status: 'succeeded', provider_payment_ref: expect.stringMatching(/^pi_/) });
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ status: 'confirmed', awaiting_payment: 0 });
    expect(await ledgerOf(s)).toEqual([expect.objectContaining({ method: 'stripe', amount_cents: 4900 })]);
    expect(await outboxKinds(s)).toEqual(['booking-confirmation claire.martin@example.fr', `booking-owner-notice ${s.t.app.business.current().email}`]);
  });

  it('catches a refused debit whose webhook was missed by polling Stripe', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    s.stripe.dropWebhooks = true;
    await s.stripe.fail(sessionIdOf(created.body.paymentUrl));
    expect(await attemptOf(s)).toMatchObject({ status: 'pending' });
    s.t.clock.set(new Date(Date.parse((await attemptOf(s)).created_at) + 5 * MINUTE).toISOString());
    await s.t.services.online.runJobs();
    expect(await attemptOf(s)).toMatchObject({ status: 'failed' });
    expect(await bookingOf(s, created.body.reference)).toMatchObject({ status: 'cancelled' });
    expect(await outboxKinds(s)).toEqual(['booking-place-released claire.martin@example.fr']);
  });
});

import { tmpdir } from 'node:os';
import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, customer, MONDAY_10, saveInvoicingIdentity, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakePayPal, type FakePayPal } from '../../../test/support/fakes/paypal.js';
import { startFakeStripe, type FakeStripe } from '../../../test/support/fakes/stripe.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import type { DialectName } from '../../db/dialect.js';
import { createMailTransport } from '../../platform/mail/transport.js';

/**
 * Refunds when a paid booking is cancelled (issue 7 item 6, 13): the cancellation decides what is
 * given back and queues a job in its own transaction; the job asks the provider (a local fake
 * Stripe or PayPal over real HTTP) with an idempotency key derived from the refund; once the
 * provider says it is made, the correction is in the ledger (once, whatever the webhooks) and the
 * customer is mailed through a real SMTP server.
 */
interface Setup {
  t: TestApp;
  stripe: FakeStripe;
  paypal: FakePayPal;
  smtp: TestSmtpServer;
  base: string;
}

describeEachDialect('refunds of a cancelled paid booking', (dialect: DialectName) => {
  async function setup(): Promise<Setup> {
    const [stripe, paypal, smtp] = await Promise.all([startFakeStripe(), startFakePayPal(), startSmtpServer()]);
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir() });
    const t = await createTestApp(dialect, {
      mailTransport: transport,
      env: {
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
        STRIPE_API_BASE: stripe.url,
        PAYPAL_CLIENT_ID: paypal.clientId,
        PAYPAL_CLIENT_SECRET: paypal.clientSecret,
        PAYPAL_WEBHOOK_ID: paypal.webhookId,
        PAYPAL_API_BASE: paypal.url,
      },
    });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${base}/webhooks/stripe`;
    paypal.webhookUrl = `${base}/webhooks/paypal`;
    onTestFinished(async () => {
      await t.close();
      transport.close();
      await smtp.stop();
      await stripe.close();
      await paypal.close();
    });
    await t.db.database.db
      .updateTable('services')
      .set({ payment_options: JSON.stringify(['on_site', 'stripe', 'paypal']) })
      .where('slug', '=', 'diagnostic-informatique')
      .execute();
    return { t, stripe, paypal, smtp, base };
  }

  const db = (s: Setup) => s.t.db.database.db;
  const ledgerOf = (s: Setup) => db(s).selectFrom('payments').selectAll().orderBy('sequence').execute();
  const refundsOf = (s: Setup) => db(s).selectFrom('payment_refunds').selectAll().orderBy('created_at').execute();
  const outboxKinds = async (s: Setup) => (await db(s).selectFrom('outbox_messages').select('kind').orderBy('created_at').execute()).map((m) => m.kind);
  const deliverMail = async (s: Setup) => {
    while (await s.t.services.outbox.deliverDue());
    return s.smtp.received;
  };
  const cancelledEvent = async (s: Setup, bookingId: string) =>
    JSON.parse((await db(s).selectFrom('booking_events').select('details').where('booking_id', '=', bookingId).where('type', '=', 'cancelled').executeTakeFirstOrThrow()).details) as Record<string, string>;

  async function book(s: Setup, payment: string, overrides: Record<string, unknown> = {}) {
    const response = await fetch(`${s.base}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start: MONDAY_10, customer: customer(), requestEarlyPerformance: true, payment, ...overrides }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, any>;
    const booking = await db(s).selectFrom('bookings').selectAll().where('reference', '=', body.reference).executeTakeFirstOrThrow();
    return { reference: body.reference as string, manageToken: body.manageToken as string, paymentUrl: body.paymentUrl as string, id: booking.id };
  }

  /** Booked and paid through Stripe's page; then Stripe's deliveries stop, so that each test sends them itself. */
  async function paidWithStripe(s: Setup, overrides: Record<string, unknown> = {}) {
    const booked = await book(s, 'stripe', overrides);
    await s.stripe.complete(/\/pay\/(\w+)$/.exec(booked.paymentUrl)![1]!);
    expect((await ledgerOf(s)).filter((e) => e.booking_id === booked.id)).toEqual([expect.objectContaining({ kind: 'payment', method: 'stripe', amount_cents: 4900 })]);
    s.stripe.dropWebhooks = true;
    return booked;
  }

  async function paidWithPayPal(s: Setup) {
    const booked = await book(s, 'paypal');
    const attempt = await db(s).selectFrom('payment_attempts').selectAll().where('booking_id', '=', booked.id).executeTakeFirstOrThrow();
    s.paypal.approve(attempt.provider_ref!);
    await s.paypal.settled();
    expect((await ledgerOf(s)).filter((e) => e.booking_id === booked.id)).toEqual([expect.objectContaining({ kind: 'payment', method: 'paypal', amount_cents: 4900 })]);
    return booked;
  }

  it('refunds a Stripe payment in full when the customer cancels before the cut-off: one refund call with its key, a correction, a mail; a redelivered webhook changes nothing', async () => {
    const s = await setup();
    const booked = await paidWithStripe(s);
    await s.t.services.booking.cancelByCustomer(booked.reference, booked.manageToken);

    // The private page says a refund is on its way.
    const manage = new URL(s.t.services.booking.manageUrl({ reference: booked.reference, locale: 'fr' }));
    const privatePage = await s.t.app.inject({ url: `${manage.pathname}?annulee=1` });
    expect(privatePage.statusCode).toBe(200);
    expect(privatePage.body).toContain('Un remboursement de 49,00 € est en cours');

    // Decided and planned with the cancellation; nothing asked of Stripe inside it.
    expect(await cancelledEvent(s, booked.id)).toMatchObject({ refundBasis: 'free_cancellation', paidCents: '4900', refundCents: '4900', refundOnlineCents: '4900', refundByHandCents: '0' });
    const [planned] = await refundsOf(s);
    expect(planned).toMatchObject({ booking_id: booked.id, method: 'stripe', amount_cents: 4900, status: 'requested', tries: 1 });
    expect(s.stripe.requests.filter((r) => r.path === '/v1/refunds')).toEqual([]);

    await s.t.services.refunds.runJobs();
    const calls = s.stripe.requests.filter((r) => r.path === '/v1/refunds');
    const attempt = await db(s).selectFrom('payment_attempts').selectAll().where('booking_id', '=', booked.id).executeTakeFirstOrThrow();
    expect(calls).toEqual([expect.objectContaining({ method: 'POST', idempotencyKey: `ws-refund-${planned!.id}`, status: 200, params: expect.objectContaining({ payment_intent: attempt.provider_payment_ref, amount: '4900' }) })]);
    const [done] = await refundsOf(s);
    expect(done).toMatchObject({ status: 'succeeded', provider_refund_ref: expect.stringMatching(/^re_test_/), correction_id: expect.any(String) });
    const ledger = (await ledgerOf(s)).filter((e) => e.booking_id === booked.id);
    expect(ledger).toEqual([
      expect.objectContaining({ kind: 'payment', amount_cents: 4900 }),
      expect.objectContaining({ id: done!.correction_id, kind: 'correction', method: 'stripe', amount_cents: -4900, corrects_id: ledger[0]!.id, reason: 'Annulation avant la limite d’annulation\u00a0: remboursement intégral' }),
    ]);

    // The customer: the cancellation says a refund is on its way, then a mail once it is made.
    const mails = await deliverMail(s);
    const cancellation = mails.find((m) => m.to.includes('claire.martin@example.fr') && m.parsed.subject?.startsWith('Réservation annulée'))!;
    expect(cancellation.parsed.text).toContain('Un remboursement de 49,00\u00a0€ est en cours');
    const refunded = mails.find((m) => m.parsed.subject?.startsWith('Remboursement'))!;
    expect(refunded.to).toContain('claire.martin@example.fr');
    expect(refunded.parsed.subject).toBe(`Remboursement de 49,00\u00a0€ — réservation ${booked.reference}`);
    expect(refunded.parsed.text).toContain('par Stripe');
    expect(refunded.parsed.text).toContain('sous 5 à 10\u00a0jours ouvrés selon votre banque');

    // Stripe's webhooks of that refund (created, charge refunded), each delivered twice: recorded once, nothing more.
    const refundEvents = s.stripe.events.filter((e) => e.type === 'refund.created' || e.type === 'charge.refunded');
    expect(refundEvents.map((e) => e.type)).toEqual(['refund.created', 'charge.refunded']);
    for (const event of [...refundEvents, ...refundEvents]) expect(await s.stripe.deliver(event)).toBe(200);
    expect((await ledgerOf(s)).filter((e) => e.booking_id === booked.id)).toHaveLength(2);
    expect((await outboxKinds(s)).filter((k) => k === 'payment-refunded')).toHaveLength(1);
    const recorded = await db(s).selectFrom('provider_events').select('event_id').where('event_id', 'in', refundEvents.map((e) => String(e.id))).execute();
    expect(recorded).toHaveLength(2);
    expect((await s.t.services.payments.verify()).intact).toBe(true);
  });

  it('completes a refund Stripe answered pending when its refund.updated webhook says it succeeded, once', async () => {
    const s = await setup();
    const booked = await paidWithStripe(s);
    s.stripe.refundOutcomes.push('pending');
    await s.t.services.booking.cancelByCustomer(booked.reference, booked.manageToken);
    await s.t.services.refunds.runJobs();
    const [pending] = await refundsOf(s);
    expect(pending).toMatchObject({ status: 'pending', provider_refund_ref: expect.stringMatching(/^re_test_/), correction_id: null });
    expect((await ledgerOf(s)).filter((e) => e.kind === 'correction')).toEqual([]);

    s.stripe.dropWebhooks = false;
    await s.stripe.settleRefund(pending!.provider_refund_ref!);
    const [done] = await refundsOf(s);
    expect(done).toMatchObject({ status: 'succeeded', correction_id: expect.any(String) });
    expect((await ledgerOf(s)).filter((e) => e.kind === 'correction')).toEqual([expect.objectContaining({ amount_cents: -4900, method: 'stripe' })]);
    // The poll job, due later, finds nothing left to do.
    s.t.clock.advance(2 * 3_600_000);
    await s.t.services.refunds.runJobs();
    expect((await ledgerOf(s)).filter((e) => e.kind === 'correction')).toHaveLength(1);
    expect((await outboxKinds(s)).filter((k) => k === 'payment-refunded')).toHaveLength(1);
  });

  it('shows a refund Stripe refused as failed, and « Relancer » asks again with a new key', async () => {
    const s = await setup();
    const booked = await paidWithStripe(s);
    s.stripe.refundOutcomes.push('failed');
    await s.t.services.booking.cancelByOwner(booked.id, null);
    await s.t.services.refunds.runJobs();
    const [failed] = await refundsOf(s);
    expect(failed).toMatchObject({ status: 'failed', failure: expect.stringContaining('stripe'), correction_id: null });
    expect((await ledgerOf(s)).filter((e) => e.kind === 'correction')).toEqual([]);
    expect(await outboxKinds(s)).not.toContain('payment-refunded');

    expect(await s.t.services.refunds.retry('another-booking', failed!.id)).toBe(false);
    expect(await s.t.services.refunds.retry(booked.id, failed!.id)).toBe(true);
    expect(await s.t.services.refunds.retry(booked.id, failed!.id)).toBe(false);
    await s.t.services.refunds.runJobs();
    const keys = s.stripe.requests.filter((r) => r.path === '/v1/refunds').map((r) => r.idempotencyKey);
    expect(keys).toEqual([`ws-refund-${failed!.id}`, `ws-refund-${failed!.id}-2`]);
    expect(await refundsOf(s)).toEqual([expect.objectContaining({ status: 'succeeded', tries: 2, failure: null })]);
    expect((await ledgerOf(s)).filter((e) => e.kind === 'correction')).toEqual([expect.objectContaining({ amount_cents: -4900 })]);
    expect((await s.t.services.payments.verify()).intact).toBe(true);
  });

  it('refunds a PayPal capture through PayPal, with its request id, once despite PayPal’s refund webhook', async () => {
    const s = await setup();
    const booked = await paidWithPayPal(s);
    await s.t.services.booking.cancelByCustomer(booked.reference, booked.manageToken);
    await s.t.services.refunds.runJobs();
    await s.paypal.settled();
    const [refund] = await refundsOf(s);
    const attempt = await db(s).selectFrom('payment_attempts').selectAll().where('booking_id', '=', booked.id).executeTakeFirstOrThrow();
    const calls = s.paypal.requestsTo('POST', /\/refund$/);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ requestId: `ws-refund-${refund!.id}`, path: `/v2/payments/captures/${attempt.provider_payment_ref}/refund` });
    expect(refund).toMatchObject({ method: 'paypal', status: 'succeeded', amount_cents: 4900, provider_refund_ref: expect.any(String) });
    expect((await ledgerOf(s)).filter((e) => e.kind === 'correction')).toEqual([expect.objectContaining({ method: 'paypal', amount_cents: -4900 })]);
    // PayPal's PAYMENT.CAPTURE.REFUNDED, sent again: nothing twice.
    const refundDeliveries = s.paypal.deliveries.filter((d) => d.event.event_type === 'PAYMENT.CAPTURE.REFUNDED');
    expect(refundDeliveries).toHaveLength(1);
    expect(await s.paypal.sendWebhook(s.paypal.webhookUrl!, refundDeliveries[0]!.event)).toBe(200);
    expect((await ledgerOf(s)).filter((e) => e.kind === 'correction')).toHaveLength(1);
    expect((await outboxKinds(s)).filter((k) => k === 'payment-refunded')).toHaveLength(1);
    const mails = await deliverMail(s);
    expect(mails.find((m) => m.parsed.subject?.startsWith('Remboursement'))!.parsed.text).toContain('par PayPal');
    expect((await s.t.services.payments.verify()).intact).toBe(true);
  });

  it('gives back the amount the owner chose for a cancellation the customer asked for after the cut-off', async () => {
    const s = await setup();
    const booked = await paidWithStripe(s);
    // Sunday noon: less than 24 hours before Monday 10:00.
    s.t.clock.set('2026-11-29T11:00:00.000Z');
    await s.t.services.booking.cancelByOwner(booked.id, 'Demande du client par téléphone', { by: 'customer_request', choice: { kind: 'amount', cents: 2000 } });
    expect(await cancelledEvent(s, booked.id)).toMatchObject({ reason: 'Demande du client par téléphone', refundBasis: 'owner_choice', paidCents: '4900', refundCents: '2000' });
    await s.t.services.refunds.runJobs();
    expect(s.stripe.requests.filter((r) => r.path === '/v1/refunds').map((r) => r.params.amount)).toEqual(['2000']);
    expect((await ledgerOf(s)).filter((e) => e.kind === 'correction')).toEqual([expect.objectContaining({ amount_cents: -2000, reason: expect.stringContaining('après la limite d’annulation') })]);
    const mails = await deliverMail(s);
    expect(mails.find((m) => m.parsed.subject?.startsWith('Remboursement'))!.parsed.subject).toContain('20,00\u00a0€');
  });

  it('gives nothing back when the owner chose nothing after the cut-off, and everything before it whatever was chosen', async () => {
    const s = await setup();
    const first = await paidWithStripe(s);
    s.stripe.dropWebhooks = false;
    const second = await paidWithStripe(s, { start: '2026-11-30T14:00:00+01:00', customer: customer({ email: 'paul@example.fr' }) });
    await s.t.services.booking.cancelByOwner(second.id, null, { by: 'customer_request', choice: { kind: 'none' } });
    expect(await cancelledEvent(s, second.id)).toMatchObject({ refundBasis: 'free_cancellation', refundCents: '4900' });
    s.t.clock.set('2026-11-29T11:00:00.000Z');
    await s.t.services.booking.cancelByOwner(first.id, null, { by: 'customer_request', choice: { kind: 'none' } });
    expect(await cancelledEvent(s, first.id)).toMatchObject({ refundBasis: 'owner_choice', refundCents: '0' });
    expect((await refundsOf(s)).map((r) => [r.booking_id, r.amount_cents])).toEqual([[second.id, 4900]]);
  });

  it('refunds a withdrawal less the part performed at the customer’s request', async () => {
    const s = await setup();
    const booked = await paidWithStripe(s);
    await s.t.services.booking.cancelByOwner(booked.id, null, { by: 'withdrawal', performedCents: 1500 });
    expect(await cancelledEvent(s, booked.id)).toMatchObject({ refundBasis: 'withdrawal', refundCents: '3400', performedCents: '1500' });
    await s.t.services.refunds.runJobs();
    expect((await ledgerOf(s)).filter((e) => e.kind === 'correction')).toEqual([expect.objectContaining({ amount_cents: -3400, reason: 'Rétractation (14\u00a0jours)\u00a0: remboursement moins la part déjà exécutée (15,00\u00a0€)' })]);
    expect((await s.t.services.payments.verify()).intact).toBe(true);
  });

  it('asks the owner to give back a payment taken on site: the refund waits for the correction the owner records', async () => {
    const s = await setup();
    const booked = await book(s, 'on_site');
    await s.t.services.payments.record(booked.id, { method: 'cash', amount: '49' }, 'fr');
    await s.t.services.booking.cancelByOwner(booked.id, null);
    expect(await cancelledEvent(s, booked.id)).toMatchObject({ refundBasis: 'business_cancelled', refundOnlineCents: '0', refundByHandCents: '4900' });
    const [byHand] = await refundsOf(s);
    expect(byHand).toMatchObject({ method: 'cash', status: 'by_hand', amount_cents: 4900 });
    await s.t.services.refunds.runJobs();
    expect(s.stripe.requests.filter((r) => r.path === '/v1/refunds')).toEqual([]);
    const mails = await deliverMail(s);
    expect(mails.find((m) => m.to.includes('claire.martin@example.fr') && m.parsed.subject?.startsWith('Réservation annulée'))!.parsed.text).toContain('Nous vous rendrons 49,00\u00a0€ que vous aviez payés sur place.');

    const ledger = await s.t.services.payments.forBooking(booked.id);
    expect(ledger.refunds).toEqual([expect.objectContaining({ id: byHand!.id, status: 'by_hand' })]);
    await s.t.services.payments.correct(booked.id, { correctsId: ledger.entries[0]!.id, correctionAmount: '49', reason: byHand!.reason }, 'fr');
    expect(await refundsOf(s)).toEqual([expect.objectContaining({ status: 'given_back', correction_id: expect.any(String) })]);
    expect((await s.t.services.payments.verify()).intact).toBe(true);
  });

  it('refunds by itself a payment that came after the place was released', async () => {
    const s = await setup();
    const booked = await book(s, 'stripe');
    const sessionId = /\/pay\/(\w+)$/.exec(booked.paymentUrl)![1]!;
    // The window lapses: the place is released; then the customer pays on the page still open.
    s.t.clock.advance(31 * 60_000);
    await s.t.services.online.runJobs();
    expect(await db(s).selectFrom('bookings').select('status').where('id', '=', booked.id).executeTakeFirstOrThrow()).toEqual({ status: 'cancelled' });
    s.stripe.dropWebhooks = true;
    await s.stripe.complete(sessionId);
    expect(await s.stripe.deliver(s.stripe.events.at(-1)!)).toBe(200);
    expect(await db(s).selectFrom('payment_attempts').select('attention').where('booking_id', '=', booked.id).executeTakeFirstOrThrow()).toEqual({ attention: 'paid_after_release' });
    expect(await refundsOf(s)).toEqual([expect.objectContaining({ status: 'requested', amount_cents: 4900, reason: expect.stringContaining('après la libération de la place') })]);
    await s.t.services.refunds.runJobs();
    expect(await refundsOf(s)).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    expect((await ledgerOf(s)).map((e) => e.amount_cents)).toEqual([4900, -4900]);
    expect((await s.t.services.payments.verify()).intact).toBe(true);
  });

  it('issues the credit note of a refund on an invoiced booking, with the correction (the invoices module’s hook) and publishes payment.refunded', async () => {
    const s = await setup();
    await saveInvoicingIdentity(s.t.services.settings, { vatExempt: false });
    const booked = await paidWithStripe(s, { customer: customer({ address: { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' } }) });
    await s.t.services.invoicing.runDeferred();
    expect((await s.t.services.invoices.forBooking(booked.id)).map((d) => d.type)).toEqual(['invoice']);
    await s.t.services.booking.cancelByCustomer(booked.reference, booked.manageToken);
    await s.t.services.refunds.runJobs();
    const [refund] = await refundsOf(s);
    const documents = await s.t.services.invoices.forBooking(booked.id);
    expect(documents.map((d) => d.type)).toEqual(['invoice', 'credit_note']);
    expect(documents[1]).toMatchObject({ sourceKey: refund!.correction_id, grossCents: 4900 });
    const published = (await db(s).selectFrom('jobs').select('payload').where('kind', '=', 'events.publish').execute()).map((j) => (JSON.parse(String(j.payload)) as { type: string; subjectId: string }));
    expect(published).toContainEqual(expect.objectContaining({ type: 'payment.refunded', subjectId: refund!.correction_id }));
  });

  it('gives everything back when a session is cancelled: the business cancels', async () => {
    const s = await setup();
    await db(s).updateTable('services').set({ payment_options: JSON.stringify(['on_site', 'stripe']) }).where('slug', '=', 'atelier-numerique').execute();
    const booked = await book(s, 'stripe', { service: 'atelier-numerique', start: '2026-12-05T10:00:00+01:00', requestEarlyPerformance: false });
    await s.stripe.complete(/\/pay\/(\w+)$/.exec(booked.paymentUrl)![1]!);
    s.stripe.dropWebhooks = true;
    const { sessionId } = await db(s).selectFrom('bookings').select('session_id as sessionId').where('id', '=', booked.id).executeTakeFirstOrThrow();
    expect(await s.t.services.booking.sessions.cancelByOwner(sessionId!, 'Formateur malade')).toBe(1);
    expect(await cancelledEvent(s, booked.id)).toMatchObject({ reason: 'Formateur malade', refundBasis: 'business_cancelled', refundCents: '3500' });
    await s.t.services.refunds.runJobs();
    expect((await ledgerOf(s)).map((e) => [e.kind, e.amount_cents, e.reason])).toEqual([
      ['payment', 3500, null],
      ['correction', -3500, 'Annulation par l’entreprise\u00a0: remboursement intégral'],
    ]);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakeStripe, type FakeStripe } from '../../../test/support/fakes/stripe.js';
import type { DialectName } from '../../db/dialect.js';
import { LEDGER_VERIFY_READER } from '../legal-archive/index.js';
import { verifyPaymentLedger } from './payments.service.js';

/**
 * A refund still under way when its customer is erased: the erasure reports it « kept » (its job
 * needs it), and once Stripe says it is made — through a real signed webhook from the fake Stripe —
 * the refund and its ledger correction go to the legal archive unchanged and are anonymised, as the
 * erasure does for settled ones; nobody is mailed, and the ledger still verifies against the archive.
 */
const EMAIL = 'gaspard.lherminier@example.fr';

describeEachDialect('a refund made after its customer’s erasure', (dialect: DialectName) => {
  let t: TestApp;
  let stripe: FakeStripe;
  const db = () => t.db.database.db;

  beforeAll(async () => {
    stripe = await startFakeStripe();
    t = await createTestApp(dialect, { env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url } });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${base}/webhooks/stripe`;
    await db().updateTable('services').set({ payment_options: JSON.stringify(['on_site', 'stripe']) }).where('slug', '=', 'diagnostic-informatique').execute();
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });

  it('archives and anonymises the refund and its correction when the refund completes', async () => {
    const response = await fetch(`${stripe.webhookUrl!.replace('/webhooks/stripe', '')}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start: MONDAY_10, customer: customer({ email: EMAIL, lastName: 'Lherminier', firstName: 'Gaspard' }), requestEarlyPerformance: true, payment: 'stripe' }),
    });
    expect(response.status).toBe(201);
    const booked = (await response.json()) as { reference: string; manageToken: string; paymentUrl: string };
    await stripe.complete(/\/pay\/(\w+)$/.exec(booked.paymentUrl)![1]!);
    stripe.dropWebhooks = true;
    stripe.refundOutcomes.push('pending');
    await t.services.booking.cancelByCustomer(booked.reference, booked.manageToken);
    await t.services.refunds.runJobs();
    const [underWay] = await db().selectFrom('payment_refunds').selectAll().execute();
    expect(underWay).toMatchObject({ status: 'pending', correction_id: null });

    const report = await t.services.privacy.personalData.erase(await t.services.privacy.personalData.subjectForEmail(EMAIL));
    expect(report.failed).toEqual([]);
    expect(report.lines).toContainEqual(expect.objectContaining({ kind: 'refunds', action: 'kept', count: 1 }));
    expect(await db().selectFrom('payment_refunds').select('booking_id').where('id', '=', underWay!.id).executeTakeFirstOrThrow()).toEqual({ booking_id: underWay!.booking_id });

    stripe.dropWebhooks = false;
    await stripe.settleRefund(underWay!.provider_refund_ref!);

    const done = await db().selectFrom('payment_refunds').selectAll().where('id', '=', underWay!.id).executeTakeFirstOrThrow();
    expect(done).toMatchObject({ status: 'succeeded', booking_id: 'erased', reason: '[effacé]', correction_id: expect.any(String) });
    const correction = await db().selectFrom('payments').selectAll().where('id', '=', done.correction_id!).executeTakeFirstOrThrow();
    expect(correction).toMatchObject({ kind: 'correction', amount_cents: -4900, booking_id: 'erased', reason: '[effacé]' });

    // In the archive, unchanged: the real booking and reason.
    const reads = t.services.legalArchive.reads;
    const archivedRefund = await reads.open('payment-refund', done.id, LEDGER_VERIFY_READER);
    expect(archivedRefund?.record).toMatchObject({ id: done.id, booking_id: underWay!.booking_id, correction_id: correction.id, status: 'succeeded', reason: underWay!.reason });
    const archivedCorrection = await reads.open('payment', correction.id, LEDGER_VERIFY_READER);
    expect(archivedCorrection?.record).toMatchObject({ id: correction.id, booking_id: underWay!.booking_id, amount_cents: -4900 });
    expect(await verifyPaymentLedger(db(), reads.copies(LEDGER_VERIFY_READER))).toMatchObject({ intact: true });

    // Nobody to mail: the address went with the erasure.
    expect(await db().selectFrom('outbox_messages').select('id').where('kind', '=', 'payment-refunded').execute()).toEqual([]);
  });
});

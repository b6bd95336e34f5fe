import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { fieldErrorOf, formValues, loggedInOwner, pageText, type AdminClient } from '../../../test/support/admin-client.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakeStripe, type FakeStripe } from '../../../test/support/fakes/stripe.js';
import type { DialectName } from '../../db/dialect.js';
import { adminPaths } from '../../platform/http/paths.js';

/**
 * The owner's side of refunds (issue 7 item 6): the cancel form says what was paid and what the
 * terms promised, and takes the owner's choice; the booking's page shows each refund and where
 * it stands, « Relancer » beside a refused one, and for a payment taken on site the amount to
 * give back with the correction form filled in.
 */
describeEachDialect('refunds in the back office', (dialect: DialectName) => {
  async function setup(): Promise<{ t: TestApp; stripe: FakeStripe; owner: AdminClient; base: string }> {
    const stripe = await startFakeStripe();
    const t = await createTestApp(dialect, { env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url } });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${base}/webhooks/stripe`;
    onTestFinished(async () => {
      await t.close();
      await stripe.close();
    });
    await t.db.database.db.updateTable('services').set({ payment_options: JSON.stringify(['on_site', 'stripe']) }).where('slug', '=', 'diagnostic-informatique').execute();
    return { t, stripe, owner: await loggedInOwner(t), base };
  }

  async function book(base: string, payment: string): Promise<{ id: string; reference: string; paymentUrl: string }> {
    const response = await fetch(`${base}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start: MONDAY_10, customer: customer(), requestEarlyPerformance: true, payment }),
    });
    const body = (await response.json()) as Record<string, any>;
    return { id: '', reference: body.reference, paymentUrl: body.paymentUrl };
  }

  async function paidWithStripe(s: { t: TestApp; stripe: FakeStripe; base: string }) {
    const booked = await book(s.base, 'stripe');
    await s.stripe.complete(/\/pay\/(\w+)$/.exec(booked.paymentUrl)![1]!);
    const row = await s.t.db.database.db.selectFrom('bookings').select('id').where('reference', '=', booked.reference).executeTakeFirstOrThrow();
    s.stripe.dropWebhooks = true;
    return { ...booked, id: row.id };
  }

  it('asks the owner after the cut-off what to give back, refuses more than was paid beside its field, and refunds the amount chosen', async () => {
    const s = await setup();
    const booked = await paidWithStripe(s);
    s.t.clock.set('2026-11-29T11:00:00.000Z');
    // Three days later: the owner signs in again.
    s.owner = await loggedInOwner(s.t);
    const cancelPage = adminPaths.bookingCancel(booked.id);
    const form = await s.owner.get(cancelPage);
    expect(form.statusCode).toBe(200);
    const text = pageText(form.body);
    expect(text).toContain('Le client a payé 49,00\u00a0€.');
    expect(text).toContain('Les conditions générales promettent l’annulation gratuite jusqu’à 24\u00a0h avant le début\u00a0; cette limite est passée');
    expect(text).toContain('Rétractation (14\u00a0jours)');
    expect(formValues(form.body, cancelPage)).toMatchObject({ refundCause: 'business', refundChoice: 'full' });

    const tooMuch = await s.owner.post(cancelPage, { refundCause: 'customer_request', refundChoice: 'amount', refundAmount: '60' });
    expect(tooMuch.statusCode).toBe(422);
    expect(fieldErrorOf(tooMuch.body, 'refundAmount')).toBe('Vous ne pouvez pas rendre plus que ce que le client a payé (49,00\u00a0€).');
    expect(formValues(tooMuch.body, cancelPage)).toMatchObject({ refundCause: 'customer_request', refundChoice: 'amount', refundAmount: '60' });
    expect(await s.t.db.database.db.selectFrom('bookings').select('status').where('id', '=', booked.id).executeTakeFirstOrThrow()).toEqual({ status: 'confirmed' });
    const unreadable = await s.owner.post(cancelPage, { refundCause: 'customer_request', refundChoice: 'amount', refundAmount: 'vingt' });
    expect(fieldErrorOf(unreadable.body, 'refundAmount')).toBe('Indiquez un montant en euros, par exemple 20 ou 20,50.');

    const done = await s.owner.post(cancelPage, { refundCause: 'customer_request', refundChoice: 'amount', refundAmount: '20,50' });
    expect(done.statusCode).toBe(303);
    expect(await s.t.db.database.db.selectFrom('payment_refunds').select(['amount_cents', 'status']).execute()).toEqual([{ amount_cents: 2050, status: 'requested' }]);
    const page = pageText((await s.owner.get(adminPaths.booking(booked.id))).body);
    expect(page).toContain('En ligne par carte (Stripe) — 20,50\u00a0€ — demandé à Stripe');
    await s.t.services.refunds.runJobs();
    expect(pageText((await s.owner.get(adminPaths.booking(booked.id))).body)).toContain('En ligne par carte (Stripe) — 20,50\u00a0€ — remboursé');
  });

  it('shows a refused refund with « Relancer », which asks Stripe again', async () => {
    const s = await setup();
    const booked = await paidWithStripe(s);
    s.stripe.refundOutcomes.push('failed');
    expect((await s.owner.submit(adminPaths.bookingCancel(booked.id), { refundCause: 'business' })).statusCode).toBe(303);
    await s.t.services.refunds.runJobs();
    const page = await s.owner.get(adminPaths.booking(booked.id));
    expect(pageText(page.body)).toContain('49,00\u00a0€ — refusé par Stripe Relancer');
    const [refund] = await s.t.db.database.db.selectFrom('payment_refunds').select('id').execute();
    const retry = await s.owner.post(`${adminPaths.booking(booked.id)}/remboursements/${refund!.id}/relancer`);
    expect(retry.statusCode).toBe(303);
    await s.t.services.refunds.runJobs();
    expect(pageText((await s.owner.get(adminPaths.booking(booked.id))).body)).toContain('49,00\u00a0€ — remboursé');
    expect(s.stripe.requests.filter((r) => r.path === '/v1/refunds')).toHaveLength(2);
  });

  it('tells the owner the amount to give back for a payment taken on site, with the correction filled in', async () => {
    const s = await setup();
    const booked = await book(s.base, 'on_site');
    const { id } = await s.t.db.database.db.selectFrom('bookings').select('id').where('reference', '=', booked.reference).executeTakeFirstOrThrow();
    await s.t.services.payments.record(id, { method: 'cheque', amount: '49' }, 'fr');
    expect((await s.owner.submit(adminPaths.bookingCancel(id), { refundCause: 'business' })).statusCode).toBe(303);
    const page = await s.owner.get(adminPaths.booking(id));
    expect(pageText(page.body)).toContain('Ce paiement a été reçu sur place (Chèque)\u00a0: le logiciel ne peut pas le rembourser. Rendez 49,00\u00a0€ au client');
    const correction = formValues(page.body, adminPaths.bookingPaymentCorrection(id));
    expect(correction).toMatchObject({ correctionAmount: '49,00', reason: 'Annulation par l’entreprise\u00a0: remboursement intégral' });
    expect((await s.owner.post(adminPaths.bookingPaymentCorrection(id), correction)).statusCode).toBe(303);
    expect(pageText((await s.owner.get(adminPaths.booking(id))).body)).toContain('Chèque — 49,00\u00a0€ — rendu au client');
    expect((await s.t.services.payments.verify()).intact).toBe(true);
  });
});

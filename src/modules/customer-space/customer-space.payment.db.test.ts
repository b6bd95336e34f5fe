import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakeStripe, type FakeStripe } from '../../../test/support/fakes/stripe.js';
import type { DialectName } from '../../db/dialect.js';
import { paths } from '../../platform/http/paths.js';

/**
 * The customer's space says where each booking's payment stands (issue 7 items 1, 10): a booking
 * waiting for its online payment never reads « Confirmée », and « Reprendre le paiement » takes
 * the customer back to the same Stripe checkout (the local fake, real HTTP).
 */
const NBSP = '\u00a0';
const CLAIRE = 'claire.martin@example.fr';

function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x27;|&#39;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/[ \t\r\n]+/g, ' ');
}

describeEachDialect('payment states in the customer space', (dialect: DialectName) => {
  async function setup(): Promise<{ t: TestApp; stripe: FakeStripe; base: string }> {
    const stripe = await startFakeStripe();
    const t = await createTestApp(dialect, { env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url } });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${base}/webhooks/stripe`;
    onTestFinished(async () => {
      await t.close();
      await stripe.close();
    });
    await t.db.database.db.updateTable('services').set({ payment_options: JSON.stringify(['on_site', 'stripe']) }).execute();
    return { t, stripe, base };
  }

  async function book(base: string, service: string, start: string, payment: string) {
    const response = await fetch(`${base}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service, start, customer: customer(), requestEarlyPerformance: true, payment }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { reference: string; manageToken: string; paymentUrl?: string };
  }

  async function signIn(t: TestApp): Promise<string> {
    await t.app.inject({ method: 'POST', url: '/mon-espace/lien', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `email=${encodeURIComponent(CLAIRE)}` });
    const mail = (await t.services.outbox.list({ limit: 100, offset: 0 })).find((m) => m.kind === 'customer-sign-in')!;
    const token = mail.text.match(/\/mon-espace\/connexion\/([A-Za-z0-9_-]+)/)![1]!;
    const response = await t.app.inject({ method: 'POST', url: `/mon-espace/connexion/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(response.statusCode).toBe(303);
    return `ws_customer=${response.cookies.find((c) => c.name === 'ws_customer')!.value}`;
  }

  /** The text of the card of one booking in the space's list. */
  const cardOf = (html: string, reference: string) => textOf(html.split('<li class="card">').find((card) => card.includes(reference))!.split('</li>')[0]!);

  it('lists a booking awaiting payment as such, with the time left and « Reprendre le paiement », and an on-site one as « À régler sur place »', async () => {
    const { t, stripe, base } = await setup();
    const online = await book(base, 'diagnostic-informatique', MONDAY_10, 'stripe');
    const onSite = await book(base, 'diagnostic-informatique', '2026-11-30T14:00:00+01:00', 'on_site');
    const cookie = await signIn(t);
    const space = await t.app.inject({ method: 'GET', url: '/mon-espace', headers: { cookie } });
    expect(space.statusCode).toBe(200);
    const card = cardOf(space.body, online.reference);
    expect(card).toContain('État En attente de paiement');
    expect(card).toContain('Paiement En attente de votre paiement');
    expect(card).not.toContain('Confirmée');
    expect(card).toContain(`(encore 30${NBSP}min)`);
    expect(card).toContain(`Reprendre le paiement — ${online.reference}`);
    expect(cardOf(space.body, onSite.reference)).toContain('État Confirmée');
    expect(cardOf(space.body, onSite.reference)).toContain('Paiement À régler sur place');

    // The button posts to the private link's payment page: the same checkout, on our own page first.
    const action = paths.bookingPaymentCancelled('fr', online.reference, online.manageToken);
    expect(space.body).toContain(`action="${action}"`);
    const resumed = await t.app.inject({ method: 'POST', url: action, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'choice=retry' });
    expect(resumed.body).toContain(`href="${online.paymentUrl}"`);

    // The booking's page in the space shows the same section; in English too.
    const detail = await t.app.inject({ method: 'GET', url: paths.customerSpaceBooking('en', online.reference), headers: { cookie } });
    expect(textOf(detail.body)).toContain('Awaiting your payment Amount to pay online: €49.00.');
    expect(detail.body).toContain(`action="${paths.bookingPaymentCancelled('en', online.reference, online.manageToken)}"`);

    // Paid: « Payée », and the booking is confirmed.
    await stripe.complete(/\/pay\/(\w+)$/.exec(online.paymentUrl!)![1]!);
    const after = await t.app.inject({ method: 'GET', url: '/mon-espace', headers: { cookie } });
    expect(cardOf(after.body, online.reference)).toContain('État Confirmée');
    expect(cardOf(after.body, online.reference)).toContain('Paiement Payée');
    expect(after.body).not.toContain('value="retry"');
    const english = await t.app.inject({ method: 'GET', url: '/en/my-space', headers: { cookie } });
    expect(cardOf(english.body, online.reference)).toContain('Payment Paid');
    expect(cardOf(english.body, onSite.reference)).toContain('Payment To pay on site');
  });
});

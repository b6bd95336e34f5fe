import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakeStripe, type FakeStripe } from '../../../test/support/fakes/stripe.js';
import type { DialectName } from '../../db/dialect.js';
import { paths } from '../../platform/http/paths.js';

/**
 * Where a booking's payment stands, as the customer reads it on their private page and in their
 * space (issue 7 items 1, 5, 10): « En attente de votre paiement » with the time left and
 * « Reprendre le paiement » (the same Stripe checkout, through the local fake), « Payée »,
 * « Acompte de … payé, … à régler sur place », « À régler sur place ». Real HTTP to the fake.
 */
const NBSP = '\u00a0';

function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x27;|&#39;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/[ \t\r\n]+/g, ' ');
}

/** The text of the customer's « Paiement » section, or null when the page has none. */
function paymentSection(html: string): string | null {
  const match = html.match(/<section class="card customer-payment"[\s\S]*?<\/section>/);
  return match ? textOf(match[0]).trim() : null;
}

interface Setup {
  t: TestApp;
  stripe: FakeStripe;
  base: string;
}

describeEachDialect('the payment state on the customer’s pages', (dialect: DialectName) => {
  async function setup(options: { deposit?: number } = {}): Promise<Setup> {
    const stripe = await startFakeStripe();
    const t = await createTestApp(dialect, { env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url } });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${base}/webhooks/stripe`;
    onTestFinished(async () => {
      await t.close();
      await stripe.close();
    });
    await t.db.database.db
      .updateTable('services')
      .set({ payment_options: JSON.stringify(['on_site', 'stripe']), deposit_percent: options.deposit ?? null })
      .where('slug', '=', 'diagnostic-informatique')
      .execute();
    return { t, stripe, base };
  }

  async function book(s: Setup, payment?: string): Promise<{ reference: string; manageToken: string; paymentUrl?: string }> {
    const response = await fetch(`${s.base}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start: MONDAY_10, customer: customer(), requestEarlyPerformance: true, ...(payment ? { payment } : {}) }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { reference: string; manageToken: string; paymentUrl?: string };
  }

  const page = async (s: Setup, locale: 'fr' | 'en', created: { reference: string; manageToken: string }) => {
    const response = await s.t.app.inject({ method: 'GET', url: paths.booking(locale, created.reference, created.manageToken) });
    expect(response.statusCode).toBe(200);
    return response.body;
  };
  const sessionIdOf = (paymentUrl: string) => /\/pay\/(\w+)$/.exec(paymentUrl)![1]!;

  it('shows a booking awaiting its online payment as such, with the time left, and resumes the same Stripe checkout', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    const html = await page(s, 'fr', created);
    const section = paymentSection(html)!;
    expect(section).toContain('En attente de votre paiement');
    expect(section).toContain(`Montant à payer en ligne${NBSP}: 49,00${NBSP}€.`);
    expect(section).toContain(`(encore 30${NBSP}min)`);
    expect(section).toContain('Votre réservation sera confirmée dès que le paiement nous parvient.');
    // Not confirmed anywhere on the page: the status says it waits.
    expect(textOf(html)).not.toContain('Confirmée');
    expect(textOf(html)).toContain('État En attente de paiement');
    const action = paths.bookingPaymentCancelled('fr', created.reference, created.manageToken);
    expect(html).toContain(`<form method="post" action="${action}">`);
    expect(html).toMatch(/<button type="submit" name="choice" value="retry" class="button button--primary">Reprendre le paiement<\/button>/);

    // The button, without script: our own page that moves on to the same checkout (no second session).
    const resumed = await s.t.app.inject({ method: 'POST', url: action, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'choice=retry' });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.body).toContain(`href="${created.paymentUrl}"`);
    expect(s.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions')).toHaveLength(1);

    // Ten minutes later, the time left says so.
    s.t.clock.advance(10 * 60_000);
    expect(paymentSection(await page(s, 'en', created))).toContain(`Awaiting your payment Amount to pay online: €49.00.`);
    expect(paymentSection(await page(s, 'en', created))).toContain(`(20${NBSP}min left)`);

    // Paid: the page says so in plain words, with how.
    await s.stripe.complete(sessionIdOf(created.paymentUrl!));
    const paid = await page(s, 'fr', created);
    expect(paymentSection(paid)).toBe(`Paiement Payée 49,00${NBSP}€ payés en ligne par carte.`);
    expect(textOf(paid)).toContain('État Confirmée');
    expect(paid).not.toContain('value="retry"');
    expect(paymentSection(await page(s, 'en', created))).toBe('Payment Paid €49.00 paid online by card.');
  });

  it('starts a new attempt after the provider refused the last one, ending with the first window, and takes it to « Payée »', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    const db = s.t.db.database.db;
    const [first] = await db.selectFrom('payment_attempts').selectAll().execute();
    // The card is refused: the attempt as the online payments record a provider's refusal.
    await db.updateTable('payment_attempts').set({ status: 'failed' }).where('id', '=', first!.id).execute();
    s.t.clock.advance(5 * 60_000);
    const section = paymentSection(await page(s, 'fr', created))!;
    expect(section).toContain('En attente de votre paiement');
    expect(section).toContain(`(encore 25${NBSP}min)`);

    const action = paths.bookingPaymentCancelled('fr', created.reference, created.manageToken);
    const post = () => s.t.app.inject({ method: 'POST', url: action, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'choice=retry' });
    const resumed = await post();
    expect(resumed.statusCode).toBe(200);
    const attempts = await db.selectFrom('payment_attempts').selectAll().orderBy('created_at').execute();
    expect(attempts.map((a) => a.status)).toEqual(['failed', 'pending']);
    // The new attempt ends when the first window ends: a retry never holds the place longer.
    expect(new Date(attempts[1]!.expires_at).toISOString()).toBe(new Date(first!.expires_at).toISOString());
    expect(attempts[1]).toMatchObject({ provider: 'stripe', purpose: 'full', amount_cents: 4900, idempotency_key: `ws-checkout-${attempts[1]!.id}` });
    const newUrl = attempts[1]!.redirect_url!;
    expect(newUrl).not.toBe(created.paymentUrl);
    expect(resumed.body).toContain(`href="${newUrl}"`);
    // Again: the same new checkout, no third attempt.
    expect((await post()).body).toContain(`href="${newUrl}"`);
    expect(await db.selectFrom('payment_attempts').select('id').execute()).toHaveLength(2);

    await s.stripe.complete(sessionIdOf(newUrl));
    expect(paymentSection(await page(s, 'fr', created))).toBe(`Paiement Payée 49,00${NBSP}€ payés en ligne par carte.`);
  });

  it('offers no resumption once the window is over', async () => {
    const s = await setup();
    const created = await book(s, 'stripe');
    await s.t.db.database.db.updateTable('payment_attempts').set({ status: 'failed' }).execute();
    s.t.clock.advance(31 * 60_000);
    const html = await page(s, 'fr', created);
    expect(html).not.toContain('value="retry"');
    const action = paths.bookingPaymentCancelled('fr', created.reference, created.manageToken);
    await s.t.app.inject({ method: 'POST', url: action, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'choice=retry' });
    expect(await s.t.db.database.db.selectFrom('payment_attempts').select('id').execute()).toHaveLength(1);
  });

  it('says how much of a deposit was paid and what is left to pay on site', async () => {
    const s = await setup({ deposit: 30 });
    const created = await book(s, 'deposit_stripe');
    expect(paymentSection(await page(s, 'fr', created))).toContain(`Acompte à payer en ligne${NBSP}: 14,70${NBSP}€.`);
    await s.stripe.complete(sessionIdOf(created.paymentUrl!));
    expect(paymentSection(await page(s, 'fr', created))).toBe(`Paiement Acompte de 14,70${NBSP}€ payé, 34,30${NBSP}€ à régler sur place`);
    expect(paymentSection(await page(s, 'en', created))).toBe('Payment Deposit of €14.70 paid, €34.30 to pay on site');
  });

  it('says a booking paid on site is to pay there, then paid once the owner records it', async () => {
    const s = await setup();
    const created = await book(s, 'on_site');
    expect(paymentSection(await page(s, 'fr', created))).toBe(`Paiement À régler sur place 49,00${NBSP}€ à régler le jour de la prestation.`);
    expect(paymentSection(await page(s, 'en', created))).toBe('Payment To pay on site €49.00 to pay on the day.');
    const booking = await s.t.services.booking.findForCustomer(created.reference, created.manageToken);
    await s.t.services.payments.record(booking.booking.id, { method: 'cash', amount: '20' }, 'fr');
    expect(paymentSection(await page(s, 'fr', created))).toBe(`Paiement 20,00${NBSP}€ déjà payés, 29,00${NBSP}€ à régler sur place`);
    await s.t.services.payments.record(booking.booking.id, { method: 'card_terminal', amount: '29' }, 'fr');
    expect(paymentSection(await page(s, 'fr', created))).toBe(`Paiement Payée 49,00${NBSP}€ payés en espèces et par carte bancaire.`);
  });
});

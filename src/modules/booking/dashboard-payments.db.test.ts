import { expect, it, onTestFinished } from 'vitest';
import { loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakeStripe, type FakeStripe } from '../../../test/support/fakes/stripe.js';
import type { DialectName } from '../../db/dialect.js';
import { adminPaths } from '../../platform/http/paths.js';

/**
 * The owner's dashboard « À traiter » (issue 7 items 1, 10): a payment that came after its place
 * was released (with the link to its booking), the online payments still awaited (how many,
 * since when the oldest), the attempts the provider refused. Stripe is the local fake, over HTTP.
 */
const NBSP = '\u00a0';
const MINUTE = 60_000;

describeEachDialect('payments to follow up on the dashboard', (dialect: DialectName) => {
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

  async function book(base: string, start: string, email: string) {
    const response = await fetch(`${base}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start, customer: customer({ email }), requestEarlyPerformance: true, payment: 'stripe' }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; reference: string; paymentUrl: string };
  }
  const sessionIdOf = (paymentUrl: string) => /\/pay\/(\w+)$/.exec(paymentUrl)![1]!;
  const idOf = async (t: TestApp, reference: string) => (await t.db.database.db.selectFrom('bookings').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;

  it('says nothing while there is nothing to follow up', async () => {
    const { t } = await setup();
    const owner = await loggedInOwner(t);
    const html = (await owner.get(adminPaths.dashboard)).body;
    expect(html).not.toContain('follow-ups-heading');
    expect(pageText(html)).not.toContain('À traiter');
  });

  it('lists a payment received after the release with its booking, the payments awaited with the oldest, and a refused attempt', async () => {
    const { t, stripe, base } = await setup();
    // Claire's window lapses unpaid: her place is released; she pays anyway on the Stripe page still open.
    const late = await book(base, '2026-11-30T10:00:00+01:00', 'claire.martin@example.fr');
    t.clock.advance(30 * MINUTE);
    await t.services.online.runJobs();
    // Paul and Léa book meanwhile; Léa's payment is refused.
    const awaited = await book(base, '2026-11-30T14:00:00+01:00', 'paul@example.fr');
    t.clock.advance(5 * MINUTE);
    const refused = await book(base, '2026-11-30T16:00:00+01:00', 'lea@example.fr');
    await stripe.complete(sessionIdOf(late.paymentUrl));
    // Léa's card is refused: the attempt as the online payments record a provider's refusal (the fake
    // Stripe's async failure leaves its session « complete, unpaid », which settle reads as still pending).
    await t.db.database.db.updateTable('payment_attempts').set({ status: 'failed', updated_at: t.clock.now().toISOString() }).where('booking_id', '=', await idOf(t, refused.reference)).execute();
    expect((await t.db.database.db.selectFrom('payment_attempts').select(['status', 'attention']).orderBy('created_at').execute()).map((a) => `${a.status} ${a.attention}`)).toEqual([
      'succeeded paid_after_release',
      'pending null',
      'failed null',
    ]);

    const owner = await loggedInOwner(t);
    const html = (await owner.get(adminPaths.dashboard)).body;
    const section = html.match(/<section aria-labelledby="follow-ups-heading"[\s\S]*?<\/section>/)![0];
    const text = pageText(section);
    expect(text).toContain('À traiter');
    expect(text).toContain(`Paiement reçu après la libération de la place${NBSP}: 49,00${NBSP}€ (Stripe). Remboursez ou proposez un autre créneau. Voir la réservation ${late.reference}`);
    expect(section).toContain(`href="${adminPaths.booking(await idOf(t, late.reference))}"`);
    expect(text).toContain('1 paiement en ligne en attente, le plus ancien depuis le jeudi 26 novembre 2026 à 8');
    expect(section).toContain(`href="${adminPaths.booking(await idOf(t, awaited.reference))}"`);
    expect(text).toContain(`Paiement refusé par Stripe${NBSP}: 49,00${NBSP}€`);
    expect(text).toContain(`Voir la réservation ${refused.reference}`);

    const english = pageText((await loggedInOwner(t, { locale: 'en' }).then((o) => o.get(adminPaths.dashboard))).body);
    expect(english).toContain('To deal with');
    expect(english).toContain('Payment received after the place was released: €49.00 (Stripe).');
  });
});

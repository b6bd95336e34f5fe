import { parse } from 'csv-parse/sync';
import { expect, it, onTestFinished } from 'vitest';
import { loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakeStripe } from '../../../test/support/fakes/stripe.js';
import type { DialectName } from '../../db/dialect.js';
import { adminPaths } from '../../platform/http/paths.js';

/**
 * Where each booking's payment stands in the owner's files and pages (issue 7 items 5, 10): the
 * bookings CSV's « Paiement » and « Montant reçu » columns, and the customer's page in the back
 * office, where a booking awaiting its online payment never reads « Confirmée ».
 */
function readCsv(body: string): Record<string, string>[] {
  return parse(body.replace(/^\uFEFF/, ''), { columns: true, delimiter: ';', skip_empty_lines: true }) as Record<string, string>[];
}

describeEachDialect('payments in the exports and the customer’s page', (dialect: DialectName) => {
  async function setup() {
    const stripe = await startFakeStripe();
    const t = await createTestApp(dialect, { env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url } });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${base}/webhooks/stripe`;
    onTestFinished(async () => {
      await t.close();
      await stripe.close();
    });
    await t.db.database.db.updateTable('services').set({ payment_options: JSON.stringify(['on_site', 'stripe']) }).execute();
    const book = async (start: string, payment: string) => {
      const response = await fetch(`${base}/api/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service: 'diagnostic-informatique', start, customer: customer(), requestEarlyPerformance: true, payment }),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as { reference: string; paymentUrl?: string };
    };
    return { t, stripe, book };
  }
  const idOf = async (t: TestApp, reference: string) => (await t.db.database.db.selectFrom('bookings').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;

  it('gives each booking of the CSV its payment: awaiting online, paid by Stripe, partly paid in cash', async () => {
    const { t, stripe, book } = await setup();
    const awaiting = await book('2026-11-30T10:00:00+01:00', 'stripe');
    const paidOnline = await book('2026-11-30T14:00:00+01:00', 'stripe');
    const partly = await book('2026-11-30T16:00:00+01:00', 'on_site');
    await stripe.complete(/\/pay\/(\w+)$/.exec(paidOnline.paymentUrl!)![1]!);
    await t.services.payments.record(await idOf(t, partly.reference), { method: 'cash', amount: '20' }, 'fr');
    const owner = await loggedInOwner(t);
    const response = await owner.get('/admin/export/reservations.csv?from=2026-11-30&to=2026-11-30');
    expect(response.statusCode).toBe(200);
    const rows = new Map(readCsv(response.body).map((r) => [r.Référence, r]));
    expect(rows.get(awaiting.reference)).toMatchObject({ État: 'En attente de paiement', Paiement: 'En attente du paiement en ligne', 'Montant reçu': '0,00' });
    expect(rows.get(paidOnline.reference)).toMatchObject({ État: 'Confirmée', Paiement: 'Payée', 'Montant reçu': '49,00' });
    expect(rows.get(partly.reference)).toMatchObject({ État: 'Confirmée', Paiement: 'Partiellement payée', 'Montant reçu': '20,00' });
  });

  it('shows a booking awaiting its online payment as such on the customer’s page, not as confirmed', async () => {
    const { t, book } = await setup();
    const awaiting = await book('2026-11-30T10:00:00+01:00', 'stripe');
    const customerId = (await t.db.database.db.selectFrom('bookings').select('customer_id').where('reference', '=', awaiting.reference).executeTakeFirstOrThrow()).customer_id!;
    const owner = await loggedInOwner(t);
    const html = (await owner.get(adminPaths.customer(customerId))).body;
    const row = pageText(html.match(/<tbody>[\s\S]*?<\/tbody>/)![0]);
    expect(row).toContain('En attente de paiement');
    expect(row).not.toContain('Confirmée');
    expect(row).not.toContain('Non payé');
    const english = pageText((await (await loggedInOwner(t, { locale: 'en' })).get(adminPaths.customer(customerId))).body);
    expect(english).toContain('Awaiting payment');
  });
});

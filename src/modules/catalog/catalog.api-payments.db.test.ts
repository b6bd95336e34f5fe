import { afterEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { expectDocumentedResponse } from '../../../test/support/openapi.js';
import type { DialectName } from '../../db/dialect.js';

/**
 * GET /api/v1/services gives each service's payment choices (issue 7 items 1, 4): the values a
 * booking request's `payment` takes now, only for the providers this site configured, and the
 * deposit's percentage when a deposit is offered.
 */
const STRIPE = { STRIPE_SECRET_KEY: 'sk_test_abcdefghijklmnop', STRIPE_WEBHOOK_SECRET: 'whsec_abcdefghijklmnop' };

describeEachDialect('payment choices in the services API', (dialect: DialectName) => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  const services = async (app: TestApp) => {
    const response = await app.app.inject('/api/v1/services');
    expect(response.statusCode).toBe(200);
    expectDocumentedResponse('/api/v1/services', 'get', 200, response.json());
    return new Map((response.json() as { slug: string; payments: string[]; depositPercent: number | null }[]).map((s) => [s.slug, s]));
  };
  const setOptions = (app: TestApp, slug: string, options: string[], deposit: number | null) =>
    app.db.database.db.updateTable('services').set({ payment_options: JSON.stringify(options), deposit_percent: deposit }).where('slug', '=', slug).execute();

  it('lists on site only while no provider is configured, whatever the service allows', async () => {
    t = await createTestApp(dialect);
    await setOptions(t, 'diagnostic-informatique', ['on_site', 'stripe', 'paypal'], 30);
    const listed = await services(t);
    expect(listed.get('diagnostic-informatique')).toMatchObject({ payments: ['on_site'], depositPercent: null });
    expect([...listed.values()].every((s) => s.payments.join() === 'on_site')).toBe(true);
  });

  it('lists the configured providers the service allows, the deposit choices with their percentage, never PayPal without its keys', async () => {
    t = await createTestApp(dialect, { env: STRIPE });
    await setOptions(t, 'diagnostic-informatique', ['on_site', 'stripe', 'paypal'], 30);
    await setOptions(t, 'installation-a-domicile', ['stripe'], null);
    const listed = await services(t);
    expect(listed.get('diagnostic-informatique')).toMatchObject({ payments: ['on_site', 'stripe', 'deposit_stripe'], depositPercent: 30 });
    expect(listed.get('installation-a-domicile')).toMatchObject({ payments: ['stripe'], depositPercent: null });
  });

  it('lists both providers once PayPal is configured too', async () => {
    t = await createTestApp(dialect, { env: { ...STRIPE, PAYPAL_CLIENT_ID: 'client-id-0123456789', PAYPAL_CLIENT_SECRET: 'client-secret-0123456789', PAYPAL_WEBHOOK_ID: '1JE4291016473214C' } });
    await setOptions(t, 'diagnostic-informatique', ['stripe', 'paypal'], 25);
    expect((await services(t)).get('diagnostic-informatique')).toMatchObject({ payments: ['stripe', 'paypal', 'deposit_stripe', 'deposit_paypal'], depositPercent: 25 });
  });
});

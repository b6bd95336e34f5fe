import { afterEach, expect, it } from 'vitest';
import { fieldErrorOf, formValues, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { createTestApp, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';

/**
 * How each service may be paid (issue 7 item 1): the owner ticks on site, Stripe or PayPal on the
 * service form, and an optional deposit; only configured providers are offered; the booking form
 * then offers the customer those choices in plain words.
 */
const STRIPE = { STRIPE_SECRET_KEY: 'sk_test_abcdefghijklmnop', STRIPE_WEBHOOK_SECRET: 'whsec_abcdefghijklmnop' };

describeEachDialect('payment options of a service', (dialect: DialectName) => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  const form = async (app: TestApp) => {
    const owner = await loggedInOwner(app);
    const service = await app.services.catalog.serviceBySlug('diagnostic-informatique');
    const page = `/admin/prestations/${service.id}`;
    const html = (await owner.get(page)).body;
    return { owner, service, page, html, values: formValues(html, page) };
  };

  it('is paid on site unless the owner chooses otherwise; Stripe is offered once its keys are set, PayPal not without its own', async () => {
    t = await createTestApp(dialect, { env: STRIPE });
    const { owner, page, html, values } = await form(t);
    expect((await t.services.catalog.listServices({ activeOnly: false })).every((s) => s.paymentOptions.join() === 'on_site' && s.depositPercent === null)).toBe(true);
    const text = pageText(html);
    expect(text).toContain('Sur place (espèces, carte, chèque, virement)');
    expect(text).toContain('En ligne par carte (Stripe)');
    expect(text).not.toContain('PayPal');
    expect(values.paymentOptions).toBe('on_site');

    const saved = await owner.post(page, { ...values, paymentOptions: ['on_site', 'stripe'], depositPercent: '30 %' });
    expect(saved.statusCode, pageText(saved.body).slice(0, 400)).toBe(303);
    expect(await t.services.catalog.serviceBySlug('diagnostic-informatique')).toMatchObject({ paymentOptions: ['on_site', 'stripe'], depositPercent: 30 });
    expect(formValues((await owner.get(page)).body, page)).toMatchObject({ paymentOptions: ['on_site', 'stripe'], depositPercent: '30' });

    // The booking form offers the customer each choice in plain words, on site first.
    const booking = pageText((await t.app.inject(`/services/diagnostic-informatique/reserver?start=${encodeURIComponent(MONDAY_10)}`)).body);
    expect(booking).toContain('Payer sur place, le jour de la prestation');
    expect(booking).toContain('Payer en ligne par carte (Stripe)');
    expect(booking).toContain('Verser un acompte de 30\u00a0% en ligne par carte (Stripe), soit 14,70\u00a0€, le reste sur place');
    const english = pageText((await t.app.inject(`/en/services/diagnostic-informatique/book?start=${encodeURIComponent(MONDAY_10)}`)).body);
    expect(english).toContain('Pay a 30% deposit online by card (Stripe), that is €14.70, the rest on site');
  });

  it('refuses, beside its field, a deposit out of 1–99 %, a deposit without an online payment, and a provider not configured', async () => {
    t = await createTestApp(dialect, { env: STRIPE });
    const { owner, page, values } = await form(t);
    for (const deposit of ['0', '100', '12,5', 'trente']) {
      const refused = await owner.post(page, { ...values, paymentOptions: ['on_site', 'stripe'], depositPercent: deposit });
      expect(refused.statusCode).toBe(422);
      expect(fieldErrorOf(refused.body, 'depositPercent')).toBe('Saisissez un pourcentage entier de 1 à 99, ou laissez vide pour ne pas proposer d’acompte.');
    }
    const onSiteOnly = await owner.post(page, { ...values, paymentOptions: ['on_site'], depositPercent: '30' });
    expect(fieldErrorOf(onSiteOnly.body, 'depositPercent')).toBe('Un acompte se paie en ligne\u00a0: cochez aussi le paiement par carte (Stripe) ou PayPal, ou laissez l’acompte vide.');
    const paypal = await owner.post(page, { ...values, paymentOptions: ['on_site', 'paypal'] });
    expect(paypal.statusCode).toBe(422);
    expect(fieldErrorOf(paypal.body, 'paymentOptions')).toMatch(/^Ce moyen de paiement en ligne n’est pas configuré sur ce site/);
    const unknown = await owner.post(page, { ...values, paymentOptions: ['bitcoin'] });
    expect(unknown.statusCode).toBe(422);
    expect(await t.services.catalog.serviceBySlug('diagnostic-informatique')).toMatchObject({ paymentOptions: ['on_site'], depositPercent: null });
  });

  it('offers no online payment at all when no provider is configured', async () => {
    t = await createTestApp(dialect);
    const { owner, page, html, values } = await form(t);
    expect(pageText(html)).not.toContain('Stripe');
    const refused = await owner.post(page, { ...values, paymentOptions: ['on_site', 'stripe'] });
    expect(fieldErrorOf(refused.body, 'paymentOptions')).toMatch(/^Ce moyen de paiement en ligne n’est pas configuré/);
    const booking = pageText((await t.app.inject(`/services/diagnostic-informatique/reserver?start=${encodeURIComponent(MONDAY_10)}`)).body);
    expect(booking).not.toContain('Payer en ligne');
    expect(booking).toContain('Le prix est payable le jour de la prestation.');
  });
});

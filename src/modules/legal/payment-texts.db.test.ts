import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { pageText } from '../../../test/support/admin-client.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';

/**
 * The terms of sale and the privacy policy say how and when customers pay, and name exactly the
 * payment providers the configuration turns on: none, Stripe alone, or Stripe and PayPal.
 */
describeEachDialect('the terms and the privacy policy follow the payment configuration', (dialect: DialectName) => {
  const apps: Record<string, TestApp> = {};
  const texts = async (name: string) => {
    const t = apps[name]!;
    const read = async (url: string) => {
      const response = await t.app.inject(url);
      expect(response.statusCode, url).toBe(200);
      return pageText(response.body);
    };
    return {
      termsFr: await read('/conditions-generales-de-vente'),
      termsEn: await read('/en/terms-of-sale'),
      policyFr: await read('/politique-de-confidentialite'),
      policyEn: await read('/en/privacy-policy'),
      versions: { terms: t.services.legal.terms.version, policy: t.services.privacy.policy.version },
    };
  };

  beforeAll(async () => {
    apps.none = await createTestApp(dialect);
    apps.stripe = await createTestApp(dialect, { onlinePaymentProviders: ['stripe'] });
    apps.both = await createTestApp(dialect, { onlinePaymentProviders: ['stripe', 'paypal'] });
    // Through the configuration itself: PAYPAL_* set turns PayPal on, and the texts follow.
    apps.paypalKeys = await createTestApp(dialect, { env: { PAYPAL_CLIENT_ID: 'AZaQ-live_client-0123456789', PAYPAL_CLIENT_SECRET: 'ELv-secret_0123456789abcdef', PAYPAL_WEBHOOK_ID: '1JE4291016473214C' } });
  });
  afterAll(async () => {
    for (const t of Object.values(apps)) await t.close();
  });

  it('without a provider: paid on site on the day, no word of Stripe or PayPal anywhere', async () => {
    const { termsFr, termsEn, policyFr, policyEn } = await texts('none');
    expect(termsFr).toMatch(/Le prix est payable sur place, le jour de la prestation, auprès de .+, par espèces, carte bancaire, chèque ou virement bancaire\./);
    expect(termsEn).toMatch(/The price is paid on site, on the day of the service, to .+, by cash, card, cheque or bank transfer\./);
    for (const text of [termsFr, termsEn, policyFr, policyEn]) {
      expect(text).not.toMatch(/Stripe|PayPal|acompte|deposit|en ligne à la réservation/);
    }
    expect(policyFr).toContain('Nous ne recueillons et ne stockons aucune donnée bancaire.');
    expect(policyEn).toContain('We neither collect nor store any bank data.');
    expect(policyFr).not.toContain('Lutte contre la fraude');
    expect(termsFr).not.toContain('n’est ferme qu’une fois');
  });

  it('with Stripe: online at booking, deposits, card data straight to Stripe, its entity, role and safeguards', async () => {
    const { termsFr, termsEn, policyFr, policyEn } = await texts('stripe');
    expect(termsFr).toContain('de payer en ligne à la réservation, par Stripe');
    expect(termsFr).toContain('de payer sur place, le jour de la prestation');
    expect(termsFr).toContain('acompte');
    expect(termsFr).toMatch(/les données de carte bancaire ou de compte y sont saisies directement et ne sont jamais transmises à .+, qui ne les reçoit ni ne les conserve\./);
    expect(termsEn).toContain('to pay online when booking, with Stripe');
    expect(termsFr).toContain('la réservation n’est ferme qu’une fois le paiement confirmé par le prestataire de paiement');
    expect(termsEn).toContain('the booking is firm only once the payment provider confirms the payment');
    expect(termsEn).toContain('never passed on to');
    expect(termsFr).toContain('un paiement en ligne est remboursé par le même prestataire');
    for (const text of [termsFr, termsEn, policyFr, policyEn]) expect(text).not.toContain('PayPal');
    expect(policyFr).toContain('le paiement en ligne est pris en charge par Stripe');
    expect(policyFr).toContain('Stripe Payments Europe Ltd, Irlande');
    expect(policyFr).toContain('Lutte contre la fraude aux paiements en ligne');
    expect(policyFr).toContain('en qualité de responsable de ses propres traitements pour la lutte contre la fraude');
    expect(policyFr).toContain('Stripe (Stripe Payments Europe Ltd, Irlande) reçoit le montant, le nom de la prestation, la référence de la réservation et votre adresse e-mail');
    expect(policyFr).toContain('https://stripe.com/fr/privacy');
    expect(policyEn).toContain('Stripe Payments Europe Ltd, Ireland');
    expect(policyEn).toContain('Online payment fraud prevention');
    expect(policyEn).toContain('never reach us');
  });

  it('with Stripe and PayPal: both named, each with its own entity and country', async () => {
    const { termsFr, policyFr, policyEn } = await texts('both');
    expect(termsFr).toContain('par Stripe ou PayPal');
    expect(policyFr).toContain('PayPal (Europe) S.à r.l. et Cie, S.C.A., Luxembourg');
    expect(policyFr).toContain('Stripe Payments Europe Ltd, Irlande');
    expect(policyFr).toContain('pris en charge par Stripe et PayPal');
    expect(policyEn).toContain('handled by Stripe and PayPal');
  });

  it('names PayPal, and only PayPal, when its keys are set in the environment', async () => {
    const { termsFr, policyFr, policyEn } = await texts('paypalKeys');
    expect(termsFr).toContain('de payer en ligne à la réservation, par PayPal');
    expect(policyFr).toContain('PayPal (Europe) S.à r.l. et Cie, S.C.A., Luxembourg');
    expect(policyFr).toContain('statut et protection vendeur PayPal');
    expect(policyEn).toContain('handled by PayPal');
    for (const text of [termsFr, policyFr, policyEn]) expect(text).not.toContain('Stripe');
  });

  it('says in every configuration that invoices are issued on payment and kept ten years, and how refunds work', async () => {
    for (const name of ['none', 'stripe', 'both']) {
      const { termsFr, termsEn, policyFr } = await texts(name);
      expect(termsFr).toContain('Une facture est émise dès que le paiement est reçu');
      expect(termsFr).toContain('la conserve dix ans (article L123-22 du code de commerce)');
      expect(termsEn).toContain('keeps it for ten years (article L123-22 of the French commercial code)');
      expect(termsFr).toContain('après l’heure limite, la règle d’annulation indiquée lors de la réservation s’applique');
      expect(termsFr).toContain('rembourse tous les paiements reçus au plus tard quatorze jours');
      expect(termsEn).toContain('refunds every payment received no later than fourteen days');
      // The register's accounting entries: legal obligation; 2 years, then the legal archive for the 8 left of L123-22's 10.
      expect(policyFr).toMatch(/Paiements reçus\s?:?\s.*Base légale\s?: nos obligations légales .*2\u00a0ans après la fin de l’exercice du paiement, puis archivage, .* pendant 8\u00a0ans \(Code de commerce, art\. L123-22\u00a0: .*dix ans à compter de la clôture de l’exercice\)/);
      expect(policyFr).toMatch(/Facturation\s?:?\s.*Base légale\s?: nos obligations légales .*2\u00a0ans après la fin de l’exercice de leur émission, puis archivage, .* pendant 8\u00a0ans \(Code de commerce, art\. L123-22, .*dix ans à compter de la clôture de l’exercice\)/);
    }
  });

  it('publishes a new version of the texts when the configuration changes', async () => {
    const versions = await Promise.all(['none', 'stripe', 'both'].map(async (name) => (await texts(name)).versions));
    expect(new Set(versions.map((v) => v.terms)).size).toBe(3);
    expect(new Set(versions.map((v) => v.policy)).size).toBe(3);
  });
});

import { expect, it } from 'vitest';
import { retentionText, type ModuleRegister } from '../../platform/privacy-register.js';
import { paymentOfferFor, paymentsRegister, paymentsRegisterFor } from './index.js';

/** The module's register as declared: its online payments activity names no provider itself. */
const withOnlineActivity: ModuleRegister = paymentsRegister;

const recipientsOf = (register: ModuleRegister, id: string) => register.activities.find((a) => a.id === id)?.recipients.map((r) => r.fr) ?? [];

it('names no processor, and declares nothing online, when no provider is configured', () => {
  const register = paymentsRegisterFor(withOnlineActivity, []);
  expect(register.activities.map((a) => a.id)).toEqual(['payments']);
  expect(JSON.stringify(register)).not.toMatch(/Stripe|PayPal/);
  expect(register.tables).toBe(withOnlineActivity.tables);
  expect(paymentOfferFor([]).online).toEqual([]);
});

it('names exactly the configured processors, with their entity, country, role and what they receive', () => {
  const stripe = paymentsRegisterFor(withOnlineActivity, ['stripe']);
  expect(stripe.activities.map((a) => a.id)).toEqual(['payments', 'online-payments', 'payment-fraud-checks']);
  expect(JSON.stringify(stripe)).not.toContain('PayPal');
  const [processor, ...others] = recipientsOf(stripe, 'online-payments');
  expect(processor).toContain('Stripe Payments Europe Ltd, Irlande');
  expect(processor).toContain('le montant, le nom de la prestation, la référence de la réservation et votre adresse e-mail');
  expect(processor).toContain('en qualité de responsable de ses propres traitements pour la lutte contre la fraude');
  expect(processor).toContain('ne nous parviennent jamais');
  expect(others).toEqual(['notre expert-comptable et l’administration fiscale, sur demande']);
  expect(recipientsOf(stripe, 'payments')[0]).toBe(processor);
  const fraud = stripe.activities.find((a) => a.id === 'payment-fraud-checks')!;
  expect(fraud.legalBasis).toBe('legitimate_interest');
  expect(fraud.retention!.fr).toContain('10\u00a0ans');

  const both = paymentsRegisterFor(withOnlineActivity, ['paypal', 'stripe']);
  expect(recipientsOf(both, 'online-payments').slice(0, 2).map((r) => r.split(' (')[0])).toEqual(['Stripe', 'PayPal']);
  expect(recipientsOf(both, 'online-payments')[1]).toContain('PayPal (Europe) S.à r.l. et Cie, S.C.A., Luxembourg');
  expect(paymentOfferFor(['paypal', 'stripe']).online.map((p) => p.name)).toEqual(['Stripe', 'PayPal']);
});

it('keeps the ledger’s own entry: legal obligation, ten years under L123-22', () => {
  const payments = paymentsRegisterFor(paymentsRegister, ['stripe']).activities.find((a) => a.id === 'payments')!;
  expect(payments.legalBasis).toBe('legal_obligation');
  // Its retention is written from its rules: two years, then the legal archive until ten years under L123-22.
  const rule = paymentsRegister.retention!.find((r) => r.activity === 'payments')!;
  expect(rule).toMatchObject({ keep: { years: 2 }, then: 'archive', archive: { keep: { years: 8 } } });
  expect(retentionText(payments, paymentsRegister.retention!, 'fr')).toContain('pendant 8\u00a0ans (Code de commerce, art. L123-22\u00a0: conservation des documents comptables et des pièces justificatives dix ans à compter de la clôture de l’exercice)');
});

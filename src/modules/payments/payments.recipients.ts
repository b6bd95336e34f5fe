import type { Localized } from '../../platform/i18n/locale.js';
import type { OnlineProcessor, PaymentOffer } from '../../platform/payment-offer.js';
import type { ModuleRegister, ProcessingActivity, Recipient } from '../../platform/privacy-register.js';
import { PAYMENT_RETENTION_YEARS } from './payments.register.js';

/**
 * The payment processors as the processing register, the privacy policy and the terms name them,
 * and only those whose keys are set (policy articles 2, 3.5 and 5): a site without Stripe keys
 * says nothing about Stripe. Kept apart from payments.register.ts so that the register's static
 * part (tables, the ledger's activity) and this configured part can change independently.
 */
export type OnlinePaymentProvider = 'stripe' | 'paypal';

export const paymentProcessors: Record<OnlinePaymentProvider, OnlineProcessor> = {
  stripe: {
    name: 'Stripe',
    entity: 'Stripe Payments Europe Ltd',
    country: { fr: 'Irlande', en: 'Ireland' },
    safeguards: {
      fr: 'établie dans l’Union européenne\u00a0; ses transferts vers Stripe, Inc. (États-Unis) reposent sur le cadre de protection des données UE–États-Unis et les clauses contractuelles types de la Commission européenne',
      en: 'established in the European Union; its transfers to Stripe, Inc. (United States) rely on the EU–US Data Privacy Framework and the European Commission’s standard contractual clauses',
    },
    // providers/stripe.ts: the Checkout Session's line (the service's name), amount, reference and customer_email.
    receives: {
      fr: 'le montant, le nom de la prestation, la référence de la réservation et votre adresse e-mail',
      en: 'the amount, the name of the service, the booking reference and your e-mail address',
    },
    privacyPolicy: 'https://stripe.com/fr/privacy',
  },
  paypal: {
    name: 'PayPal',
    entity: 'PayPal (Europe) S.à r.l. et Cie, S.C.A.',
    country: { fr: 'Luxembourg', en: 'Luxembourg' },
    safeguards: {
      fr: 'établie dans l’Union européenne\u00a0; ses transferts hors de l’Union reposent sur ses règles d’entreprise contraignantes (BCR) approuvées par les autorités européennes',
      en: 'established in the European Union; its transfers outside the Union rely on its binding corporate rules (BCR) approved by the European authorities',
    },
    // providers/paypal.ts: the order's amount and description (the service's name and the reference); not the e-mail.
    receives: {
      fr: 'le montant, le nom de la prestation et la référence de la réservation',
      en: 'the amount, the name of the service and the booking reference',
    },
    privacyPolicy: 'https://www.paypal.com/fr/legalhub/privacy-full',
  },
};

/** The methods taken on site, as the owner records them (payments.model's PAYMENT_METHODS), in the customer's words. */
const ON_SITE: Localized[] = [
  { fr: 'espèces', en: 'cash' },
  { fr: 'carte bancaire', en: 'card' },
  { fr: 'chèque', en: 'cheque' },
  { fr: 'virement bancaire', en: 'bank transfer' },
];

/** How customers can pay on this site: on site always, online through each configured provider. */
export function paymentOfferFor(providers: readonly OnlinePaymentProvider[]): PaymentOffer {
  return { onSite: ON_SITE, online: orderedProviders(providers).map((p) => paymentProcessors[p]) };
}

function orderedProviders(providers: readonly OnlinePaymentProvider[]): OnlinePaymentProvider[] {
  return (['stripe', 'paypal'] as const).filter((p) => providers.includes(p));
}

/** One recipient line per configured provider: who, where, what it receives, in which role, and that no bank data reaches us. */
export function paymentProcessorRecipients(providers: readonly OnlinePaymentProvider[]): Recipient[] {
  return orderedProviders(providers).map((p) => {
    const { name, entity, country, safeguards, receives } = paymentProcessors[p];
    return {
      // A processor for the payment, and a controller of its own fraud checks: the sentence says both.
      role: 'processor',
      country,
      safeguards,
      fr: `${name} (${entity}, ${country.fr}, ${safeguards.fr}) quand vous payez par ${name}\u00a0: ${receives.fr}, pour exécuter le paiement pour notre compte, et en qualité de responsable de ses propres traitements pour la lutte contre la fraude et ses obligations légales\u00a0; vos données de carte ou de compte lui sont confiées directement et ne nous parviennent jamais`,
      en: `${name} (${entity}, ${country.en}, ${safeguards.en}) when you pay with ${name}: ${receives.en}, to carry out the payment on our behalf, and as the controller of its own processing for fraud prevention and its legal obligations; your card or account details are given to it directly and never reach us`,
    };
  });
}

/** Fraud prevention by the providers (policy 3.5): declared only when one is configured. */
export function paymentFraudActivity(providers: readonly OnlinePaymentProvider[]): ProcessingActivity | undefined {
  const names = orderedProviders(providers).map((p) => paymentProcessors[p].name);
  if (names.length === 0) return undefined;
  const list = { fr: names.join(' et '), en: names.join(' and ') };
  const single = names.length === 1;
  return {
    id: 'payment-fraud-checks',
    name: { fr: 'Lutte contre la fraude aux paiements en ligne', en: 'Online payment fraud prevention' },
    purpose: {
      fr: single
        ? `Protéger les paiements en ligne de nos clients et détecter les paiements à risque. Ce contrôle est réalisé par ${list.fr}, par l’intermédiaire de qui les paiements en ligne sont faits, en qualité de responsable de son propre traitement\u00a0; nous n’en conservons que le résultat.`
        : `Protéger les paiements en ligne de nos clients et détecter les paiements à risque. Ce contrôle est réalisé par ${list.fr}, par l’intermédiaire desquels les paiements en ligne sont faits, chacun en qualité de responsable de son propre traitement\u00a0; nous n’en conservons que le résultat.`,
      en: `Protecting our customers’ online payments and detecting risky ones. The check is made by ${list.en}, through which online payments are made, as ${single ? 'controller' : 'controllers'} of ${single ? 'its' : 'their'} own processing; we only keep its result.`,
    },
    legalBasis: 'legitimate_interest',
    dataSubjects: { fr: 'les clients qui paient en ligne', en: 'customers who pay online' },
    dataCategories: [
      { fr: 'ce qui est transmis au prestataire pour le paiement (voir les destinataires)', en: 'what is sent to the provider for the payment (see the recipients)' },
      {
        fr: `résultat de son contrôle (${orderedProviders(providers).map((p) => FRAUD_OUTCOME[p].fr).join(', ')})`,
        en: `the result of its check (${orderedProviders(providers).map((p) => FRAUD_OUTCOME[p].en).join(', ')})`,
      },
    ],
    recipients: paymentProcessorRecipients(providers),
    retention: {
      fr: `le résultat du contrôle est conservé avec le paiement, ${PAYMENT_RETENTION_YEARS}\u00a0ans à compter de la fin de l’exercice (Code de commerce, art. L123-22)\u00a0; ${list.fr} ${single ? 'conserve ses' : 'conservent leurs'} propres données pendant les durées fixées par ${single ? 'sa' : 'leur'} politique de confidentialité.`,
      en: `the result of the check is kept with the payment, ${PAYMENT_RETENTION_YEARS} years from the end of the financial year (French Commercial Code, art. L123-22); ${list.en} ${single ? 'keeps its' : 'keep their'} own data for the periods set by ${single ? 'its privacy policy' : 'their privacy policies'}.`,
    },
  };
}

/** What each provider tells us of its fraud check, and all we keep of it. */
const FRAUD_OUTCOME: Record<OnlinePaymentProvider, Localized> = {
  stripe: { fr: 'niveau de risque Stripe Radar', en: 'Stripe Radar risk level' },
  paypal: { fr: 'statut et protection vendeur PayPal', en: 'PayPal status and seller protection' },
};

/** Activities that exist only when a provider is configured (online payments; the providers' fraud checks). */
const ONLINE_ONLY = new Set(['online-payments', 'payment-fraud-checks']);
/** Activities through which the processors receive data: their recipients gain one line per configured provider. */
const PAID_THROUGH_PROCESSORS = new Set(['payments', 'online-payments']);
const namesAProvider = (r: Localized) => /\b(Stripe|PayPal)\b/.test(r.fr);

/**
 * The payments module's part of the register for this configuration: the processors named as
 * recipients of the payment activities, the fraud-prevention activity, and nothing online when no
 * provider is configured. Takes the register as its argument so that activities declared beside
 * (online payments) go through the same rule.
 */
export function paymentsRegisterFor(register: ModuleRegister, providers: readonly OnlinePaymentProvider[]): ModuleRegister {
  const online = orderedProviders(providers);
  const processors = paymentProcessorRecipients(online);
  const activities = register.activities
    .filter((a) => online.length > 0 || !ONLINE_ONLY.has(a.id))
    .map((a) => (PAID_THROUGH_PROCESSORS.has(a.id) ? { ...a, recipients: [...processors, ...a.recipients.filter((r) => !namesAProvider(r))] } : a));
  const fraud = paymentFraudActivity(online);
  return { ...register, activities: [...activities, ...(fraud && !activities.some((a) => a.id === fraud.id) ? [fraud] : [])] };
}

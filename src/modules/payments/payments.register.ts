import { hostingProvider } from '../../platform/recipients.js';
import type { ModuleRegister, Recipient } from '../../platform/privacy-register.js';
import { paymentsPersonalData, paymentsRetention } from './payments.personal-data.js';

/** Code de commerce, art. L123-22: accounting records and their supporting documents are kept ten years. */
export const PAYMENT_RETENTION_YEARS = 10;

const accountant: Recipient = {
  fr: 'notre expert-comptable et l’administration fiscale, sur demande',
  en: 'our accountant and the tax authorities, on request',
  role: 'public',
  country: { fr: 'France', en: 'France' },
};
const hosting: Recipient = hostingProvider;

/**
 * A payment is tied to a booking, hence to a person: what they paid, when and how, and the
 * reason of a correction. Kept ten years for the accounts (L123-22): two years in the working
 * data after the end of the financial year, then copied unchanged to the legal archive and
 * anonymised here (no link to the booking, no reason), the same at the person's erasure; the
 * ledger's records are never deleted, so its chain stays whole (ledger verify checks an
 * anonymised record against its archived copy). See payments.personal-data.ts.
 */
export const paymentsRegister: ModuleRegister = {
  module: 'payments',
  activities: [
    {
      id: 'payments',
      name: { fr: 'Paiements reçus', en: 'Payments received' },
      purpose: { fr: 'Suivi des paiements et obligations comptables', en: 'Tracking payments and meeting our accounting obligations' },
      legalBasis: 'legal_obligation',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [
        { fr: 'montant, date et moyen de paiement de chaque réservation', en: 'amount, date and method of payment of each booking' },
        { fr: 'motif d’une correction de paiement', en: 'reason for a payment correction' },
        { fr: 'remboursements : montant, moyen, statut, identifiant du remboursement chez le prestataire et motif', en: 'refunds: amount, method, status, the provider’s refund id and the reason' },
        { fr: 'compte de l’équipe qui a enregistré le paiement', en: 'team account that recorded the payment' },
      ],
      recipients: [accountant, hosting],
    },
    {
      id: 'online-payments',
      // The providers are named by paymentsRegisterFor, as configured: the recipients below, the fraud-check activity.
      name: { fr: 'Paiements en ligne', en: 'Online payments' },
      purpose: {
        fr: 'Encaisser en ligne le prix ou l’acompte d’une réservation, la confirmer une fois le paiement reçu, et tenir nos comptes',
        en: 'Taking the price or the deposit of a booking online, confirming it once the payment is received, and keeping our accounts',
      },
      legalBasis: 'contract',
      dataSubjects: { fr: 'les clients qui paient en ligne', en: 'customers who pay online' },
      dataCategories: [
        { fr: 'montant, devise, statut de chaque tentative de paiement et identifiants attribués par le prestataire (session, paiement)', en: 'amount, currency, status of each payment attempt and the ids the provider gives it (session, payment)' },
        { fr: 'résultat du contrôle anti-fraude du prestataire', en: 'the provider’s fraud check result' },
        {
          fr: 'aucune donnée bancaire : le numéro de carte, le cryptogramme et les coordonnées de compte sont saisis chez le prestataire et ne nous parviennent jamais',
          en: 'no bank data: the card number, security code and account details are typed at the provider’s and never reach us',
        },
      ],
      recipients: [
        {
          fr: 'Stripe (Stripe Payments Europe Ltd, Irlande) et PayPal (PayPal (Europe) S.à r.l. et Cie, S.C.A., Luxembourg), selon le moyen choisi : ils reçoivent votre adresse e-mail, le montant, la référence de la réservation et le nom de la prestation, traitent le paiement pour notre compte et, pour leurs propres contrôles anti-fraude et obligations légales, en qualité de responsables de traitement distincts',
          en: 'Stripe (Stripe Payments Europe Ltd, Ireland) and PayPal (PayPal (Europe) S.à r.l. et Cie, S.C.A., Luxembourg), as chosen: they receive your email address, the amount, the booking reference and the service name, process the payment for us and, for their own fraud checks and legal obligations, as separate controllers',
        },
        accountant,
      ],
    },
  ],
  tables: [
    {
      table: 'payments',
      personal: {
        ...Object.fromEntries(['booking_id', 'method', 'amount_cents', 'paid_on', 'reason'].map((c) => [c, ['payments']])),
        // Who took the money: the staff member's account, for the accounts and against fraud.
        recorded_by: ['payments', 'backoffice-access'],
      },
      nonPersonal: ['id', 'sequence', 'kind', 'currency', 'corrects_id', 'recorded_at', 'previous_hash', 'hash'],
    },
    {
      // A day's totals over every customer: no person can be singled out.
      table: 'payment_closings',
      personal: {},
      nonPersonal: ['id', 'sequence', 'day', 'records', 'total_cents', 'totals_by_method', 'running_total_cents', 'closed_at', 'previous_hash', 'hash'],
    },
    { table: 'payment_ledger_head', personal: {}, nonPersonal: ['id', 'sequence', 'hash'] },
    {
      // Tied to a booking, hence to a person: what they paid online and the provider's verdict on it. No card data, by design.
      table: 'payment_attempts',
      personal: Object.fromEntries(['booking_id', 'amount_cents', 'status', 'provider_ref', 'provider_payment_ref', 'fraud_outcome', 'redirect_url', 'attention'].map((c) => [c, ['online-payments']])),
      nonPersonal: ['id', 'provider', 'purpose', 'currency', 'idempotency_key', 'expires_at', 'payment_id', 'created_at', 'updated_at'],
    },
    {
      // Money given back for a booking (its cancellation): tied to a person like the payment it gives back; kept as long (L123-22).
      table: 'payment_refunds',
      personal: Object.fromEntries(['booking_id', 'method', 'amount_cents', 'status', 'provider_refund_ref', 'reason', 'failure'].map((c) => [c, ['payments']])),
      nonPersonal: ['id', 'payment_id', 'currency', 'tries', 'correction_id', 'created_at', 'updated_at'],
    },
    // The provider's event ids and types: which notifications were handled, nothing about the person.
    { table: 'provider_events', personal: {}, nonPersonal: ['id', 'provider', 'event_id', 'type', 'attempt_id', 'received_at'] },
  ],
  personalData: paymentsPersonalData,
  retention: paymentsRetention,
};

import type { ModuleRegister } from '../../platform/privacy-register.js';

/** Code de commerce, art. L123-22: accounting records and their supporting documents are kept ten years. */
export const PAYMENT_RETENTION_YEARS = 10;

/**
 * A payment is tied to a booking, hence to a person: what they paid, when and how, and the
 * reason of a correction. Kept ten years for the accounts; never swept before that (no sweep
 * at all today: the first records reach ten years in 2036; removing them then must keep the
 * chain verifiable, e.g. by archiving a closed period with its last hash).
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
        { fr: 'compte de l’équipe qui a enregistré le paiement', en: 'team account that recorded the payment' },
      ],
      recipients: [
        { fr: 'notre expert-comptable et l’administration fiscale, sur demande', en: 'our accountant and the tax authorities, on request' },
        { fr: 'nos prestataires d’hébergement, en qualité de sous-traitants', en: 'our hosting provider, as a processor' },
      ],
      retention: {
        fr: `${PAYMENT_RETENTION_YEARS} ans à compter de la fin de l’exercice (Code de commerce, art. L123-22)\u00a0; ces enregistrements ne peuvent être ni modifiés ni effacés avant ce terme, même à votre demande.`,
        en: `${PAYMENT_RETENTION_YEARS} years from the end of the financial year (French Commercial Code, art. L123-22); these records can be neither changed nor erased before then, even at your request.`,
      },
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
  ],
};

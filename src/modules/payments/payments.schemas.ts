import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';
import { isCalendarDate } from '../../platform/time-zone.js';
import { PAYMENT_METHODS } from './payments.model.js';

export const REASON_MAX = 500;
/** Ten million euros: far above any booking, below any integer trouble. */
const MAX_CENTS = 1_000_000_000;

const blank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');

/** « 49 », « 49,00 », « 49,5 », « 1 234,50 € » or « 49.90 » euros → cents; zero and negative amounts are refused. */
const euros = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const normalised = value.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
    return /^\d+(\.\d{1,2})?$/.test(normalised) ? Math.round(Number(normalised) * 100) : value;
  },
  z.number({ error: 'amount' }).int('amount').min(1, 'amount').max(MAX_CENTS, 'amount'),
);

/** « 26/11/2026 » (a browser without a date picker) → 2026-11-26; anything else as it is. */
function frenchDate(value: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : value;
}

/** The form « Enregistrer un paiement »: the day defaults to today (the service fills it). */
export const recordPaymentSchema = z.object({
  method: z.enum(PAYMENT_METHODS as [string, ...string[]], { error: 'method' }).transform((m) => m as (typeof PAYMENT_METHODS)[number]),
  amount: euros,
  paidOn: z.preprocess((v) => (blank(v) ? undefined : typeof v === 'string' ? frenchDate(v.trim()) : v), z.string().refine(isCalendarDate, 'date').optional()),
});

/** The form « Corriger un paiement »: which payment, how much of it, and why. */
export const correctPaymentSchema = z.object({
  correctsId: z.string({ error: 'correctsId' }).trim().min(1, 'correctsId').max(100, 'correctsId'),
  correctionAmount: euros,
  reason: z.string({ error: 'required' }).trim().min(1, 'required').max(REASON_MAX, 'tooLong'),
});

export const paymentValidationTexts: ValidationTexts = {
  fr: {
    'label.method': 'le moyen de paiement',
    'label.amount': 'le montant',
    'label.paidOn': 'la date du paiement',
    'label.correctsId': 'le paiement à corriger',
    'label.correctionAmount': 'le montant à reprendre',
    'label.reason': 'le motif de la correction',
    method: 'Choisissez le moyen de paiement\u00a0: espèces, carte bancaire (terminal), chèque ou virement.',
    amount: 'Saisissez un montant en euros supérieur à zéro, par exemple 49 ou 49,50.',
    date: 'Saisissez une date valide, par exemple 26/11/2026.',
    correctsId: 'Choisissez le paiement à corriger dans la liste.',
    'reason.tooLong': `Le motif ne peut dépasser ${REASON_MAX}\u00a0caractères.`,
  },
  en: {
    'label.method': 'the payment method',
    'label.amount': 'the amount',
    'label.paidOn': 'the payment date',
    'label.correctsId': 'the payment to correct',
    'label.correctionAmount': 'the amount to take back',
    'label.reason': 'the reason for the correction',
    method: 'Choose the payment method: cash, card (terminal), cheque or bank transfer.',
    amount: 'Enter an amount in euros above zero, e.g. 49 or 49.50.',
    date: 'Enter a valid date, e.g. 26/11/2026.',
    correctsId: 'Choose the payment to correct from the list.',
    'reason.tooLong': `The reason cannot exceed ${REASON_MAX} characters.`,
  },
};

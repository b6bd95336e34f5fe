import { defineErrors, defineFieldMessages } from '../../platform/http/errors.js';

export const paymentErrors = defineErrors({
  PAYMENT_BOOKING_NOT_FOUND: { status: 404, fr: 'Cette réservation n’existe pas.', en: 'This booking does not exist.' },
  REFUND_EXCEEDS_PAYMENT: {
    status: 409,
    fr: 'Ce remboursement dépasse ce qui reste du paiement remboursé : une correction en a déjà repris une partie.',
    en: 'This refund is more than what remains of the payment it gives back: a correction has already taken part of it.',
  },
});

/** The checks a schema cannot make, each beside its field. */
export const paymentFieldMessages = defineFieldMessages({
  FREE_BOOKING: {
    field: 'amount',
    fr: 'Cette réservation est gratuite\u00a0: il n’y a rien à encaisser.',
    en: 'This booking is free: there is nothing to take.',
  },
  BOOKING_CANCELLED: {
    field: 'amount',
    fr: 'Cette réservation est annulée : aucun paiement ne peut plus y être enregistré. Pour rendre une somme reçue, enregistrez une correction.',
    en: 'This booking is cancelled: no payment can be recorded for it any more. To give back money received, record a correction.',
  },
  ALREADY_PAID: {
    field: 'amount',
    fr: 'Cette réservation est déjà payée en entier. Pour revenir sur un paiement, enregistrez une correction.',
    en: 'This booking is already paid in full. To undo a payment, record a correction.',
  },
  OVER_PAYMENT: {
    field: 'amount',
    fr: (p: { remaining: string }) => `Ce montant dépasse le reste à payer (${p.remaining}). Vérifiez la somme saisie.`,
    en: (p: { remaining: string }) => `This amount is more than what remains to pay (${p.remaining}). Check the amount typed.`,
    example: { remaining: '29,00\u00a0€' },
  },
  PAID_ON_FUTURE: {
    field: 'paidOn',
    fr: 'La date du paiement ne peut pas être dans le futur.',
    en: 'The payment date cannot be in the future.',
  },
  UNKNOWN_PAYMENT: {
    field: 'correctsId',
    fr: 'Choisissez le paiement à corriger dans la liste.',
    en: 'Choose the payment to correct from the list.',
  },
  CORRECTION_TOO_LARGE: {
    field: 'correctionAmount',
    fr: (p: { remaining: string }) => `Une correction ne peut reprendre plus que ce qui reste de ce paiement (${p.remaining}).`,
    en: (p: { remaining: string }) => `A correction cannot take back more than what remains of this payment (${p.remaining}).`,
    example: { remaining: '49,00\u00a0€' },
  },
});

import { defineErrors } from '../../platform/http/errors.js';

/** What can stop an invoice or a credit note from being issued, or found. */
export const invoiceErrors = defineErrors({
  INVOICE_NOT_FOUND: {
    status: 404,
    fr: 'Cette facture est introuvable.',
    en: 'This invoice cannot be found.',
  },
  NOT_AN_INVOICE: {
    status: 409,
    fr: 'Un avoir ne corrige qu’une facture, pas un autre avoir.',
    en: 'A credit note corrects an invoice, not another credit note.',
  },
  CREDIT_EXCEEDS_INVOICE: {
    status: 409,
    fr: (p: { left: string }) => `Cet avoir dépasserait le montant de la facture\u00a0: il reste au plus ${p.left} à créditer.`,
    en: (p: { left: string }) => `This credit note would exceed the invoice: at most ${p.left} is left to credit.`,
    example: { left: '49,00\u00a0€' },
  },
  SELLER_DETAILS_MISSING: {
    status: 409,
    fr: (p: { missing: string }) => `Une facture ne peut pas être émise sans ces mentions de l’entreprise\u00a0: ${p.missing}. Complétez-les dans les paramètres.`,
    en: (p: { missing: string }) => `An invoice cannot be issued without these business details: ${p.missing}. Complete them in the settings.`,
    example: { missing: 'SIRET' },
  },
  BUYER_ADDRESS_MISSING: {
    status: 409,
    fr: 'Une facture doit porter l’adresse postale du client : ajoutez-la à ses coordonnées.',
    en: 'An invoice must carry the customer’s postal address: add it to their details.',
  },
});

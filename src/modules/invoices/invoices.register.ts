import type { ModuleRegister } from '../../platform/privacy-register.js';

/**
 * Invoices and credit notes hold the buyer's name and address (and a business buyer's SIREN and
 * VAT number): the law requires them on the invoice and requires the invoice to be kept. An
 * erasure request does not reach them (GDPR art. 17.3.b); the code never changes or deletes an issued document.
 */
export const invoicesRegister: ModuleRegister = {
  module: 'invoices',
  activities: [
    {
      id: 'invoicing',
      name: { fr: 'Facturation', en: 'Invoicing' },
      purpose: {
        fr: 'Émettre les factures et les avoirs des prestations payées, avec les mentions que la loi impose, et les conserver pour la comptabilité et les contrôles.',
        en: 'Issuing the invoices and credit notes of paid services, with the details the law requires, and keeping them for the accounts and for audits.',
      },
      legalBasis: 'legal_obligation',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [
        { fr: 'nom et adresse postale', en: 'name and postal address' },
        { fr: 'numéros SIREN et de TVA d’un client professionnel', en: 'a business customer’s SIREN and VAT numbers' },
        { fr: 'prestations achetées, dates et montants', en: 'services bought, dates and amounts' },
      ],
      recipients: [
        { fr: 'le client (sa facture)', en: 'the customer (their invoice)' },
        { fr: 'l’expert-comptable et l’administration fiscale sur demande', en: 'the accountant, and the tax authorities on request' },
      ],
      retention: {
        fr: '10 ans à compter de la clôture de l’exercice (code de commerce, art. L123-22)\u00a0; une facture émise n’est jamais modifiée ni supprimée pendant cette durée.',
        en: '10 years from the end of the financial year (French commercial code, art. L123-22); an issued invoice is never changed or deleted during that time.',
      },
    },
  ],
  tables: [
    { table: 'invoice_counters', personal: {}, nonPersonal: ['type', 'year', 'last_sequence'] },
    {
      table: 'invoices',
      personal: { buyer: ['invoicing'], document: ['invoicing'], pdf: ['invoicing'], seller: ['invoicing'] },
      nonPersonal: ['id', 'number', 'type', 'year', 'sequence', 'booking_id', 'source_key', 'corrects_number', 'issue_date', 'service_date', 'net_cents', 'vat_cents', 'gross_cents', 'created_at'],
    },
    { table: 'invoice_chain', personal: {}, nonPersonal: ['sequence', 'invoice_id', 'pdf_sha256', 'previous_hash', 'hash'] },
    { table: 'invoice_chain_head', personal: {}, nonPersonal: ['id', 'sequence', 'hash'] },
    // The customer's name, in the label, only until the invoice is issued: the row is then removed.
    { table: 'invoice_pending', personal: { label: ['invoicing'] }, nonPersonal: ['booking_id', 'reason', 'missing', 'paid_cents', 'since'] },
  ],
};

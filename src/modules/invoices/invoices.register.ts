import type { ModuleRegister } from '../../platform/privacy-register.js';
import { invoicesPersonalData, invoicesRetention } from './invoices.personal-data.js';

/**
 * Invoices and credit notes hold the buyer's name and address (and a business buyer's SIREN and
 * VAT number): the law requires them on the invoice and requires the invoice to be kept ten years
 * (GDPR art. 17.3.b). At the person's erasure, or two years after the end of the financial year of
 * issue, each document is copied unchanged to the legal archive and its buyer anonymised here; the
 * numbers, amounts and the hash chain stay (ledger verify checks the chain against the archived copy).
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
        { fr: 'l’expert-comptable et l’administration fiscale sur demande', en: 'the accountant, and the tax authorities on request', role: 'public', country: { fr: 'France', en: 'France' } },
      ],
    },
  ],
  tables: [
    { table: 'invoice_counters', personal: {}, nonPersonal: ['type', 'year', 'last_sequence'] },
    {
      table: 'invoices',
      personal: { buyer: ['invoicing'], document: ['invoicing'], pdf: ['invoicing'], seller: ['invoicing'] },
      nonPersonal: ['id', 'number', 'type', 'year', 'sequence', 'booking_id', 'source_key', 'corrects_number', 'issue_date', 'service_date', 'net_cents', 'vat_cents', 'gross_cents', 'created_at'],
    },
    // Which documents were anonymised after archiving, when and why: ids and instants only.
    { table: 'invoice_erasures', personal: {}, nonPersonal: ['invoice_id', 'erased_at', 'cause'] },
    { table: 'invoice_chain', personal: {}, nonPersonal: ['sequence', 'invoice_id', 'pdf_sha256', 'previous_hash', 'hash'] },
    { table: 'invoice_chain_head', personal: {}, nonPersonal: ['id', 'sequence', 'hash'] },
    // The customer's name, in the label, and a correction's free-text reason in the kept payments, until
    // the invoice is issued (the row is then removed) or the customer erased (both anonymised then).
    { table: 'invoice_pending', personal: { label: ['invoicing'], payments: ['invoicing'] }, nonPersonal: ['booking_id', 'reason', 'missing', 'paid_cents', 'since', 'erased_at'] },
  ],
  personalData: invoicesPersonalData,
  retention: invoicesRetention,
};

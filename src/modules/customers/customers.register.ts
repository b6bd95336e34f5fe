import type { ModuleRegister } from '../../platform/privacy-register.js';
import * as queries from './customers.queries.js';

/** The relationship ends with the customer's last booking; it is kept three more years (privacy policy art. 4). */
export const CUSTOMER_RETENTION_YEARS = 3;

const retention = {
  fr: `la durée de la relation commerciale, puis ${CUSTOMER_RETENTION_YEARS} ans après votre dernière réservation\u00a0; votre fiche, ses notes et son historique sont alors supprimés.`,
  en: `the duration of our business relationship, then ${CUSTOMER_RETENTION_YEARS} years after your last booking; your record, its notes and its history are then deleted.`,
};

/** A customer's details, as a booking gives them and the customer record keeps them (CustomerDetails). */
export const contactDataCategories = [
  { fr: 'nom et prénom', en: 'last and first name' },
  { fr: 'nom de la société', en: 'company name' },
  { fr: 'pays de résidence', en: 'country of residence' },
  { fr: 'adresse e-mail', en: 'e-mail address' },
  { fr: 'numéro de téléphone', en: 'phone number' },
  { fr: 'adresse postale', en: 'postal address' },
];

export const customersRegister: ModuleRegister = {
  module: 'customers',
  activities: [
    {
      id: 'customers',
      name: { fr: 'Fichier clients', en: 'Customer records' },
      purpose: {
        fr: 'Tenir votre fiche client (vos coordonnées les plus récentes et l’historique de leurs modifications), pour vous retrouver quand vous réservez ou nous appelez.',
        en: 'Keeping your customer record (your latest details and the history of their changes), so that we know you when you book or call us.',
      },
      legalBasis: 'contract',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [...contactDataCategories, { fr: 'historique des modifications de ces coordonnées', en: 'history of changes to these details' }],
      recipients: [{ fr: 'nos prestataires d’hébergement, en qualité de sous-traitants', en: 'our hosting provider, as a processor' }],
      retention,
    },
    {
      id: 'customer-notes',
      name: { fr: 'Notes internes sur les clients', en: 'Internal notes about customers' },
      purpose: {
        fr: 'Garder les informations utiles au service que vous nous confiez (matériel, préférences, précisions d’accès), notées par nos soins.',
        en: 'Keeping what helps us serve you (equipment, preferences, access details), noted by us.',
      },
      legalBasis: 'legitimate_interest',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [{ fr: 'notes rédigées par nos soins', en: 'notes written by us' }],
      recipients: [{ fr: 'nos prestataires d’hébergement, en qualité de sous-traitants', en: 'our hosting provider, as a processor' }],
      retention,
    },
  ],
  tables: [
    {
      table: 'customers',
      personal: Object.fromEntries(
        [
          'email',
          'email_normalised',
          'last_name',
          'first_name',
          'company',
          'country',
          'phone',
          'address_line1',
          'address_line2',
          'address_postal_code',
          'address_city',
          'address_country',
          'search_text',
          'sort_key',
          'last_booking_at',
        ].map((column) => [column, ['customers']]),
      ),
      nonPersonal: ['id', 'created_at', 'updated_at'],
    },
    {
      table: 'customer_notes',
      // The account that wrote the note is the owner's (or a staff member's) personal data as well.
      personal: { body: ['customer-notes'], admin_id: ['customer-notes', 'backoffice-access'], admin_email: ['customer-notes', 'backoffice-access'] },
      nonPersonal: ['id', 'customer_id', 'created_at'],
    },
    {
      table: 'customer_changes',
      personal: { before_value: ['customers'], after_value: ['customers'], admin_id: ['customers', 'backoffice-access'], admin_email: ['customers', 'backoffice-access'] },
      nonPersonal: ['id', 'customer_id', 'field', 'actor', 'booking_id', 'changed_at'],
    },
  ],
  async sweep(db, now) {
    const cutoff = new Date(now);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - CUSTOMER_RETENTION_YEARS);
    let customers = 0;
    let notes = 0;
    for (;;) {
      const batch = await queries.deleteCustomersInactiveSince(db, cutoff.toISOString());
      customers += batch.customers;
      notes += batch.notes;
      if (batch.customers === 0) break;
    }
    return [
      { activity: 'customers', deleted: customers, anonymised: 0 },
      { activity: 'customer-notes', deleted: notes, anonymised: 0 },
    ];
  },
};

import { nonEmpty } from '../../platform/personal-data.js';
import type { ModuleRegister, PortContext } from '../../platform/privacy-register.js';
import { hostingProvider } from '../../platform/recipients.js';
import * as queries from './customers.queries.js';

/** The relationship ends with the customer's last booking; it is kept three more years (privacy policy art. 4). */
export const CUSTOMER_RETENTION_YEARS = 3;

/** The period runs from the end of the last booking, or from the record's creation for a customer who never booked. */
const lastBooking = {
  fr: 'votre dernière réservation (ou la création de la fiche, si vous n’avez jamais réservé)',
  en: 'your last booking (or the record’s creation, if you never booked)',
};

const kinds = {
  record: { fr: 'Fiche client', en: 'Customer record' },
  changes: { fr: 'Historique des modifications de vos coordonnées', en: 'History of changes to your details' },
  notes: { fr: 'Notes internes', en: 'Internal notes' },
  written: { fr: 'Notes et modifications écrites par vous sur des clients', en: 'Notes and changes you wrote about customers' },
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
  // Payments, invoices, mails… find the person through these rows: erased last (privacy engine).
  identifiesPeople: true,
  module: 'customers',
  activities: [
    {
      id: 'customers',
      name: { fr: 'Fichier clients', en: 'Customer records' },
      // The record of processing activities (art. 30) is the controller's: in the third person.
      record: {
        fr: 'Tenir le fichier des clients (leurs coordonnées les plus récentes et l’historique de leurs modifications), pour reconnaître un client quand il réserve ou appelle.',
        en: 'Keeping the customer file (their latest details and the history of their changes), to recognise a customer who books or calls.',
      },
      purpose: {
        fr: 'Tenir votre fiche client (vos coordonnées les plus récentes et l’historique de leurs modifications), pour vous retrouver quand vous réservez ou nous appelez.',
        en: 'Keeping your customer record (your latest details and the history of their changes), so that we know you when you book or call us.',
      },
      legalBasis: 'contract',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [...contactDataCategories, { fr: 'historique des modifications de ces coordonnées', en: 'history of changes to these details' }],
      recipients: [hostingProvider],
    },
    {
      id: 'customer-notes',
      name: { fr: 'Notes internes sur les clients', en: 'Internal notes about customers' },
      // The record of processing activities (art. 30) is the controller's: in the third person.
      record: {
        fr: 'Noter les informations utiles au service rendu à chaque client (matériel, préférences, précisions d’accès).',
        en: 'Noting what helps serve each customer (equipment, preferences, access details).',
      },
      purpose: {
        fr: 'Garder les informations utiles au service que vous nous confiez (matériel, préférences, précisions d’accès), notées par nos soins.',
        en: 'Keeping what helps us serve you (equipment, preferences, access details), noted by us.',
      },
      legalBasis: 'legitimate_interest',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [{ fr: 'notes rédigées par nos soins', en: 'notes written by us' }],
      recipients: [hostingProvider],
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
  retention: [
    // Notes first: each rule reports its own records (the customers' rule would take the notes with it).
    {
      id: 'customers.notes',
      activity: 'customer-notes',
      records: { fr: 'nos notes sur vous', en: 'our notes about you' },
      keep: { years: CUSTOMER_RETENTION_YEARS },
      from: lastBooking,
      then: 'delete',
      apply: (ctx, cutoff, { dryRun }) => applyInactive(ctx, cutoff, dryRun, 'notes'),
    },
    {
      id: 'customers.inactive',
      activity: 'customers',
      records: { fr: 'votre fiche client et l’historique de ses modifications', en: 'your customer record and the history of its changes' },
      keep: { years: CUSTOMER_RETENTION_YEARS },
      from: lastBooking,
      then: 'delete',
      apply: (ctx, cutoff, { dryRun }) => applyInactive(ctx, cutoff, dryRun, 'customers'),
    },
  ],
  personalData: {
    async find({ db }, subject) {
      const counts = await queries.countPersonalData(db, subject);
      return nonEmpty([
        { kind: 'customer-record', label: kinds.record, count: counts.customers },
        { kind: 'customer-changes', label: kinds.changes, count: counts.changes },
        { kind: 'customer-notes', label: kinds.notes, count: counts.notes },
      ]);
    },
    async export({ db }, subject) {
      const data = await queries.selectPersonalData(db, subject);
      return [
        { kind: 'customer-record', label: kinds.record, activities: ['customers'], rows: data.customers },
        { kind: 'customer-changes', label: kinds.changes, activities: ['customers'], rows: data.changes },
        { kind: 'customer-notes', label: kinds.notes, activities: ['customer-notes'], rows: data.notes },
      ].filter((records) => records.rows.length > 0);
    },
    async erase({ db }, subject) {
      const erased = await queries.erasePersonalData(db, subject);
      return nonEmpty([
        { kind: 'customer-notes', label: kinds.notes, action: 'deleted' as const, count: erased.notes },
        { kind: 'customer-changes', label: kinds.changes, action: 'deleted' as const, count: erased.changes },
        { kind: 'customer-record', label: kinds.record, action: 'deleted' as const, count: erased.customers },
        // A member of the team erased: the notes and changes they wrote about customers stay, without their address.
        { kind: 'customer-notes-written', label: kinds.written, action: 'anonymised' as const, count: erased.authorship },
      ]);
    },
  },
};

/** The customers whose period ended (or, dry, how many records would go), in batches. */
async function applyInactive(ctx: PortContext, cutoff: Date, dryRun: boolean, what: 'customers' | 'notes'): Promise<number> {
  const cutoffIso = cutoff.toISOString();
  if (dryRun) return (await queries.countInactiveSince(ctx.db, cutoffIso))[what];
  if (what === 'notes') return queries.deleteNotesOfInactiveSince(ctx.db, cutoffIso);
  let total = 0;
  for (;;) {
    const batch = await queries.deleteCustomersInactiveSince(ctx.db, cutoffIso);
    total += batch.customers;
    if (batch.customers === 0) return total;
  }
}

import { exportRow, nonEmpty } from '../../platform/personal-data.js';
import type { ModuleRegister } from '../../platform/privacy-register.js';
import { hostingAndEmailProviders } from '../../platform/recipients.js';
import { serviceNamesWithin } from '../catalog/index.js';
import { contactDataCategories, CUSTOMER_RETENTION_YEARS } from '../customers/index.js';
import { cancelPendingJobsWithin } from '../jobs/index.js';
import { FEED_PAST_DAYS } from './agenda.service.js';
import * as queries from './booking.queries.js';
import { reminderKey } from './use-cases/reminders.js';

/** The columns the owner's calendar feed and notice attachment carry. */
const feedColumns = new Set(['customer_last_name', 'customer_first_name', 'customer_company', 'customer_email', 'customer_phone']);

export const bookingRegister: ModuleRegister = {
  // Payments, invoices, mails… find the person through these rows: erased last (privacy engine).
  identifiesPeople: true,
  module: 'booking',
  activities: [
    {
      id: 'bookings',
      name: { fr: 'Gestion des réservations', en: 'Booking management' },
      // The record of processing activities (art. 30) is the controller's: in the third person.
      record: {
        fr: 'Enregistrer et gérer les réservations des clients, leur en confirmer les détails et les prévenir de tout changement.',
        en: 'Recording and managing customers’ bookings, confirming their details to them and telling them of any change.',
      },
      purpose: {
        fr: 'Enregistrer et gérer vos réservations, vous en confirmer les détails et vous prévenir de tout changement.',
        en: 'Recording and managing your bookings, confirming their details to you and telling you of any change.',
      },
      legalBasis: 'contract',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [
        ...contactDataCategories,
        { fr: 'prestation, date, prix et historique de la réservation', en: 'service, date, price and history of the booking' },
        { fr: 'versions des CGV et de la politique de confidentialité présentées', en: 'versions of the terms and privacy policy shown' },
        { fr: 'prestation effectuée ou absence au rendez-vous', en: 'whether the service took place or you did not come' },
      ],
      recipients: [hostingAndEmailProviders],
    },
    {
      id: 'owner-calendar-feed',
      name: { fr: 'Agenda de l’entreprise sur ses appareils', en: 'The business’s calendar on its devices' },
      purpose: {
        fr: 'Afficher nos rendez-vous dans l’agenda de notre téléphone et de notre ordinateur, par un abonnement privé que nous pouvons révoquer, et joindre le rendez-vous à l’avis de nouvelle réservation que nous recevons.',
        en: 'Showing our appointments in the calendar of our phone and computer, through a private subscription we can revoke, and attaching the appointment to the new-booking notice we receive.',
      },
      legalBasis: 'contract',
      dataSubjects: { fr: 'les clients', en: 'customers' },
      dataCategories: [
        { fr: 'nom et prénom', en: 'last and first name' },
        { fr: 'nom de la société', en: 'company name' },
        { fr: 'adresse e-mail', en: 'e-mail address' },
        { fr: 'numéro de téléphone', en: 'phone number' },
        { fr: 'prestation, date et lieu du rendez-vous', en: 'service, date and place of the appointment' },
      ],
      recipients: [
        {
          fr: 'le fournisseur de l’agenda de l’entreprise (par exemple Google, Apple ou Microsoft), qui récupère l’abonnement, en qualité de sous-traitant',
          en: 'the provider of the business’s calendar (for example Google, Apple or Microsoft), which fetches the subscription, as a processor',
          role: 'processor',
          country: {
            fr: 'selon le fournisseur, dans l’Union européenne ou hors de celle-ci (Google, Apple et Microsoft traitent aussi ces données aux États-Unis)',
            en: 'depending on the provider, in the European Union or outside it (Google, Apple and Microsoft also process this data in the United States)',
          },
          safeguards: {
            fr: 'pour un transfert vers les États-Unis, la décision d’adéquation de la Commission européenne du 10 juillet 2023 (cadre de protection des données UE–États-Unis), à laquelle ces fournisseurs ont adhéré, et leurs clauses contractuelles types',
            en: 'for a transfer to the United States, the European Commission’s adequacy decision of 10 July 2023 (EU–US Data Privacy Framework), which these providers joined, and their standard contractual clauses',
          },
        },
      ],
    },
  ],
  tables: [
    {
      table: 'bookings',
      personal: Object.fromEntries(
        [
          'customer_last_name',
          'customer_first_name',
          'customer_company',
          'customer_country',
          'customer_email',
          'customer_phone',
          'address_line1',
          'address_line2',
          'address_postal_code',
          'address_city',
          'address_country',
          'cancellation_reason',
          'attendance',
          // The key and fingerprint are derived from the request that carried the customer's details.
          'idempotency_key',
          'request_fingerprint',
        ].map((column) => [column, feedColumns.has(column) ? ['bookings', 'owner-calendar-feed'] : ['bookings']]),
      ),
      nonPersonal: [
        'id',
        'reference',
        'service_id',
        'start_at',
        'end_at',
        'blocked_from',
        'blocked_until',
        'status',
        // The customer's own record is declared by the customers module.
        'customer_id',
        'locale',
        'price_cents',
        'vat_rate_bp',
        'currency',
        'terms_version',
        'terms_accepted',
        'privacy_notice_version',
        'withdrawal_policy',
        'early_performance_requested',
        'source',
        'created_at',
        'updated_at',
        'cancelled_at',
        'cancelled_by',
        'quantity',
        'session_id',
        'awaiting_payment',
      ],
    },
    // details may hold the owner's free-text reason for a cancellation or a move, sent to the customer.
    { table: 'booking_events', personal: { details: ['bookings'] }, nonPersonal: ['id', 'booking_id', 'type', 'actor', 'created_at'] },
    // The feed's personal data is read from bookings; its table holds only the generation of the private address.
    { table: 'owner_calendar_feed', personal: {}, nonPersonal: ['id', 'generation', 'updated_at'] },
  ],
  retention: [
    {
      id: 'bookings.inactive-customers',
      activity: 'bookings',
      records: { fr: 'vos réservations et leur historique', en: 'your bookings and their history' },
      keep: { years: CUSTOMER_RETENTION_YEARS },
      from: { fr: 'votre dernière réservation', en: 'your last booking' },
      // The service, the date and the price stay, without who it was: the statistics and the accounts keep them.
      then: 'anonymise',
      // The customers whose period ended (and the bookings already without a customer); order-free against the customers' rule.
      apply: ({ db }, cutoff, { dryRun }) => queries.anonymiseBookingsOfInactiveCustomers(db, cutoff.toISOString(), dryRun),
    },
    {
      id: 'bookings.calendar-feed',
      activity: 'owner-calendar-feed',
      records: {
        fr: 'chaque rendez-vous dans l’abonnement de notre agenda (il en sort dès son annulation, et l’agenda du fournisseur le retire à sa mise à jour suivante)',
        en: 'each appointment in our calendar subscription (it leaves it as soon as it is cancelled, and the provider’s calendar removes it at its next refresh)',
      },
      keep: { days: FEED_PAST_DAYS },
      from: { fr: 'son début', en: 'its start' },
      then: 'delete',
      // Nothing to act on: the feed is written on each request from the bookings starting after
      // now minus FEED_PAST_DAYS (agenda.service.ts), so an older appointment is already out of it.
      apply: async () => 0,
    },
  ],
  personalData: {
    async find({ db }, subject) {
      const counts = await queries.countPersonalBookings(db, subject);
      return nonEmpty([
        { kind: 'bookings', label: kinds.bookings, count: counts.bookings },
        { kind: 'booking-history', label: kinds.history, count: counts.events },
      ]);
    },
    async export({ db }, subject) {
      const { bookings, events } = await queries.selectPersonalBookings(db, subject);
      const names = await serviceNamesWithin(
        db,
        bookings.map((b) => b.service_id),
      );
      const rows = bookings.map((booking) => {
        const name = names.get(booking.service_id);
        return exportRow({ ...booking, service_name: name ? name[booking.locale] : null });
      });
      return [
        { kind: 'bookings', label: kinds.bookings, activities: ['bookings', 'owner-calendar-feed'], rows },
        { kind: 'booking-history', label: kinds.history, activities: ['bookings'], rows: events.map(exportRow) },
      ].filter((records) => records.rows.length > 0);
    },
    async erase({ db, now }, subject) {
      const { ids, events } = await queries.anonymisePersonalBookings(db, subject, now.toISOString());
      // A booking still waiting for its online payment lost its attempt (payments' port ran first): its place is released.
      await queries.releaseErasedAwaitingPayment(db, ids, now.toISOString());
      // An anonymised booking still ahead must not send its reminder (to nobody) later on.
      await cancelPendingJobsWithin(
        db,
        ids.map((id) => reminderKey(id)),
        now.toISOString(),
      );
      return nonEmpty([
        { kind: 'bookings', label: kinds.bookings, action: 'anonymised' as const, count: ids.length },
        { kind: 'booking-history', label: kinds.history, action: 'anonymised' as const, count: events },
      ]);
    },
  },
};

const kinds = {
  bookings: { fr: 'Réservations', en: 'Bookings' },
  history: { fr: 'Historique des réservations', en: 'Booking history' },
};

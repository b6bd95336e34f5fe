import type { ModuleRegister } from '../../platform/privacy-register.js';
import { contactDataCategories, CUSTOMER_RETENTION_YEARS } from '../customers/index.js';
import * as queries from './booking.queries.js';

/** The columns the owner's calendar feed and notice attachment carry. */
const feedColumns = new Set(['customer_last_name', 'customer_first_name', 'customer_company', 'customer_email', 'customer_phone']);

export const bookingRegister: ModuleRegister = {
  module: 'booking',
  activities: [
    {
      id: 'bookings',
      name: { fr: 'Gestion des réservations', en: 'Booking management' },
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
      recipients: [
        { fr: 'nos prestataires d’hébergement et d’envoi d’e-mails, en qualité de sous-traitants', en: 'our hosting and e-mail providers, as processors' },
      ],
      retention: {
        fr: `la durée de la relation commerciale, puis ${CUSTOMER_RETENTION_YEARS} ans après votre dernière réservation\u00a0; vos coordonnées sont ensuite effacées et la réservation anonymisée.`,
        en: `the duration of our business relationship, then ${CUSTOMER_RETENTION_YEARS} years after your last booking; your details are then erased and the booking anonymised.`,
      },
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
        },
      ],
      retention: {
        fr: 'le rendez-vous figure dans l’abonnement jusqu’à 30\u00a0jours après sa date\u00a0; il en disparaît plus tôt s’il est annulé, et l’agenda du fournisseur le retire à sa mise à jour suivante.',
        en: 'the appointment stays in the subscription until 30 days after its date; it leaves it earlier when cancelled, and the provider’s calendar removes it at its next refresh.',
      },
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
  // Customer-based: the customers module deletes the customer 3 years after their last booking (it is
  // swept first, see registers in app.ts); the bookings that lost their customer are anonymised here.
  async sweep(db) {
    const anonymised = await queries.anonymiseBookingsWithoutCustomer(db);
    return [{ activity: 'bookings', deleted: 0, anonymised }];
  },
};

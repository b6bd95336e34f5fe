import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { BusinessProfile } from '../../platform/business.js';
import { countryName } from '../../platform/i18n/countries.js';
import { nobodyRestricted, RESTRICTED_MARK, type RestrictedTest } from '../../platform/personal-data.js';
import { addDays, calendarDate, localTimeToInstant } from '../../platform/time-zone.js';
import type { BookingService } from '../booking/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { CustomersService } from '../customers/index.js';
import type { BookingForPaymentState, BookingPaymentSummary } from '../payments/index.js';
import { amount, frenchCsv, frenchDate, frenchDateTime, frenchTime } from './exports.csv.js';

export type ExportsService = ReturnType<typeof createExportsService>;

/** French numbers as people dial them (« 06 12 34 56 78 »), others in international form. */
function phoneText(e164: string | null): string | null {
  if (!e164) return null;
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'FR' ? parsed.formatNational() : parsed.formatInternational();
}

/** The bookings CSV's « Paiement » column: where each booking's payment stands, in the owner's words. */
const paymentLabels: Record<BookingPaymentSummary['status'], string> = {
  free: 'Gratuite',
  unpaid: 'Non payée',
  partly_paid: 'Partiellement payée',
  paid: 'Payée',
  overpaid: 'Trop-perçu',
  pending: 'En attente du paiement en ligne',
};

/** What the bookings CSV needs of the payments module (wired in app.ts): each booking's payment. */
export interface ExportsPayments {
  summariesOf(bookings: readonly BookingForPaymentState[]): Promise<Map<string, BookingPaymentSummary>>;
}

/** Whether a person's processing is restricted (GDPR art. 18), and their mark in the bookings CSV's « Nom » (platform/personal-data.ts). */
export { RESTRICTED_MARK, type RestrictedTest };

/** The files for the accountant, built from the other modules' public services. */
export function createExportsService(deps: {
  booking: BookingService;
  catalog: CatalogService;
  customers: CustomersService;
  business: () => BusinessProfile;
  paymentStates?: ExportsPayments | undefined;
  restrictedTest?: RestrictedTest | undefined;
}) {
  const { booking, catalog, customers, business } = deps;
  const zone = business().timezone;
  const restrictedTest = deps.restrictedTest ?? nobodyRestricted;
  const startOfDay = (isoDate: string) => {
    const { year, month, day } = calendarDate(isoDate);
    return new Date(localTimeToInstant(zone, year, month, day)).toISOString();
  };

  return {
    /** Bookings starting between two local dates (both included), cancelled ones marked as such. */
    async bookingsCsv(from: string, to: string): Promise<string> {
      const [bookings, services] = await Promise.all([
        booking.startingBetween(startOfDay(from), startOfDay(addDays(to, 1))),
        catalog.listServices({ activeOnly: false }),
      ]);
      const names = new Map(services.map((s) => [s.id, s.name.fr]));
      const paid = deps.paymentStates ? await deps.paymentStates.summariesOf(bookings) : new Map<string, BookingPaymentSummary>();
      const restricted = await restrictedTest();
      const header = [
        'Référence',
        'Date',
        'Heure de début',
        'Heure de fin',
        'Prestation',
        'État',
        'Nom',
        'Prénom',
        'Société',
        'E-mail',
        'Téléphone',
        'Adresse',
        'Code postal',
        'Ville',
        'Pays',
        'Montant HT',
        'TVA',
        'Montant TTC',
        'Taux de TVA',
        'Devise',
        'Réservée le',
        'Annulée le',
        'Paiement',
        'Montant reçu',
      ];
      const rows = bookings.map((b) => {
        const vatRate = business().vatExempt ? 0 : b.vatRateBp;
        const net = Math.round((b.priceCents * 10_000) / (10_000 + vatRate));
        // A restricted person's data leaves in no export but theirs: their identity cells are blanked and marked.
        const hidden = restricted({ email: b.customer.email, customerId: b.customerId });
        const c = hidden ? { lastName: RESTRICTED_MARK, firstName: null, company: null, email: null, phone: null, address: null, country: null } : b.customer;
        const payment = paid.get(b.id);
        return [
          b.reference,
          frenchDate(b.start, zone),
          frenchTime(b.start, zone),
          frenchTime(b.end, zone),
          names.get(b.serviceId) ?? '',
          b.status === 'cancelled' ? 'Annulée' : b.awaitingPayment ? 'En attente de paiement' : 'Confirmée',
          c.lastName,
          c.firstName,
          c.company,
          c.email,
          phoneText(c.phone),
          c.address ? [c.address.line1, c.address.line2].filter(Boolean).join(', ') : null,
          c.address?.postalCode ?? null,
          c.address?.city ?? null,
          c.address ? countryName(c.address.country, 'fr') : c.country ? countryName(c.country, 'fr') : null,
          amount(net),
          amount(b.priceCents - net),
          amount(b.priceCents),
          `${amount(vatRate)} %`,
          b.currency,
          frenchDateTime(b.createdAt, zone),
          b.cancelledAt ? frenchDateTime(b.cancelledAt, zone) : null,
          payment ? paymentLabels[payment.status] : null,
          payment ? amount(payment.paidCents) : null,
        ];
      });
      return frenchCsv(header, rows);
    },

    /** Every customer with their current details. */
    async customersCsv(): Promise<string> {
      // A customer under a restriction of processing is left out: this file is nothing but the people.
      const [everyone, restricted] = await Promise.all([customers.all(), restrictedTest()]);
      const all = everyone.filter((c) => !restricted({ email: c.email, customerId: c.id }));
      const header = ['Nom', 'Prénom', 'Société', 'E-mail', 'Téléphone', 'Pays de résidence', 'Adresse', 'Complément d’adresse', 'Code postal', 'Ville', 'Pays', 'Client depuis le', 'Dernière réservation'];
      const rows = all.map((c) => [
        c.lastName,
        c.firstName,
        c.company,
        c.email,
        phoneText(c.phone),
        c.country ? countryName(c.country, 'fr') : null,
        c.address?.line1 ?? null,
        c.address?.line2 ?? null,
        c.address?.postalCode ?? null,
        c.address?.city ?? null,
        c.address ? countryName(c.address.country, 'fr') : null,
        frenchDate(c.createdAt, zone),
        c.lastBookingAt ? frenchDate(c.lastBookingAt, zone) : null,
      ]);
      return frenchCsv(header, rows);
    },
  };
}

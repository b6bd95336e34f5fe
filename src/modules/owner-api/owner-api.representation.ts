import { toOffsetIso } from '../../platform/time-zone.js';
import { publicStatusOf, type Booking, type BookingService } from '../booking/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { Customer, CustomersService } from '../customers/index.js';
import type { DomainEvent } from '../jobs/index.js';
import type { BookingForPaymentState, BookingPaymentSummary } from '../payments/index.js';
import type { AdminBookingResponse, AdminCustomerResponse } from './owner-api.schemas.js';

/** What a booking received when the payments module is not wired (a booking paid on site, nothing recorded). */
function unrecordedPayment(booking: Booking): BookingPaymentSummary {
  return { status: booking.priceCents > 0 ? 'unpaid' : 'free', paidCents: 0, methods: [] };
}

/** A booking as the owner's tools read it, in the API and in webhooks: `pending_payment` while it waits for its online payment. */
export function adminBookingJson(booking: Booking, serviceSlug: string, zone: string, payment: BookingPaymentSummary = unrecordedPayment(booking)): AdminBookingResponse {
  const c = booking.customer;
  return {
    id: booking.id,
    reference: booking.reference,
    status: publicStatusOf(booking),
    service: serviceSlug,
    start: toOffsetIso(Date.parse(booking.start), zone),
    end: toOffsetIso(Date.parse(booking.end), zone),
    quantity: booking.quantity,
    priceCents: booking.priceCents,
    currency: booking.currency,
    source: booking.source,
    attendance: booking.attendance ?? null,
    locale: booking.locale,
    customerId: booking.customerId,
    customer: { lastName: c.lastName, firstName: c.firstName, company: c.company, email: c.email, phone: c.phone, country: c.country, address: c.address },
    createdAt: booking.createdAt,
    cancelledAt: booking.cancelledAt,
    cancelledBy: booking.cancelledBy,
    cancellationReason: booking.cancellationReason,
    payment,
  };
}

export function adminCustomerJson(customer: Customer): AdminCustomerResponse {
  return {
    id: customer.id,
    lastName: customer.lastName,
    firstName: customer.firstName,
    company: customer.company,
    email: customer.email,
    phone: customer.phone,
    country: customer.country,
    address: customer.address,
    lastBookingAt: customer.lastBookingAt,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

export type Representations = ReturnType<typeof createRepresentations>;

/** Turns bookings and customers (and the events about them) into what the API and the webhooks send. */
export function createRepresentations({
  booking,
  catalog,
  customers,
  zone,
  payments,
}: {
  booking: BookingService;
  catalog: CatalogService;
  customers: CustomersService;
  zone: string;
  /** Where each booking's payment stands (payments module, wired in app.ts). */
  payments?: { summariesOf(bookings: readonly BookingForPaymentState[]): Promise<Map<string, BookingPaymentSummary>> };
}) {
  async function slugs(): Promise<Map<string, string>> {
    return new Map((await catalog.listServices({ activeOnly: false })).map((s) => [s.id, s.slug]));
  }
  async function bookings(list: Booking[]): Promise<AdminBookingResponse[]> {
    const [bySlug, paid] = await Promise.all([slugs(), payments ? payments.summariesOf(list) : new Map<string, BookingPaymentSummary>()]);
    return list.map((b) => adminBookingJson(b, bySlug.get(b.serviceId) ?? '', zone, paid.get(b.id)));
  }
  async function single(b: Booking): Promise<AdminBookingResponse> {
    return (await bookings([b]))[0]!;
  }
  return {
    bookings,
    booking: single,
    customer: adminCustomerJson,
    /** The `data` of a webhook: the booking or the customer as it is now; null when it no longer exists (erased). */
    async ofEvent(event: DomainEvent): Promise<Record<string, unknown> | null> {
      try {
        if (event.type === 'customer.updated') return { customer: adminCustomerJson(await customers.get(event.subjectId)) };
        return { booking: await single(await booking.getById(event.subjectId)) };
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
  };
}

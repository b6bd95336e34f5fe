import { toOffsetIso } from '../../platform/time-zone.js';
import type { Booking, BookingService } from '../booking/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { Customer, CustomersService } from '../customers/index.js';
import type { IssuedDocument } from '../invoices/index.js';
import type { DomainEvent } from '../jobs/index.js';
import type { Payment } from '../payments/index.js';
import type { AdminBookingResponse, AdminCustomerResponse, AdminInvoiceResponse, AdminPaymentResponse } from './owner-api.schemas.js';

/** A booking as the owner's tools read it, in the API and in webhooks. */
export function adminBookingJson(booking: Booking, serviceSlug: string, zone: string): AdminBookingResponse {
  const c = booking.customer;
  return {
    id: booking.id,
    reference: booking.reference,
    status: booking.status,
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

export function adminPaymentJson(payment: Payment, bookingReference: string | null): AdminPaymentResponse {
  return {
    id: payment.id,
    bookingId: payment.bookingId,
    bookingReference,
    kind: payment.kind,
    method: payment.method,
    amountCents: payment.amountCents,
    currency: payment.currency,
    paidOn: payment.paidOn,
    correctsId: payment.correctsId,
    reason: payment.reason,
    recordedAt: new Date(payment.recordedAt).toISOString(),
  };
}

export function adminInvoiceJson(document: IssuedDocument, bookingReference: string | null, baseUrl: string): AdminInvoiceResponse {
  return {
    number: document.number,
    type: document.type,
    bookingId: document.bookingId,
    bookingReference,
    correctsNumber: document.correctsNumber,
    issueDate: document.issueDate,
    serviceDate: document.serviceDate,
    buyer: document.buyer.name,
    netCents: document.netCents,
    vatCents: document.vatCents,
    grossCents: document.grossCents,
    vatByRate: document.document.totals.byRate.map((r) => ({ vatRateBp: r.vatRateBp, baseCents: r.baseCents, vatCents: r.vatCents })),
    currency: 'EUR',
    url: `${baseUrl.replace(/\/$/, '')}/api/v1/admin/invoices/${document.number}.pdf`,
  };
}

/** Where the representations read payments and invoices (given later in app.ts: the payments service is built after them). */
export interface MoneySources {
  paymentById(id: string): Promise<Payment | undefined>;
  invoiceByNumber(number: string): Promise<IssuedDocument | undefined>;
}

export type Representations = ReturnType<typeof createRepresentations>;

/** Turns bookings and customers, payments and invoices (and the events about them) into what the API and the webhooks send. */
export function createRepresentations({
  booking,
  catalog,
  customers,
  zone,
  baseUrl = '',
  money,
}: {
  booking: BookingService;
  catalog: CatalogService;
  customers: CustomersService;
  zone: string;
  baseUrl?: string;
  money?: () => MoneySources;
}) {
  /** A booking's reference, null once it is gone (erased): payments and invoices outlive it. */
  async function referenceOf(bookingId: string | null): Promise<string | null> {
    if (!bookingId) return null;
    try {
      return (await booking.getById(bookingId)).reference;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  }
  async function payment(p: Payment): Promise<AdminPaymentResponse> {
    return adminPaymentJson(p, await referenceOf(p.bookingId));
  }
  async function invoice(d: IssuedDocument): Promise<AdminInvoiceResponse> {
    return adminInvoiceJson(d, await referenceOf(d.bookingId), baseUrl);
  }
  async function slugs(): Promise<Map<string, string>> {
    return new Map((await catalog.listServices({ activeOnly: false })).map((s) => [s.id, s.slug]));
  }
  async function bookings(list: Booking[]): Promise<AdminBookingResponse[]> {
    const bySlug = await slugs();
    return list.map((b) => adminBookingJson(b, bySlug.get(b.serviceId) ?? '', zone));
  }
  async function single(b: Booking): Promise<AdminBookingResponse> {
    return (await bookings([b]))[0]!;
  }
  return {
    bookings,
    booking: single,
    customer: adminCustomerJson,
    payment,
    invoice,
    /** The `data` of a webhook: the booking or the customer as it is now; null when it no longer exists (erased). */
    async ofEvent(event: DomainEvent): Promise<Record<string, unknown> | null> {
      try {
        if (event.type === 'customer.updated') return { customer: adminCustomerJson(await customers.get(event.subjectId)) };
        if (event.type === 'payment.succeeded' || event.type === 'payment.refunded') {
          const found = await money?.().paymentById(event.subjectId);
          return found ? { payment: await payment(found) } : null;
        }
        if (event.type === 'invoice.issued') {
          const found = await money?.().invoiceByNumber(event.subjectId);
          return found ? { invoice: await invoice(found) } : null;
        }
        return { booking: await single(await booking.getById(event.subjectId)) };
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
  };
}

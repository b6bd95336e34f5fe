import { nobodyRestricted, RESTRICTED_MARK, type RestrictedTest } from '../../platform/personal-data.js';
import { toOffsetIso } from '../../platform/time-zone.js';
import { publicStatusOf, type Booking, type BookingService } from '../booking/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { Customer, CustomersService } from '../customers/index.js';
import type { IssuedDocument } from '../invoices/index.js';
import type { DomainEvent } from '../jobs/index.js';
import type { BookingForPaymentState, BookingPaymentSummary, Payment } from '../payments/index.js';
import type { AdminBookingResponse, AdminCustomerResponse, AdminInvoiceResponse, AdminPaymentResponse } from './owner-api.schemas.js';

/** What a booking received when the payments module is not wired (a booking paid on site, nothing recorded). */
function unrecordedPayment(booking: Booking): BookingPaymentSummary {
  return { status: booking.priceCents > 0 ? 'unpaid' : 'free', paidCents: 0, methods: [] };
}

/**
 * Who a restricted person is, as the owner's tools read it (GDPR art. 18): their data is only
 * stored, so none of it leaves; the mark where the documented shape wants a text, null elsewhere.
 */
const restrictedIdentity = { lastName: RESTRICTED_MARK, firstName: null, company: null, email: RESTRICTED_MARK, phone: null, country: null, address: null } as const;

/**
 * A booking as the owner's tools read it, in the API and in webhooks: `pending_payment` while it
 * waits for its online payment; the customer's identity withheld while their processing is restricted.
 */
export function adminBookingJson(
  booking: Booking,
  serviceSlug: string,
  zone: string,
  payment: BookingPaymentSummary = unrecordedPayment(booking),
  restricted = false,
): AdminBookingResponse {
  const c = restricted ? restrictedIdentity : booking.customer;
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

/** A customer as the owner's tools read it; their identity withheld while their processing is restricted (the record's dates stay). */
export function adminCustomerJson(customer: Customer, restricted = false): AdminCustomerResponse {
  const c = restricted ? restrictedIdentity : customer;
  return {
    id: customer.id,
    lastName: c.lastName,
    firstName: c.firstName,
    company: c.company,
    email: c.email,
    phone: c.phone,
    country: c.country,
    address: c.address,
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
  payments,
  baseUrl = '',
  money,
  restrictedTest = nobodyRestricted,
}: {
  booking: BookingService;
  catalog: CatalogService;
  customers: CustomersService;
  zone: string;
  /** Where each booking's payment stands (payments module, wired in app.ts). */
  payments?: { summariesOf(bookings: readonly BookingForPaymentState[]): Promise<Map<string, BookingPaymentSummary>> };
  baseUrl?: string;
  money?: () => MoneySources;
  /** Whose processing is restricted (GDPR art. 18; restrictions module, wired in app.ts): asked at each answer and each event. */
  restrictedTest?: RestrictedTest;
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
    const [bySlug, paid, restricted] = await Promise.all([slugs(), payments ? payments.summariesOf(list) : new Map<string, BookingPaymentSummary>(), restrictedTest()]);
    return list.map((b) => adminBookingJson(b, bySlug.get(b.serviceId) ?? '', zone, paid.get(b.id), restricted({ email: b.customer.email, customerId: b.customerId })));
  }
  /**
   * `searched`: the list answers words the caller searched for. A restricted person is then left
   * out: found by their name or address, even withheld, their record would tell whose it is.
   */
  async function customerList(list: Customer[], { searched = false }: { searched?: boolean } = {}): Promise<AdminCustomerResponse[]> {
    const restricted = await restrictedTest();
    return list.flatMap((c) => {
      const isRestricted = restricted({ email: c.email, customerId: c.id });
      return searched && isRestricted ? [] : [adminCustomerJson(c, isRestricted)];
    });
  }
  async function single(b: Booking): Promise<AdminBookingResponse> {
    return (await bookings([b]))[0]!;
  }
  return {
    bookings,
    booking: single,
    customers: customerList,
    payment,
    invoice,
    /** The `data` of a webhook: the booking or the customer as it is now; null when it no longer exists (erased). */
    async ofEvent(event: DomainEvent): Promise<Record<string, unknown> | null> {
      try {
        if (event.type === 'customer.updated') return { customer: (await customerList([await customers.get(event.subjectId)]))[0]! };
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

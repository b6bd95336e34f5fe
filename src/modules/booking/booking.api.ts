import type { FastifyInstance } from 'fastify';
import { requestLocale } from '../../platform/http/error-handler.js';
import { limitedBy, type RateLimitHook } from '../../platform/http/rate-limit.js';
import { toOffsetIso } from './availability.js';
import { bookingApiErrors } from './booking.errors.js';
import { bookingErrors } from './booking.errors.js';
import { publicStatusOf, type Booking } from './booking.model.js';
import { bookingReferenceParamsSchema, idempotencyKeySchema, serviceSlugParamsSchema, type BookingDetailsResponse, type BookingResponse, type SlotResponse } from './booking.schemas.js';
import type { BookingService } from './booking.service.js';

/** What the booking API asks of the payments and invoices modules (wired in app.ts). */
export interface BookingApiPayments {
  /** Where the customer pays a booking waiting for its online payment; null when the provider cannot be reached now. */
  checkoutUrl(bookingId: string): Promise<string | null>;
  /** free, unpaid, partly_paid, paid or overpaid, from the ledger. */
  statusOf(booking: Booking): Promise<string>;
  invoicesOf(bookingId: string): Promise<{ number: string }[]>;
  invoicePdf(number: string): Promise<Buffer | undefined>;
}

/** The manage token a request carries as `Authorization: Bearer <token>`; undefined without one. */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_-]{1,200})\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * JSON API over the same booking service as the HTML pages. Documented in /api/openapi.json, which is
 * made from the schemas used here: keep each input read through its schema, each answer typed by its own.
 */
export async function bookingApiRoutes(
  app: FastifyInstance,
  { booking, rateLimit, slotsRateLimit, payments }: { booking: BookingService; rateLimit: RateLimitHook | undefined; slotsRateLimit: RateLimitHook | undefined; payments?: BookingApiPayments },
) {
  const limited = limitedBy(rateLimit);
  const zone = app.business.current().timezone;

  app.get('/api/v1/services/:slug/slots', limitedBy(slotsRateLimit), async (request): Promise<SlotResponse[]> => {
    const { slug } = serviceSlugParamsSchema.parse(request.params);
    return booking.listSlots(slug, request.query, requestLocale(request));
  });

  app.post('/api/v1/bookings', limited, async (request, reply) => {
    const locale = requestLocale(request);
    if (!/^application\/(.+\+)?json\b/i.test(request.headers['content-type'] ?? '')) throw bookingApiErrors.JSON_REQUIRED();
    const header = request.headers['idempotency-key'];
    const idempotencyKey = typeof header === 'string' ? header : undefined;
    if (idempotencyKey !== undefined && !idempotencyKeySchema.safeParse(idempotencyKey).success) throw bookingApiErrors.IDEMPOTENCY_KEY_INVALID();
    const bodyLocale = (request.body as { locale?: unknown } | null)?.locale;
    const result = await booking.bookSlot(request.body, {
      locale: bodyLocale === 'en' || bodyLocale === 'fr' ? bodyLocale : locale,
      source: 'api',
      idempotencyKey,
      requireTermsAcceptance: false,
    });
    const { booking: created, service } = result;
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    // The provider's page; when it cannot be reached now, the booking's own payment page, which offers to try again.
    const paymentUrl = created.awaitingPayment && created.status === 'confirmed' ? ((await payments?.checkoutUrl(created.id)) ?? booking.paymentRetryUrl(created)) : undefined;
    const answer: BookingResponse = {
      reference: created.reference,
      status: publicStatusOf(created),
      service: service.slug,
      quantity: created.quantity,
      start: toOffsetIso(Date.parse(created.start), zone),
      end: toOffsetIso(Date.parse(created.end), zone),
      manageUrl: booking.manageUrl(created),
      manageToken: booking.manageToken(created.reference),
      ...(paymentUrl ? { paymentUrl } : {}),
    };
    return reply.code(201).send(answer);
  });

  /** The booking its customer (or their app) reads with the manage token; any other caller gets the 404 of an unknown reference. */
  async function customerBooking(reference: string, authorization: string | undefined) {
    const token = bearerToken(authorization);
    if (!token) throw bookingErrors.BOOKING_NOT_FOUND();
    return booking.findForCustomer(reference, token);
  }

  app.get('/api/v1/bookings/:reference', async (request): Promise<BookingDetailsResponse> => {
    const { reference } = bookingReferenceParamsSchema.parse(request.params);
    const { booking: found, service } = await customerBooking(reference, request.headers.authorization);
    const invoices = (await payments?.invoicesOf(found.id)) ?? [];
    return {
      reference: found.reference,
      status: publicStatusOf(found),
      service: service.slug,
      quantity: found.quantity,
      start: toOffsetIso(Date.parse(found.start), zone),
      end: toOffsetIso(Date.parse(found.end), zone),
      paymentStatus: found.status === 'confirmed' && found.awaitingPayment ? 'pending' : ((await payments?.statusOf(found)) as BookingDetailsResponse['paymentStatus'] | undefined) ?? (found.priceCents > 0 ? 'unpaid' : 'free'),
      invoices: invoices.map((i) => ({ number: i.number, url: `${app.config.baseUrl}/api/v1/bookings/${encodeURIComponent(found.reference)}/invoices/${encodeURIComponent(i.number)}.pdf` })),
    };
  });

  app.get('/api/v1/bookings/:reference/invoices/:number.pdf', async (request, reply) => {
    const { reference, number } = request.params as { reference: string; number: string };
    const { booking: found } = await customerBooking(reference, request.headers.authorization);
    const invoices = (await payments?.invoicesOf(found.id)) ?? [];
    // Only this booking's own invoices: another number answers like a missing one.
    const pdf = number && invoices.some((i) => i.number === number) ? await payments?.invoicePdf(number) : undefined;
    if (!pdf) throw bookingErrors.BOOKING_NOT_FOUND();
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${number}.pdf"`).header('cache-control', 'private, no-store').send(pdf);
  });
}

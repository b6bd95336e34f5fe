import type { FastifyInstance } from 'fastify';
import { requestLocale } from '../../platform/http/error-handler.js';
import { limitedBy, type RateLimitHook } from '../../platform/http/rate-limit.js';
import { toOffsetIso } from './availability.js';
import { bookingApiErrors } from './booking.errors.js';
import type { BookingService } from './booking.service.js';

/** JSON API over the same booking service as the HTML pages. Documented in /api/openapi.json. */
export async function bookingApiRoutes(
  app: FastifyInstance,
  { booking, rateLimit, slotsRateLimit }: { booking: BookingService; rateLimit: RateLimitHook | undefined; slotsRateLimit: RateLimitHook | undefined },
) {
  const limited = limitedBy(rateLimit);
  const zone = app.config.business.timezone;

  app.get<{ Params: { slug: string } }>('/api/v1/services/:slug/slots', limitedBy(slotsRateLimit), async (request) => {
    return booking.listSlots(request.params.slug, request.query, requestLocale(request));
  });

  app.post('/api/v1/bookings', limited, async (request, reply) => {
    const locale = requestLocale(request);
    if (!/^application\/(.+\+)?json\b/i.test(request.headers['content-type'] ?? '')) throw bookingApiErrors.JSON_REQUIRED();
    const header = request.headers['idempotency-key'];
    const idempotencyKey = typeof header === 'string' ? header : undefined;
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9_-]{8,100}$/.test(idempotencyKey)) throw bookingApiErrors.IDEMPOTENCY_KEY_INVALID();
    const bodyLocale = (request.body as { locale?: unknown } | null)?.locale;
    const result = await booking.bookSlot(request.body, {
      locale: bodyLocale === 'en' || bodyLocale === 'fr' ? bodyLocale : locale,
      source: 'api',
      idempotencyKey,
      requireTermsAcceptance: false,
    });
    const { booking: created, service } = result;
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply
      .code(201)
      .send({
        reference: created.reference,
        status: created.status,
        service: service.slug,
        quantity: created.quantity,
        start: toOffsetIso(Date.parse(created.start), zone),
        end: toOffsetIso(Date.parse(created.end), zone),
        manageUrl: booking.manageUrl(created),
      });
  });
}

import type { FastifyInstance } from 'fastify';
import { requestLocale } from '../../platform/http/error-handler.js';
import { limitedBy, type RateLimitHook } from '../../platform/http/rate-limit.js';
import { toOffsetIso } from './availability.js';
import { bookingApiErrors } from './booking.errors.js';
import { idempotencyKeySchema, serviceSlugParamsSchema, type BookingResponse, type SlotResponse } from './booking.schemas.js';
import type { BookingService } from './booking.service.js';

/**
 * JSON API over the same booking service as the HTML pages. Documented in /api/openapi.json, which is
 * made from the schemas used here: keep each input read through its schema, each answer typed by its own.
 */
export async function bookingApiRoutes(
  app: FastifyInstance,
  { booking, rateLimit, slotsRateLimit }: { booking: BookingService; rateLimit: RateLimitHook | undefined; slotsRateLimit: RateLimitHook | undefined },
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
    const answer: BookingResponse = {
      reference: created.reference,
      status: created.status,
      service: service.slug,
      quantity: created.quantity,
      start: toOffsetIso(Date.parse(created.start), zone),
      end: toOffsetIso(Date.parse(created.end), zone),
      manageUrl: booking.manageUrl(created),
    };
    return reply.code(201).send(answer);
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { AppError, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { formatLongDate, formatTime } from '../../platform/i18n/format.js';
import { isCalendarDate } from '../../platform/time-zone.js';
import { sendPage } from '../../platform/views/render.js';
import { adminContext } from '../admin/index.js';
import type { CatalogService, Service } from '../catalog/index.js';
import type { OutboxService } from '../outbox/index.js';
import { PaymentPanel, type PaymentsService } from '../payments/index.js';
import { localDateOf } from '../../platform/time-zone.js';
import { toOffsetIso } from './availability.js';
import type { Booking } from './booking.model.js';
import type { BookingService } from './booking.service.js';
import { backPath } from './agenda.admin.routes.js';
import { cancelRefundInfo, ownerCancellationOf } from './cancel-refund.form.js';
import { BookingDetailPage, WeekPage, type BookingRow } from './views/admin-pages.js';
import { CancelConfirmPage } from './views/agenda-pages.js';

const REASON_MAX = 500;

function reasonTooLong(locale: 'fr' | 'en'): string {
  return locale === 'fr' ? `Le motif ne peut dépasser ${REASON_MAX}\u00a0caractères.` : `The reason cannot exceed ${REASON_MAX} characters.`;
}

/** Back office: today and this week, a week's list, one booking with cancel and move. */
export async function bookingAdminRoutes(
  app: FastifyInstance,
  deps: { booking: BookingService; catalog: CatalogService; outbox: OutboxService; payments: PaymentsService },
) {
  const { booking, catalog, outbox, payments } = deps;
  const zone = app.business.current().timezone;
  const now = () => DateTime.fromJSDate(app.clock.now()).setZone(zone);

  async function withServices(bookings: Booking[]): Promise<BookingRow[]> {
    const services = new Map((await catalog.listServices({ activeOnly: false })).map((s) => [s.id, s]));
    return bookings.map((b) => ({ booking: b, service: services.get(b.serviceId) }));
  }

  /**
   * A day named in the query string (YYYY-MM-DD), or undefined. Years far off are ignored as well as
   * malformed dates: PostgreSQL refuses the instants they turn into (year 0, year 10000).
   */
  function queryDay(value: unknown): DateTime | undefined {
    return typeof value === 'string' && isCalendarDate(value) ? DateTime.fromISO(value, { zone }) : undefined;
  }

  function between(from: DateTime, to: DateTime) {
    return booking.startingBetween(from.toUTC().toISO()!, to.toUTC().toISO()!);
  }

  app.get(adminPaths.bookings, async (request: FastifyRequest<{ Querystring: { semaine?: string } }>, reply) => {
    const locale = requestLocale(request);
    const weekStart = (queryDay(request.query.semaine) ?? now()).startOf('week');
    const weekEnd = weekStart.plus({ weeks: 1 });
    const rows = await withServices(await between(weekStart, weekEnd));
    return sendPage(
      reply,
      <WeekPage
        ctx={adminContext(request, reply)}
        rows={rows}
        from={formatLongDate(weekStart.toJSDate(), locale, zone)}
        to={formatLongDate(weekEnd.minus({ days: 1 }).toJSDate(), locale, zone)}
        previous={`${adminPaths.bookings}?semaine=${weekStart.minus({ weeks: 1 }).toISODate()}`}
        next={`${adminPaths.bookings}?semaine=${weekEnd.toISODate()}`}
      />,
    );
  });

  async function renderDetail(request: FastifyRequest, reply: FastifyReply, id: string, options: { moveDate?: string | undefined; errors?: Record<string, string>; values?: Record<string, string>; status?: number } = {}) {
    const found = await booking.getById(id);
    const service = await catalog.serviceById(found.serviceId);
    const locale = requestLocale(request);
    const moveDay = queryDay(options.moveDate);
    const moveDate = moveDay ? moveDay.toISODate()! : DateTime.fromISO(found.start, { zone }).toISODate()!;
    const moveSlots = moveDay ? await freeSlotsForMove(service, found, moveDate, locale) : null;
    const [events, messages, ledger] = await Promise.all([booking.events(id), outbox.forBooking(id), payments.forBooking(id)]);
    const ctx = adminContext(request, reply);
    return sendPage(
      reply,
      <BookingDetailPage
        ctx={ctx}
        paymentPanel={<PaymentPanel ctx={ctx} ledger={ledger} today={localDateOf(app.clock.now().getTime(), zone)} />}
        booking={found}
        service={service}
        events={events}
        messages={messages}
        moveDate={moveDate}
        moveSlots={moveSlots}
        errors={options.errors ?? {}}
        values={options.values ?? {}}
        now={app.clock.now().getTime()}
      />,
      options.status ?? 200,
    );
  }

  /** Where the owner may move a booking: open, free slots of that day (its own place counts as free; notice does not bind the owner). */
  async function freeSlotsForMove(service: Service, current: Booking, date: string, locale: 'fr' | 'en') {
    const slots = await booking.slotsOf(service, date, date, { ignoreNoticeAndHorizon: true, excludeBookingId: current.id });
    const nowMs = app.clock.now().getTime();
    return slots.filter((s) => s.start > nowMs).map((s) => ({ start: toOffsetIso(s.start, zone), label: formatTime(new Date(s.start), locale, zone) }));
  }

  app.get(adminPaths.booking(':id'), async (request: FastifyRequest<{ Params: { id: string }; Querystring: { jour?: string } }>, reply) => {
    return renderDetail(request, reply, request.params.id, { moveDate: typeof request.query.jour === 'string' ? request.query.jour : undefined });
  });

  function reasonFrom(body: unknown): string | null {
    const value = (body as { reason?: unknown } | undefined)?.reason;
    return typeof value === 'string' && value.trim() ? value.trim() : null;
  }

  app.post(adminPaths.bookingCancel(':id'), async (request: FastifyRequest<{ Params: { id: string }; Body: Record<string, unknown> }>, reply) => {
    const locale = requestLocale(request);
    const reason = reasonFrom(request.body);
    const found = await booking.getById(request.params.id);
    const back = backPath(request.body?.retour, adminPaths.booking(found.id));
    if (found.status === 'cancelled') return reply.redirect(back, 303);
    const service = await catalog.serviceById(found.serviceId);
    const refund = await cancelRefundInfo(booking, payments, found, service, app.clock.now().getTime());
    const read = ownerCancellationOf(request.body, refund, locale);
    if (reason && reason.length > REASON_MAX || 'errors' in read) {
      // Shown again on the confirmation page, with what was typed and each message beside its field.
      const values = Object.fromEntries(['refundCause', 'refundChoice', 'refundAmount', 'performedAmount'].flatMap((k) => (typeof request.body?.[k] === 'string' ? [[k, request.body[k] as string]] : [])));
      return sendPage(
        reply,
        <CancelConfirmPage
          ctx={adminContext(request, reply)}
          booking={found}
          serviceName={service.name[locale]}
          reason={reason ?? ''}
          back={back}
          error={reason && reason.length > REASON_MAX ? reasonTooLong(locale) : undefined}
          refund={refund}
          values={values}
          errors={'errors' in read ? read.errors : {}}
        />,
        422,
      );
    }
    try {
      await booking.cancelByOwner(request.params.id, reason, read.how);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'ALREADY_CANCELLED')) throw error;
    }
    // From the confirmation page: back where the owner came from (the booking, or a closure's list).
    return reply.redirect(back, 303);
  });

  app.post(adminPaths.bookingMove(':id'), async (request: FastifyRequest<{ Params: { id: string }; Body: Record<string, unknown> }>, reply) => {
    const locale = requestLocale(request);
    const start = typeof request.body?.start === 'string' ? request.body.start : '';
    const reason = reasonFrom(request.body);
    try {
      if (reason && reason.length > REASON_MAX) {
        throw new ValidationFailed([{ field: 'start', message: reasonTooLong(locale) }]);
      }
      await booking.moveByOwner(request.params.id, start, reason, locale);
      return reply.redirect(adminPaths.booking(request.params.id), 303);
    } catch (error) {
      const errors =
        error instanceof ValidationFailed
          ? messagesByField(error)
          : error instanceof AppError && error.status < 500 && error.code !== 'BOOKING_NOT_FOUND'
            ? { start: error.messageIn(locale) }
            : undefined;
      if (!errors) throw error;
      return renderDetail(request, reply, request.params.id, { moveDate: start.slice(0, 10), errors, values: { moveReason: reason ?? '' }, status: error instanceof AppError ? error.status : 422 });
    }
  });
}

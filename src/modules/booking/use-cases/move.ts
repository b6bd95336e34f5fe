import { inSerializableTransaction } from '../../../db/transaction.js';
import { ValidationFailed } from '../../../platform/http/errors.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { localDateOf } from '../../../platform/time-zone.js';
import { extendCustomerRetention } from '../../customers/index.js';
import { agendaErrors } from '../agenda.errors.js';
import { bookingErrors, bookingFieldMessages } from '../booking.errors.js';
import { movedMail } from '../booking.mails.js';
import type { Booking } from '../booking.model.js';
import * as queries from '../booking.queries.js';
import { mailContext, queueCustomerMail } from './booking-mail.js';
import { MINUTE, type BookingContext } from './context.js';
import { getById } from './find-booking.js';
import { slotsOf } from './list-slots.js';
import { placesLeft } from './places-left.js';
import { rescheduleReminderWithin } from './reminders.js';
import { parseStart } from './start-time.js';

/**
 * The owner moves a booking to another start. The new slot must be open and free (the
 * booking's own place excepted); notice and horizon bind customers, not the owner.
 */
export async function moveByOwner(ctx: BookingContext, id: string, newStartValue: string, reason: string | null, locale: Locale): Promise<Booking> {
  const { catalog, clock, database, outbox } = ctx;
  const booking = await getById(ctx, id);
  if (booking.status === 'cancelled') throw bookingErrors.ALREADY_CANCELLED();
  const service = await catalog.serviceById(booking.serviceId);
  const start = parseStart(newStartValue, locale);
  if (typeof start !== 'number') throw new ValidationFailed([start]);
  if (start === Date.parse(booking.start)) throw agendaErrors.SAME_TIME();
  if (start < clock.now().getTime()) throw new ValidationFailed([bookingFieldMessages.START_PAST(locale)]);
  const localDate = localDateOf(start, ctx.zone);
  const grid = await slotsOf(ctx, service, localDate, localDate, { includeUnavailable: true, ignoreNoticeAndHorizon: true, withoutBookings: true });
  const gridSlot = grid.find((s) => s.start === start);
  if (!gridSlot) throw new ValidationFailed([bookingFieldMessages.START_NOT_OFFERED(locale)]);

  const end = gridSlot.end;
  const blockedFrom = start - service.bufferBeforeMinutes * MINUTE;
  const blockedUntil = end + service.bufferAfterMinutes * MINUTE;
  const at = clock.now().toISOString();
  const moved: Booking = { ...booking, start: new Date(start).toISOString(), end: new Date(end).toISOString(), sessionId: gridSlot.sessionId ?? booking.sessionId };
  await inSerializableTransaction(database, async (trx) => {
    const remaining = await placesLeft(ctx, trx, service, gridSlot, { blockedFrom, blockedUntil }, id);
    if (remaining <= 0) throw bookingErrors.SLOT_TAKEN();
    if (booking.quantity > remaining) throw bookingErrors.NOT_ENOUGH_PLACES();
    const updated = await queries.updateTimes(trx, id, booking.start, {
      ...(gridSlot.sessionId ? { sessionId: gridSlot.sessionId } : {}),
      start: moved.start,
      end: moved.end,
      blockedFrom: new Date(blockedFrom).toISOString(),
      blockedUntil: new Date(blockedUntil).toISOString(),
      at,
    });
    // Cancelled or moved by someone else since it was read: tell the owner rather than overwrite.
    if (!updated) throw bookingErrors.BOOKING_CHANGED();
    if (booking.customerId) await extendCustomerRetention(trx, booking.customerId, moved.end);
    await queries.insertBookingEvent(trx, id, { type: 'moved', actor: 'owner', details: { from: booking.start, to: moved.start, ...(reason ? { reason } : {}) }, createdAt: at });
    const sequence = await queries.countChangeEvents(trx, id);
    await rescheduleReminderWithin(ctx, trx, moved, service);
    await ctx.events.publishWithin(trx, { type: 'booking.moved', subjectId: id, occurredAt: at });
    await queueCustomerMail(ctx, trx, 'booking-moved', movedMail(mailContext(ctx, moved, service, { previousStart: booking.start, reason })), moved, service, sequence);
  });
  outbox.wake();
  ctx.agendaChanged();
  return moved;
}

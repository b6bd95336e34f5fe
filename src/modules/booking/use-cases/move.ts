import { inSerializableTransaction } from '../../../db/transaction.js';
import { ValidationFailed } from '../../../platform/http/errors.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { addDays, isCalendarDate, localDateOf, toOffsetIso } from '../../../platform/time-zone.js';
import type { Service } from '../../catalog/index.js';
import { extendCustomerRetention } from '../../customers/index.js';
import { agendaErrors } from '../agenda.errors.js';
import type { Slot } from '../availability.js';
import { bookingErrors, bookingFieldMessages } from '../booking.errors.js';
import { movedMail } from '../booking.mails.js';
import type { Booking } from '../booking.model.js';
import * as queries from '../booking.queries.js';
import { firstDayAfterWithdrawalPeriod, startsWithinWithdrawalPeriod } from '../booking-withdrawal.js';
import { mailContext, ownerNoticeMessage, queueCustomerMail } from './booking-mail.js';
import { MINUTE, type BookingContext } from './context.js';
import { customerChanges } from './cutoff.js';
import { findByAccess, getById, type CustomerAccess } from './find-booking.js';
import { slotsOf } from './list-slots.js';
import { placesLeft } from './places-left.js';
import { rescheduleReminderWithin } from './reminders.js';
import { parseStart } from './start-time.js';

/**
 * The owner moves a booking to another start. The new slot must be open and free (the
 * booking's own place excepted); notice and horizon bind customers, not the owner.
 */
export async function moveByOwner(ctx: BookingContext, id: string, newStartValue: string, reason: string | null, locale: Locale): Promise<Booking> {
  const { catalog, clock } = ctx;
  const booking = await getById(ctx, id);
  if (booking.status === 'cancelled') throw bookingErrors.ALREADY_CANCELLED();
  const service = await catalog.serviceById(booking.serviceId);
  const start = parseStart(newStartValue, locale);
  if (typeof start !== 'number') throw new ValidationFailed([start]);
  if (start === Date.parse(booking.start)) throw agendaErrors.SAME_TIME();
  if (start < clock.now().getTime()) throw new ValidationFailed([bookingFieldMessages.START_PAST(locale)]);
  const gridSlot = await gridSlotAt(ctx, service, start, true);
  if (!gridSlot) throw new ValidationFailed([bookingFieldMessages.START_NOT_OFFERED(locale)]);
  return applyMove(ctx, booking, service, gridSlot, { by: 'owner', reason });
}

/**
 * The customer moves their own booking (from their space or its private link) to another free
 * slot of the same service, before the service's cut-off. The public rules apply: notice, horizon,
 * places left; and a slot inside the 14-day withdrawal period (counted from the booking) only when
 * the booking recorded the customer's request for an early start.
 */
export async function moveByCustomer(ctx: BookingContext, access: CustomerAccess, newStartValue: string, locale: Locale): Promise<Booking> {
  const { clock } = ctx;
  const { booking, service } = await findByAccess(ctx, access);
  if (booking.status === 'cancelled') throw bookingErrors.ALREADY_CANCELLED();
  const changes = customerChanges(ctx, booking, service);
  if (changes.started) throw bookingErrors.ALREADY_STARTED();
  if (!changes.allowed) throw bookingErrors.CHANGE_CUTOFF_PASSED({ hours: changes.cutoffHours });
  const start = parseStart(newStartValue, locale);
  if (typeof start !== 'number') throw new ValidationFailed([start]);
  if (start === Date.parse(booking.start)) throw agendaErrors.SAME_TIME();
  const now = clock.now().getTime();
  if (start < now) throw new ValidationFailed([bookingFieldMessages.START_PAST(locale)]);
  if (start < now + service.minNoticeMinutes * MINUTE) throw new ValidationFailed([bookingFieldMessages.START_NOTICE(locale, { noticeMinutes: service.minNoticeMinutes })]);
  if (start > now + service.horizonDays * 24 * 60 * MINUTE) throw new ValidationFailed([bookingFieldMessages.START_HORIZON(locale, { horizonDays: service.horizonDays })]);
  if (!mayStartAt(booking, start)) {
    throw new ValidationFailed([bookingFieldMessages.INSIDE_WITHDRAWAL_PERIOD(locale, { laterFrom: firstDayAfterWithdrawalPeriod(Date.parse(booking.createdAt), ctx.zone) })]);
  }
  const gridSlot = await gridSlotAt(ctx, service, start, false);
  if (!gridSlot || gridSlot.remaining <= 0) throw new ValidationFailed([bookingFieldMessages.START_NOT_OFFERED(locale)]);
  return applyMove(ctx, booking, service, gridSlot, { by: 'customer', reason: null });
}

/** Inside the 14-day withdrawal period of a service where the right applies, only with the early start the booking recorded (L221-25). */
function mayStartAt(booking: Booking, start: number): boolean {
  if (booking.withdrawalPolicy !== 'applies' || booking.earlyPerformanceRequested) return true;
  return !startsWithinWithdrawalPeriod(start, Date.parse(booking.createdAt));
}

/** The slot of the grid (opening hours, step, closures; bookings are counted in the transaction) that starts at `start`. */
async function gridSlotAt(ctx: BookingContext, service: Service, start: number, ignoreNoticeAndHorizon: boolean): Promise<Slot | undefined> {
  const localDate = localDateOf(start, ctx.zone);
  const grid = await slotsOf(ctx, service, localDate, localDate, { includeUnavailable: true, ignoreNoticeAndHorizon, withoutBookings: true });
  return grid.find((s) => s.start === start);
}

/**
 * The move itself, for the owner and the customer alike: in one serialised transaction, the places
 * left are counted (the booking's own excepted), the times written only if nobody changed the
 * booking meanwhile, the event recorded, the reminder rescheduled and the mails queued (the owner
 * gets a notice, with Reply-To the customer, when the customer moved it).
 */
async function applyMove(ctx: BookingContext, booking: Booking, service: Service, gridSlot: Slot, change: { by: 'owner' | 'customer'; reason: string | null }): Promise<Booking> {
  const { clock, database, outbox } = ctx;
  const { id } = booking;
  const start = gridSlot.start;
  const end = gridSlot.end;
  const blockedFrom = start - service.bufferBeforeMinutes * MINUTE;
  const blockedUntil = end + service.bufferAfterMinutes * MINUTE;
  const at = clock.now().toISOString();
  const moved: Booking = { ...booking, start: new Date(start).toISOString(), end: new Date(end).toISOString(), sessionId: gridSlot.sessionId ?? booking.sessionId };
  const { reason, by } = change;
  await inSerializableTransaction(database, async (trx) => {
    const { remaining } = await placesLeft(ctx, trx, service, gridSlot, { blockedFrom, blockedUntil }, id);
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
    // Cancelled or moved by someone else since it was read: say so rather than overwrite.
    if (!updated) throw bookingErrors.BOOKING_CHANGED();
    if (booking.customerId) await extendCustomerRetention(trx, booking.customerId, moved.end);
    await queries.insertBookingEvent(trx, id, { type: 'moved', actor: by, details: { from: booking.start, to: moved.start, ...(reason ? { reason } : {}) }, createdAt: at });
    const sequence = await queries.countChangeEvents(trx, id);
    await rescheduleReminderWithin(ctx, trx, moved, service);
    await ctx.events.publishWithin(trx, { type: 'booking.moved', subjectId: id, occurredAt: at });
    const mail = mailContext(ctx, moved, service, { previousStart: booking.start, reason, movedByCustomer: by === 'customer' });
    await queueCustomerMail(ctx, trx, 'booking-moved', movedMail(mail), moved, service, sequence);
    if (by === 'customer') await outbox.enqueue(trx, ownerNoticeMessage(ctx, mail, 'moved', sequence));
  });
  outbox.wake();
  ctx.agendaChanged();
  return moved;
}

/** The day picker of a customer's move: one day's free slots, the days around it, and the first and last day offered. */
export interface MoveChoices {
  /** The day shown (YYYY-MM-DD, local). */
  day: string;
  firstDay: string;
  lastDay: string;
  previousDay: string | null;
  nextDay: string | null;
  /** Free starts of that day as "…T10:00:00+01:00" (the booking's own time left out). */
  starts: string[];
  /** Set when the withdrawal period keeps earlier days out: the first day that may be chosen. */
  laterFrom: string | null;
}

/**
 * The starts a customer may move a booking to on `day` (default: the booking's own day, or the
 * first day offered): the public slots, with the booking's own places counted as free, enough
 * places for it, and outside the withdrawal period unless the booking recorded an early start.
 */
export async function moveChoices(ctx: BookingContext, booking: Booking, service: Service, day: string | undefined): Promise<MoveChoices> {
  const now = ctx.clock.now().getTime();
  const today = localDateOf(now, ctx.zone);
  const restricted = booking.withdrawalPolicy === 'applies' && !booking.earlyPerformanceRequested;
  const withdrawalFrom = restricted ? firstDayAfterWithdrawalPeriod(Date.parse(booking.createdAt), ctx.zone) : null;
  const laterFrom = withdrawalFrom && withdrawalFrom > today ? withdrawalFrom : null;
  const firstDay = laterFrom ?? today;
  const lastDay = addDays(today, service.horizonDays);
  const own = localDateOf(Date.parse(booking.start), ctx.zone);
  let shown = day && isCalendarDate(day) ? day : own;
  if (shown < firstDay) shown = firstDay;
  if (shown > lastDay) shown = lastDay < firstDay ? firstDay : lastDay;
  const slots = await slotsOf(ctx, service, shown, shown, { excludeBookingId: booking.id });
  const current = Date.parse(booking.start);
  const starts = slots.filter((s) => s.remaining >= booking.quantity && s.start !== current && mayStartAt(booking, s.start)).map((s) => toOffsetIso(s.start, ctx.zone));
  return {
    day: shown,
    firstDay,
    lastDay,
    previousDay: shown > firstDay ? addDays(shown, -1) : null,
    nextDay: shown < lastDay ? addDays(shown, 1) : null,
    starts,
    laterFrom,
  };
}

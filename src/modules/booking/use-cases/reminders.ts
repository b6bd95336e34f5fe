import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { NewJob } from '../../jobs/index.js';
import type { Service } from '../../catalog/index.js';
import { reminderMail } from '../booking.mails.js';
import type { Booking } from '../booking.model.js';
import * as queries from '../booking.queries.js';
import { mailContext } from './booking-mail.js';
import { MINUTE, type BookingContext } from './context.js';

/** The reminder mail before a booking: one job per booking, due the service's reminder delay before its start. */
export const REMINDER_JOB = 'booking.reminder';
export const DEFAULT_REMINDER_HOURS = 24;
/** The calendar app's own alarm when the service sends no reminder mail. */
const ALARM_WITHOUT_REMINDER_MINUTES = 60;
const HOUR = 60 * MINUTE;

export const reminderKey = (bookingId: string) => `${REMINDER_JOB}:${bookingId}`;

/** How many hours before its start a booking of `service` is reminded; 0: no reminder. */
export function reminderHours(ctx: BookingContext, service: Service): number {
  return ctx.deps.reminderHoursFor?.(service) ?? DEFAULT_REMINDER_HOURS;
}

/** The calendar file's alarm: at the reminder's time, or an hour before when there is no reminder mail. */
export function alarmMinutesBefore(ctx: BookingContext, service: Service): number {
  const hours = reminderHours(ctx, service);
  return hours > 0 ? hours * 60 : ALARM_WITHOUT_REMINDER_MINUTES;
}

/** When the reminder of a booking at `startIso` is due, or null when it has none (turned off, or its time already came). */
function reminderTime(ctx: BookingContext, service: Service, startIso: string): Date | null {
  const hours = reminderHours(ctx, service);
  if (hours <= 0) return null;
  const at = Date.parse(startIso) - hours * HOUR;
  // Booked (or moved) inside the reminder window: the confirmation has just told the customer everything.
  return at > ctx.clock.now().getTime() ? new Date(at) : null;
}

/** The reminder job of a booking just made, to schedule in its transaction; null when it gets none. */
export function reminderJobFor(ctx: BookingContext, booking: Booking, service: Service): NewJob | null {
  const at = reminderTime(ctx, service, booking.start);
  return at && { kind: REMINDER_JOB, key: reminderKey(booking.id), payload: { bookingId: booking.id }, runAt: at };
}

/**
 * After a move, inside its transaction: the reminder follows the new time. One reminder per
 * booking, ever: a reminder already sent is not sent again; a booking moved inside its reminder
 * window gets none (the change mail has just told the customer).
 */
export async function rescheduleReminderWithin(ctx: BookingContext, trx: Kysely<DB>, moved: Booking, service: Service): Promise<void> {
  const job = reminderJobFor(ctx, moved, service);
  if (!job) {
    await ctx.jobs.cancel(trx, reminderKey(moved.id));
    return;
  }
  // Scheduling is idempotent by key: a booking that had no reminder gets one; one already sent stays sent.
  if (!(await ctx.jobs.reschedule(trx, job.key, job.runAt))) await ctx.jobs.schedule(trx, job);
}

/** Defines the reminder job: at its time, the booking is read again, and reminded only if it still stands and is still ahead. */
export function defineReminders(ctx: BookingContext): void {
  ctx.jobs.define<{ bookingId: string }>({
    kind: REMINDER_JOB,
    label: { fr: 'Rappel de rendez-vous', en: 'Appointment reminder' },
    async run({ bookingId }, run) {
      const booking = await queries.selectBookingById(ctx.database.db, bookingId);
      // Cancelled, deleted by retention, or its time past (the site was stopped meanwhile): nothing to remind.
      // A booking still waiting for its online payment is not reminded: it is confirmed, or released, first.
      // An anonymised booking (its customer erased) has nobody to remind.
      if (!booking || booking.status !== 'confirmed' || booking.awaitingPayment || booking.customer.email === '' || Date.parse(booking.start) <= ctx.clock.now().getTime()) return;
      const service = await ctx.catalog.serviceById(booking.serviceId);
      const mail = reminderMail(mailContext(ctx, booking, service));
      await run.finish((trx) => ctx.outbox.enqueue(trx, { kind: 'booking-reminder', category: 'transactional', recipient: booking.customer.email, locale: booking.locale, ...mail, bookingId: booking.id }).then(() => undefined));
      ctx.outbox.wake();
    },
  });
}

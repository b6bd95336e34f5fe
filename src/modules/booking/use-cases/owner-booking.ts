import { inSerializableTransaction } from '../../../db/transaction.js';
import { ValidationFailed, type FieldError } from '../../../platform/http/errors.js';
import { toFieldErrors } from '../../../platform/http/validation.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { recordBookingCustomer } from '../../customers/index.js';
import { agendaErrors } from '../agenda.errors.js';
import { updateAttendance } from '../agenda.queries.js';
import { bookingErrors } from '../booking.errors.js';
import type { Attendance, Booking } from '../booking.model.js';
import * as queries from '../booking.queries.js';
import { bookingValidationTexts, customerCorrectionSchema, finishCustomer, missingRequiredFields } from '../booking.schemas.js';
import type { BookingContext } from './context.js';
import { getById } from './find-booking.js';

/**
 * What the owner does to a booking once it is made, besides moving (move.ts) and cancelling
 * (cancel.ts) it: correct the details given, record whether it took place. A booking the owner
 * takes is book.ts's bookSlot with its `owner` option.
 */

/**
 * The owner corrects the customer's details given for a booking (a mistyped phone, say): the
 * booking's snapshot is replaced, the booking then belongs to the customer of that address
 * (found or created, their record updated), and the correction is in the booking's history.
 */
export async function correctCustomerDetails(ctx: BookingContext, id: string, input: unknown, editor: { id: string; email: string }, locale: Locale): Promise<Booking> {
  const booking = await getById(ctx, id);
  const service = await ctx.catalog.serviceById(booking.serviceId);
  const parsed = customerCorrectionSchema.safeParse({ customer: input });
  const errors: FieldError[] = parsed.success ? [] : toFieldErrors(parsed.error, locale, bookingValidationTexts);
  const reported = new Set(errors.map((e) => e.field));
  errors.push(...missingRequiredFields(input, service.requiredFields, locale).filter((e) => !reported.has(e.field)));
  const finished = parsed.success ? finishCustomer(parsed.data.customer, locale) : undefined;
  errors.push(...(finished?.errors ?? []));
  if (!parsed.success || !finished || errors.length) throw new ValidationFailed(errors);
  const customer = finished.customer;
  const changed = (Object.keys(customer) as (keyof typeof customer)[]).filter((k) => JSON.stringify(customer[k]) !== JSON.stringify(booking.customer[k]));
  if (changed.length === 0) return booking;
  const at = ctx.clock.now().toISOString();
  let customerId = booking.customerId;
  await inSerializableTransaction(ctx.database, async (trx) => {
    customerId = await recordBookingCustomer(trx, ctx.database.dialect, { id, details: { ...customer, email: parsed.data.customer.email }, end: booking.end, at, by: editor });
    await queries.updateCustomerSnapshot(trx, id, customerId, customer, at);
    await queries.insertBookingEvent(trx, id, { type: 'details', actor: 'owner', details: { fields: changed.join(', ') }, createdAt: at });
  });
  return { ...booking, customerId, customer };
}

/**
 * The owner records that a booking whose start is past took place, or that the customer did not
 * come (the agenda service offers it: it needs no mail, only the database and the clock).
 */
export async function markAttendance(ctx: Pick<BookingContext, 'database' | 'clock' | 'agendaChanged'>, id: string, value: unknown): Promise<Attendance> {
  if (value !== 'honoured' && value !== 'no_show') throw agendaErrors.BAD_ATTENDANCE();
  const booking = await queries.selectBookingById(ctx.database.db, id);
  if (!booking) throw bookingErrors.BOOKING_NOT_FOUND();
  if (booking.status === 'cancelled') throw bookingErrors.ALREADY_CANCELLED();
  const now = ctx.clock.now().toISOString();
  if (Date.parse(booking.start) > Date.parse(now)) throw agendaErrors.NOT_YET_STARTED();
  const done = await inSerializableTransaction(ctx.database, (trx) => updateAttendance(trx, id, value, now));
  if (!done) throw bookingErrors.BOOKING_CHANGED();
  ctx.agendaChanged();
  return value;
}

import { safeEqual } from '../../../platform/ids.js';
import type { Service } from '../../catalog/index.js';
import { bookingErrors } from '../booking.errors.js';
import type { Booking } from '../booking.model.js';
import * as queries from '../booking.queries.js';
import type { BookingContext } from './context.js';

/** A booking by its id (the back office), or BOOKING_NOT_FOUND. */
export async function getById(ctx: BookingContext, id: string): Promise<Booking> {
  const booking = await queries.selectBookingById(ctx.database.db, id);
  if (!booking) throw bookingErrors.BOOKING_NOT_FOUND();
  return booking;
}

/** A booking by the reference and token of its manage link (the customer's private page), with its service. */
export async function findForCustomer(ctx: BookingContext, reference: string, token: string): Promise<{ booking: Booking; service: Service }> {
  // The token is checked before the database is asked, so a guessed reference learns nothing, not even timing.
  if (!safeEqual(token, ctx.manageToken(reference))) throw bookingErrors.BOOKING_NOT_FOUND();
  const booking = await queries.selectBookingByReference(ctx.database.db, reference);
  if (!booking) throw bookingErrors.BOOKING_NOT_FOUND();
  return { booking, service: await ctx.catalog.serviceById(booking.serviceId) };
}

/**
 * How a customer reaches one of their bookings: its private link (reference and token), or their
 * own space (signed in as the customer the booking belongs to).
 */
export type CustomerAccess = { reference: string; token: string } | { reference: string; customerId: string };

/** The booking a customer may see, with its service; BOOKING_NOT_FOUND for a wrong token or another customer's booking. */
export async function findByAccess(ctx: BookingContext, access: CustomerAccess): Promise<{ booking: Booking; service: Service }> {
  if ('token' in access) return findForCustomer(ctx, access.reference, access.token);
  const booking = await queries.selectBookingByReference(ctx.database.db, access.reference);
  // Someone else's booking answers exactly like one that does not exist.
  if (!booking || booking.customerId === null || booking.customerId !== access.customerId) throw bookingErrors.BOOKING_NOT_FOUND();
  return { booking, service: await ctx.catalog.serviceById(booking.serviceId) };
}

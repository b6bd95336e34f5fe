import type { Service } from '../../catalog/index.js';
import type { Booking, CustomerChanges } from '../booking.model.js';
import { MINUTE, type BookingContext } from './context.js';

/** The customer may move or cancel a booking online until this many hours before its start, unless the service says otherwise. */
export const DEFAULT_CANCELLATION_CUTOFF_HOURS = 24;

/** The cut-off of a service, in hours before the start (never negative). */
export function cutoffHours(ctx: BookingContext, service: Service): number {
  const hours = ctx.deps.cancellationCutoffHoursFor?.(service) ?? DEFAULT_CANCELLATION_CUTOFF_HOURS;
  return Number.isFinite(hours) && hours > 0 ? hours : 0;
}

export function customerChanges(ctx: BookingContext, booking: Booking, service: Service): CustomerChanges {
  const hours = cutoffHours(ctx, service);
  const deadline = Date.parse(booking.start) - hours * 60 * MINUTE;
  const reason = booking.status === 'cancelled' ? 'cancelled' : ctx.clock.now().getTime() >= deadline ? 'cutoff' : null;
  return { deadline: new Date(deadline).toISOString(), cutoffHours: hours, allowed: reason === null, reason, started: Date.parse(booking.start) <= ctx.clock.now().getTime() };
}

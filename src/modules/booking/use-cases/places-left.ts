import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Service } from '../../catalog/index.js';
import type { Slot } from '../availability.js';
import * as queries from '../booking.queries.js';
import { MINUTE, type BookingContext } from './context.js';

/**
 * Places left in a slot, read inside the booking transaction: a session's places less those
 * booked in it (nothing when it was cancelled meanwhile), or what the busy intervals leave.
 */
export async function placesLeft(
  ctx: BookingContext,
  trx: Kysely<DB>,
  service: Service,
  gridSlot: Slot,
  busyRange: { blockedFrom: number; blockedUntil: number },
  excludeBookingId?: string,
): Promise<number> {
  if (gridSlot.remaining <= 0) return 0;
  if (gridSlot.sessionId) {
    const session = await ctx.catalog.sessions.withinTransaction(trx).byId(gridSlot.sessionId);
    if (!session || session.status === 'cancelled') return 0;
    const booked = (await queries.selectBookedPlaces(trx, [session.id])).get(session.id) ?? 0;
    const own = excludeBookingId ? await queries.selectBookingById(trx, excludeBookingId) : undefined;
    const ownPlaces = own?.sessionId === session.id && own.status === 'confirmed' ? own.quantity : 0;
    return session.places - booked + ownPlaces;
  }
  const busy = await queries.selectBusyIntervals(trx, new Date(busyRange.blockedFrom).toISOString(), new Date(busyRange.blockedUntil).toISOString(), excludeBookingId);
  return remainingAt(service, gridSlot.start, busy, gridSlot.remaining).remaining;
}

/** Places left at `start` given the busy intervals around it; `gridRemaining` is 0 when a closure covers the slot. */
function remainingAt(service: Service, start: number, busy: { serviceId: string; start: number; blockedFrom: number; blockedUntil: number; quantity: number }[], gridRemaining: number): Slot {
  const end = start + service.durationMinutes * MINUTE;
  const from = start - service.bufferBeforeMinutes * MINUTE;
  const until = end + service.bufferAfterMinutes * MINUTE;
  let remaining = gridRemaining > 0 ? service.capacity : 0;
  for (const b of busy) {
    if (b.blockedFrom >= until || b.blockedUntil <= from) continue;
    remaining = b.serviceId === service.id && b.start === start ? remaining - b.quantity : 0;
    if (remaining <= 0) break;
  }
  return { start, end, remaining };
}

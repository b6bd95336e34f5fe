import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Service } from '../../catalog/index.js';
import { groupMemoOf } from '../../../db/transaction.js';
import type { BusyInterval, Slot } from '../availability.js';
import * as queries from '../booking.queries.js';
import { MINUTE, type BookingContext } from './context.js';

/** What a unit of the booking transaction learned about a slot. */
export interface PlacesLeft {
  remaining: number;
  /**
   * Tells the next bookings of the same group commit (db/transaction.ts, GroupMemo) about the
   * booking this one has just written, so that they need not read the busy intervals again.
   * Call it after the unit's last write: anything written after it makes them read again.
   */
  booked(interval: BusyInterval): void;
}

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
): Promise<PlacesLeft> {
  const nothingToShare = { booked: () => undefined };
  if (gridSlot.remaining <= 0) return { remaining: 0, ...nothingToShare };
  if (gridSlot.sessionId) {
    const session = await ctx.catalog.sessions.withinTransaction(trx).byId(gridSlot.sessionId);
    if (!session || session.status === 'cancelled') return { remaining: 0, ...nothingToShare };
    const booked = (await queries.selectBookedPlaces(trx, [session.id])).get(session.id) ?? 0;
    const own = excludeBookingId ? await queries.selectBookingById(trx, excludeBookingId) : undefined;
    const ownPlaces = own?.sessionId === session.id && own.status === 'confirmed' ? own.quantity : 0;
    return { remaining: session.places - booked + ownPlaces, ...nothingToShare };
  }
  if (excludeBookingId) {
    // A move: its own booking left out, read afresh.
    const busy = await queries.selectBusyIntervals(trx, new Date(busyRange.blockedFrom).toISOString(), new Date(busyRange.blockedUntil).toISOString(), excludeBookingId);
    return { remaining: remainingAt(service, gridSlot.start, busy, gridSlot.remaining).remaining, ...nothingToShare };
  }
  const window = windowAround(busyRange);
  const memo = groupMemoOf(trx);
  const busy = memo?.get<BusyInterval[]>(window.key) ?? (await queries.selectBusyIntervals(trx, new Date(window.from).toISOString(), new Date(window.until).toISOString()));
  return {
    remaining: remainingAt(service, gridSlot.start, busy, gridSlot.remaining).remaining,
    booked: (interval) => memo?.set(window.key, [...busy, interval]),
  };
}

/**
 * Busy intervals are read for a whole window around the slot, not the slot alone: bookings that
 * arrive together, and so share a group commit, are mostly for nearby times (a burst for one
 * slot, a day filling up), and the later ones then find the window in the group's memo.
 */
const BUSY_WINDOW = 3 * 60 * MINUTE;

function windowAround(range: { blockedFrom: number; blockedUntil: number }): { key: string; from: number; until: number } {
  const from = Math.floor(range.blockedFrom / BUSY_WINDOW) * BUSY_WINDOW;
  const until = Math.ceil(range.blockedUntil / BUSY_WINDOW) * BUSY_WINDOW;
  return { key: `busy-intervals ${from} ${until}`, from, until };
}

/** Places left at `start` given the busy intervals around it; `gridRemaining` is 0 when a closure covers the slot. */
function remainingAt(service: Service, start: number, busy: BusyInterval[], gridRemaining: number): Slot {
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

import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';
import type { Attendance, Booking } from './booking.model.js';
import { toBooking } from './booking.queries.js';

/** The owner's agenda, feed and attendance: each read is one query, whatever the number of bookings. */
type Db = Kysely<DB>;

/** Confirmed bookings starting in [fromIso, toIso), in start order. */
export async function selectConfirmedStartingBetween(db: Db, fromIso: string, toIso: string): Promise<Booking[]> {
  const rows = await db
    .selectFrom('bookings')
    .selectAll()
    .where('status', '=', 'confirmed')
    .where('start_at', '>=', fromIso)
    .where('start_at', '<', toIso)
    .orderBy('start_at')
    .orderBy('reference')
    .execute();
  return rows.map(toBooking);
}

/** The next `limit` confirmed bookings starting at or after `fromIso`. */
export async function selectNextConfirmed(db: Db, fromIso: string, limit: number): Promise<Booking[]> {
  const rows = await db.selectFrom('bookings').selectAll().where('status', '=', 'confirmed').where('start_at', '>=', fromIso).orderBy('start_at').orderBy('reference').limit(limit).execute();
  return rows.map(toBooking);
}

/** Confirmed bookings whose own time (start to end) overlaps [fromIso, toIso). */
export async function selectConfirmedOverlapping(db: Db, fromIso: string, toIso: string): Promise<Booking[]> {
  const rows = await db
    .selectFrom('bookings')
    .selectAll()
    .where('status', '=', 'confirmed')
    .where('start_at', '<', toIso)
    .where('end_at', '>', fromIso)
    .orderBy('start_at')
    .orderBy('reference')
    .execute();
  return rows.map(toBooking);
}

/** Moves and cancellations of every booking starting at or after `fromIso`: the SEQUENCE of each calendar event. */
export async function selectChangeCountsSince(db: Db, fromIso: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('booking_events')
    .innerJoin('bookings', 'bookings.id', 'booking_events.booking_id')
    .select(['booking_events.booking_id as id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('bookings.start_at', '>=', fromIso)
    .where('booking_events.type', 'in', ['moved', 'cancelled'])
    .groupBy('booking_events.booking_id')
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.count)]));
}

/** When each booking starting at or after `fromIso` was last changed. */
export async function selectUpdatedAtSince(db: Db, fromIso: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('bookings').select(['id', 'updated_at']).where('start_at', '>=', fromIso).execute();
  return new Map(rows.map((r) => [r.id, r.updated_at]));
}

const FEED_ROW = 'owner';

export async function selectFeedGeneration(db: Db): Promise<number> {
  const row = await db.selectFrom('owner_calendar_feed').select('generation').where('id', '=', FEED_ROW).executeTakeFirst();
  return row ? Number(row.generation) : 0;
}

/** Moves the feed to its next generation (the first is 1) and returns it. */
export async function bumpFeedGeneration(db: Db, atIso: string): Promise<number> {
  const updated = await db
    .updateTable('owner_calendar_feed')
    .set((eb) => ({ generation: eb('generation', '+', 1), updated_at: atIso }))
    .where('id', '=', FEED_ROW)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db
      .insertInto('owner_calendar_feed')
      .values({ id: FEED_ROW, generation: 1, updated_at: atIso })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ generation: eb('owner_calendar_feed.generation', '+', 1), updated_at: atIso })))
      .execute();
  }
  return selectFeedGeneration(db);
}

/** Records whether a confirmed booking that has started was honoured; false when it is not (or no longer) such a booking. */
export async function updateAttendance(db: Db, id: string, attendance: Attendance, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('bookings')
    .set({ attendance, updated_at: nowIso })
    .where('id', '=', id)
    .where('status', '=', 'confirmed')
    .where('start_at', '<=', nowIso)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await db
    .insertInto('booking_events')
    .values({ id: newId(), booking_id: id, type: attendance, actor: 'owner', details: '{}', created_at: nowIso })
    .execute();
  return true;
}

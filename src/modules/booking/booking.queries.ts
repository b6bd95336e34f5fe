import type { Expression, Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';
import { affected, emailIn } from '../../platform/personal-data.js';
import type { DataSubject } from '../../platform/privacy-register.js';
import { MAX_BUSY_SPAN_MINUTES } from '../catalog/index.js';
import { inactiveCustomerIds } from '../customers/index.js';
import type { CompanionInsert } from '../jobs/index.js';
import type { BusyInterval } from './availability.js';
import type { Booking, BookingEvent } from './booking.model.js';
import type { BookingsTable } from './booking.tables.js';

type Db = Kysely<DB>;

export function toBooking(row: Selectable<BookingsTable>): Booking {
  return {
    id: row.id,
    reference: row.reference,
    serviceId: row.service_id,
    start: row.start_at,
    end: row.end_at,
    status: row.status,
    awaitingPayment: row.awaiting_payment === 1,
    customerId: row.customer_id,
    customer: {
      lastName: row.customer_last_name,
      firstName: row.customer_first_name,
      company: row.customer_company,
      country: row.customer_country,
      email: row.customer_email,
      phone: row.customer_phone,
      address:
        row.address_line1 && row.address_postal_code && row.address_city && row.address_country
          ? {
              line1: row.address_line1,
              line2: row.address_line2,
              postalCode: row.address_postal_code,
              city: row.address_city,
              country: row.address_country,
            }
          : null,
    },
    locale: row.locale,
    priceCents: row.price_cents,
    vatRateBp: row.vat_rate_bp,
    currency: row.currency,
    termsVersion: row.terms_version,
    termsAccepted: row.terms_accepted === 1,
    privacyNoticeVersion: row.privacy_notice_version,
    withdrawalPolicy: row.withdrawal_policy,
    earlyPerformanceRequested: row.early_performance_requested === 1,
    source: row.source,
    createdAt: row.created_at,
    cancelledAt: row.cancelled_at,
    cancelledBy: row.cancelled_by,
    cancellationReason: row.cancellation_reason,
    attendance: row.attendance,
    quantity: row.quantity,
    sessionId: row.session_id,
  };
}

/** The columns of the customer's details as given for a booking (its snapshot). */
function snapshotColumns(customer: Booking['customer']) {
  return {
    customer_last_name: customer.lastName,
    customer_first_name: customer.firstName,
    customer_company: customer.company,
    customer_country: customer.country,
    customer_email: customer.email,
    customer_phone: customer.phone,
    address_line1: customer.address?.line1 ?? null,
    address_line2: customer.address?.line2 ?? null,
    address_postal_code: customer.address?.postalCode ?? null,
    address_city: customer.address?.city ?? null,
    address_country: customer.address?.country ?? null,
  };
}

export function toBookingRow(booking: Booking & { blockedFrom: string; blockedUntil: string; idempotencyKey: string | null; requestFingerprint: string | null }): BookingsTable {
  const { customer } = booking;
  return {
    id: booking.id,
    reference: booking.reference,
    service_id: booking.serviceId,
    start_at: booking.start,
    end_at: booking.end,
    blocked_from: booking.blockedFrom,
    blocked_until: booking.blockedUntil,
    status: booking.status,
    awaiting_payment: booking.awaitingPayment ? 1 : 0,
    customer_id: booking.customerId,
    customer_last_name: customer.lastName,
    customer_first_name: customer.firstName,
    customer_company: customer.company,
    customer_country: customer.country,
    customer_email: customer.email,
    customer_phone: customer.phone,
    address_line1: customer.address?.line1 ?? null,
    address_line2: customer.address?.line2 ?? null,
    address_postal_code: customer.address?.postalCode ?? null,
    address_city: customer.address?.city ?? null,
    address_country: customer.address?.country ?? null,
    locale: booking.locale,
    price_cents: booking.priceCents,
    vat_rate_bp: booking.vatRateBp,
    currency: booking.currency,
    terms_version: booking.termsVersion,
    terms_accepted: booking.termsAccepted ? 1 : 0,
    privacy_notice_version: booking.privacyNoticeVersion,
    withdrawal_policy: booking.withdrawalPolicy,
    early_performance_requested: booking.earlyPerformanceRequested ? 1 : 0,
    source: booking.source,
    idempotency_key: booking.idempotencyKey,
    request_fingerprint: booking.requestFingerprint,
    created_at: booking.createdAt,
    updated_at: booking.createdAt,
    cancelled_at: null,
    cancelled_by: null,
    cancellation_reason: null,
    attendance: booking.attendance ?? null,
    quantity: booking.quantity,
    session_id: booking.sessionId,
  };
}

/** Confirmed bookings whose busy interval overlaps [fromIso, toIso). */
export async function selectBusyIntervals(db: Db, fromIso: string, toIso: string, excludeBookingId?: string): Promise<BusyInterval[]> {
  // No busy interval is longer than MAX_BUSY_SPAN: bounding blocked_from on both sides keeps the
  // index scan to the range, instead of every booking made before it.
  const earliestStart = new Date(Date.parse(fromIso) - MAX_BUSY_SPAN_MINUTES * 60_000).toISOString();
  let query = db
    .selectFrom('bookings')
    .select(['service_id', 'start_at', 'blocked_from', 'blocked_until', 'quantity'])
    .where('status', '=', 'confirmed')
    .where('blocked_from', '>=', earliestStart)
    .where('blocked_from', '<', toIso)
    .where('blocked_until', '>', fromIso);
  if (excludeBookingId) query = query.where('id', '!=', excludeBookingId);
  const rows = await query.execute();
  return rows.map((r) => ({
    serviceId: r.service_id,
    start: Date.parse(r.start_at),
    blockedFrom: Date.parse(r.blocked_from),
    blockedUntil: Date.parse(r.blocked_until),
    quantity: r.quantity,
  }));
}

export async function insertBooking(db: Db, row: BookingsTable): Promise<void> {
  await db.insertInto('bookings').values(row).execute();
}

function eventRow(bookingId: string, event: BookingEvent) {
  return { id: newId(), booking_id: bookingId, type: event.type, actor: event.actor, details: JSON.stringify(event.details), created_at: event.createdAt };
}

export async function insertBookingEvent(db: Db, bookingId: string, event: BookingEvent): Promise<void> {
  await db.insertInto('booking_events').values(eventRow(bookingId, event)).execute();
}

/**
 * The inserts of a new booking and its first event, in that order, for the outbox to send with
 * the booking's mails and jobs: one statement on PostgreSQL, so that the whole booking costs one
 * round trip inside the agenda's lock (outbox enqueueAll). `customerId` may be an expression that
 * statement evaluates (customers' bookingCustomer).
 */
export function newBookingInserts(row: BookingsTable, event: BookingEvent, customerId: string | null | Expression<string> = row.customer_id): CompanionInsert[] {
  return [(qc) => qc.insertInto('bookings').values({ ...row, customer_id: customerId }), (qc) => qc.insertInto('booking_events').values(eventRow(row.id, event))];
}

export async function selectBookingEvents(db: Db, bookingId: string): Promise<BookingEvent[]> {
  const rows = await db.selectFrom('booking_events').selectAll().where('booking_id', '=', bookingId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ type: r.type, actor: r.actor, details: JSON.parse(r.details) as Record<string, string>, createdAt: r.created_at }));
}

export async function countChangeEvents(db: Db, bookingId: string): Promise<number> {
  const row = await db
    .selectFrom('booking_events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('booking_id', '=', bookingId)
    .where('type', 'in', ['moved', 'cancelled'])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function selectBookingById(db: Db, id: string): Promise<Booking | undefined> {
  const row = await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toBooking(row);
}

export async function selectBookingByReference(db: Db, reference: string): Promise<Booking | undefined> {
  const row = await db.selectFrom('bookings').selectAll().where('reference', '=', reference).executeTakeFirst();
  return row && toBooking(row);
}

export async function selectBookingByIdempotencyKey(db: Db, key: string): Promise<{ booking: Booking; fingerprint: string | null } | undefined> {
  const row = await db.selectFrom('bookings').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  return row && { booking: toBooking(row), fingerprint: row.request_fingerprint };
}

/** Bookings made by customers themselves (form or API) with this e-mail after `sinceIso`, cancelled ones included. */
/** Bookings customers made themselves (form or API) with `email` since `sinceIso`: what the per-address limit counts. */
function publicBookingsByEmailSince(db: Db, email: string, sinceIso: string) {
  return db.selectFrom('bookings').where('customer_email', '=', email).where('created_at', '>', sinceIso).where('source', 'in', ['web', 'api']);
}

export async function countPublicBookingsByEmailSince(db: Db, email: string, sinceIso: string): Promise<number> {
  const row = await publicBookingsByEmailSince(db, email, sinceIso)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * When the `index`-th oldest booking (0 = the oldest) customers made with `email` since `sinceIso`
 * was made: once it leaves the counting window, the address has one booking fewer in it.
 */
export async function selectPublicBookingTimeByEmailSince(db: Db, email: string, sinceIso: string, index: number): Promise<string | undefined> {
  const row = await publicBookingsByEmailSince(db, email, sinceIso)
    .select('created_at')
    .orderBy('created_at')
    .limit(1)
    .offset(index)
    .executeTakeFirst();
  return row?.created_at;
}

/** Bookings starting in [fromIso, toIso), cancelled ones included, in start order. */
export async function selectBookingsStartingBetween(db: Db, fromIso: string, toIso: string): Promise<Booking[]> {
  const rows = await db
    .selectFrom('bookings')
    .selectAll()
    .where('start_at', '>=', fromIso)
    .where('start_at', '<', toIso)
    .orderBy('start_at')
    .orderBy('reference')
    .execute();
  return rows.map(toBooking);
}

/** A booking waiting for its online payment is paid (or will be paid on site): it no longer waits. False when it was not waiting (already done, or cancelled). */
export async function markPaymentSettled(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('bookings').set({ awaiting_payment: 0, updated_at: at }).where('id', '=', id).where('status', '=', 'confirmed').where('awaiting_payment', '=', 1).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markCancelled(
  db: Db,
  id: string,
  change: { at: string; by: 'customer' | 'owner'; reason: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('bookings')
    .set({ status: 'cancelled', cancelled_at: change.at, cancelled_by: change.by, cancellation_reason: change.reason, updated_at: change.at })
    .where('id', '=', id)
    .where('status', '=', 'confirmed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Moves a confirmed booking still starting at `previousStart`; false when it was cancelled or moved meanwhile. */
export async function updateTimes(
  db: Db,
  id: string,
  previousStart: string,
  times: { start: string; end: string; blockedFrom: string; blockedUntil: string; at: string; sessionId?: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('bookings')
    .set({
      start_at: times.start,
      end_at: times.end,
      blocked_from: times.blockedFrom,
      blocked_until: times.blockedUntil,
      updated_at: times.at,
      ...(times.sessionId !== undefined ? { session_id: times.sessionId } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'confirmed')
    .where('start_at', '=', previousStart)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The owner's correction of the customer's details recorded on a booking, and the customer it now belongs to. */
export async function updateCustomerSnapshot(db: Db, id: string, customerId: string, customer: Booking['customer'], at: string): Promise<void> {
  await db
    .updateTable('bookings')
    .set({ customer_id: customerId, ...snapshotColumns(customer), updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Every booking of a customer, latest first. */
export async function selectBookingsOfCustomer(db: Db, customerId: string): Promise<Booking[]> {
  const rows = await db.selectFrom('bookings').selectAll().where('customer_id', '=', customerId).orderBy('start_at', 'desc').orderBy('reference').execute();
  return rows.map(toBooking);
}


/** Places taken by the confirmed bookings of each session. */
export async function selectBookedPlaces(db: Db, sessionIds: string[]): Promise<Map<string, number>> {
  const booked = new Map<string, number>();
  if (sessionIds.length === 0) return booked;
  const rows = await db
    .selectFrom('bookings')
    .select(['session_id', (eb) => eb.fn.sum<number>('quantity').as('places')])
    .where('session_id', 'in', sessionIds)
    .where('status', '=', 'confirmed')
    .groupBy('session_id')
    .execute();
  for (const row of rows) if (row.session_id) booked.set(row.session_id, Number(row.places));
  return booked;
}

/** The confirmed bookings of a session, in booking order. */
export async function selectConfirmedBookingsOfSession(db: Db, sessionId: string): Promise<Booking[]> {
  const rows = await db.selectFrom('bookings').selectAll().where('session_id', '=', sessionId).where('status', '=', 'confirmed').orderBy('created_at').orderBy('id').execute();
  return rows.map(toBooking);
}

// ---------------------------------------------------------------------------------------------
// One person's bookings (the register's personal-data port): by their customer id, and by each
// of their addresses for bookings that have no customer link (made before customer records).
// ---------------------------------------------------------------------------------------------

function subjectBookingIds(db: Db, subject: DataSubject) {
  return db
    .selectFrom('bookings')
    .select('id')
    .where((eb) => eb.or([eb('customer_id', '=', subject.customerId ?? ''), emailIn('customer_email', subject.emails)]));
}

export async function countPersonalBookings(db: Db, subject: DataSubject): Promise<{ bookings: number; events: number }> {
  const ids = subjectBookingIds(db, subject);
  const [bookings, events] = await Promise.all([
    db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', ids).executeTakeFirstOrThrow(),
    db.selectFrom('booking_events').select((eb) => eb.fn.countAll<number>().as('n')).where('booking_id', 'in', ids).executeTakeFirstOrThrow(),
  ]);
  return { bookings: Number(bookings.n), events: Number(events.n) };
}

/** The person's bookings, every column but the agenda's internal span, and their history (with the booking's reference). */
export async function selectPersonalBookings(db: Db, subject: DataSubject) {
  const ids = subjectBookingIds(db, subject);
  const [bookings, events] = await Promise.all([
    db.selectFrom('bookings').selectAll().where('id', 'in', ids).orderBy('start_at').orderBy('reference').execute(),
    db
      .selectFrom('booking_events')
      .innerJoin('bookings', 'bookings.id', 'booking_events.booking_id')
      .select(['bookings.reference as booking_reference', 'booking_events.type', 'booking_events.actor', 'booking_events.details', 'booking_events.created_at'])
      .where('booking_events.booking_id', 'in', ids)
      .orderBy('booking_events.created_at')
      .orderBy('booking_events.id')
      .execute(),
  ]);
  return {
    bookings: bookings.map(({ blocked_from: _from, blocked_until: _until, ...row }) => row),
    events,
  };
}

/** The snapshot columns of an anonymised booking: who it was is gone, what it was (service, date, price) stays. */
const anonymousSnapshot = {
  customer_last_name: null,
  customer_first_name: null,
  customer_company: null,
  customer_country: null,
  customer_email: '',
  customer_phone: null,
  address_line1: null,
  address_line2: null,
  address_postal_code: null,
  address_city: null,
  address_country: null,
  cancellation_reason: null,
  idempotency_key: null,
  request_fingerprint: null,
} as const;

/**
 * Anonymises the person's bookings and clears their history's free text; the bookings lose
 * their customer (who is deleted next, by the customers module's port). Never deletes a
 * booking: payments and invoices refer to it. Returns the ids (their reminders are cancelled).
 */
export async function anonymisePersonalBookings(db: Db, subject: DataSubject, atIso: string): Promise<{ ids: string[]; events: number }> {
  const ids = (await subjectBookingIds(db, subject).execute()).map((r) => r.id);
  if (ids.length === 0) return { ids, events: 0 };
  const events = affected(await db.updateTable('booking_events').set({ details: '{}' }).where('booking_id', 'in', ids).where('details', '!=', '{}').executeTakeFirst());
  await db
    .updateTable('bookings')
    .set({ ...anonymousSnapshot, customer_id: null, updated_at: atIso })
    .where('id', 'in', ids)
    .execute();
  return { ids, events };
}

/**
 * After an erasure: those of the person's bookings still waiting for their online payment give
 * their place up. The payments module's port deleted their attempts, so no poll, lapse or webhook
 * can settle them any more: left as they are, they would hold their place for ever. Returns how
 * many were released (each with a 'cancelled' event saying why, which names nobody).
 */
export async function releaseErasedAwaitingPayment(db: Db, ids: string[], atIso: string): Promise<number> {
  if (ids.length === 0) return 0;
  const waiting = (await db.selectFrom('bookings').select('id').where('id', 'in', ids).where('status', '=', 'confirmed').where('awaiting_payment', '=', 1).execute()).map((r) => r.id);
  let released = 0;
  for (const id of waiting) {
    if (!(await markCancelled(db, id, { at: atIso, by: 'customer', reason: null }))) continue;
    await insertBookingEvent(db, id, { type: 'cancelled', actor: 'customer', details: { reason: 'erased' }, createdAt: atIso });
    released++;
  }
  return released;
}

/**
 * Retention: the bookings of customers whose period ended before the cutoff, and those that
 * already lost their customer, not yet anonymised. Counted, or anonymised (returns how many).
 */
export async function anonymiseBookingsOfInactiveCustomers(db: Db, cutoffIso: string, dryRun: boolean): Promise<number> {
  const due = db
    .selectFrom('bookings')
    .select('id')
    .where('customer_email', '!=', '')
    .where((eb) => eb.or([eb('customer_id', 'is', null), eb('customer_id', 'in', inactiveCustomerIds(db, cutoffIso))]));
  if (dryRun) {
    const row = await db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', due).executeTakeFirstOrThrow();
    return Number(row.n);
  }
  const ids = (await due.execute()).map((r) => r.id);
  if (ids.length === 0) return 0;
  await db.updateTable('booking_events').set({ details: '{}' }).where('booking_id', 'in', ids).execute();
  const result = await db
    .updateTable('bookings')
    .set({ ...anonymousSnapshot, customer_id: null })
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

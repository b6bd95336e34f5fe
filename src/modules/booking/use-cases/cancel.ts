import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { inSerializableTransaction } from '../../../db/transaction.js';
import type { Service } from '../../catalog/index.js';
import { bookingErrors } from '../booking.errors.js';
import { cancellationMail } from '../booking.mails.js';
import type { Booking } from '../booking.model.js';
import * as queries from '../booking.queries.js';
import { mailContext, ownerNoticeMessage, queueCustomerMail } from './booking-mail.js';
import type { BookingContext } from './context.js';
import { customerChanges } from './cutoff.js';
import { findByAccess, getById, type CustomerAccess } from './find-booking.js';

function publishCancelled(ctx: BookingContext, trx: Kysely<DB>, bookingId: string, at: string): Promise<void> {
  return ctx.events.publishWithin(trx, { type: 'booking.cancelled', subjectId: bookingId, occurredAt: at });
}

/**
 * The customer cancels from their space or their private page (link and token from the mail),
 * until the service's cut-off; after it, only by phone or e-mail (the owner cancels).
 */
export async function cancelByCustomer(ctx: BookingContext, access: CustomerAccess): Promise<Booking> {
  const { booking, service } = await findByAccess(ctx, access);
  if (booking.status === 'cancelled') throw bookingErrors.ALREADY_CANCELLED();
  const changes = customerChanges(ctx, booking, service);
  if (changes.started) throw bookingErrors.ALREADY_STARTED();
  if (!changes.allowed) throw bookingErrors.CHANGE_CUTOFF_PASSED({ hours: changes.cutoffHours });
  return cancel(ctx, booking, 'customer', null);
}

/** The owner cancels from the back office, at any time, with an optional reason the customer reads. */
export async function cancelByOwner(ctx: BookingContext, id: string, reason: string | null): Promise<Booking> {
  return cancel(ctx, await getById(ctx, id), 'owner', reason);
}

async function cancel(ctx: BookingContext, booking: Booking, by: 'customer' | 'owner', reason: string | null): Promise<Booking> {
  const { catalog, clock, database, outbox } = ctx;
  if (booking.status === 'cancelled') throw bookingErrors.ALREADY_CANCELLED();
  if (by === 'customer' && Date.parse(booking.start) <= clock.now().getTime()) throw bookingErrors.ALREADY_STARTED();
  const service = await catalog.serviceById(booking.serviceId);
  const at = clock.now().toISOString();
  const cancelled = await inSerializableTransaction(database, async (trx) => {
    if (!(await queries.markCancelled(trx, booking.id, { at, by, reason }))) throw bookingErrors.ALREADY_CANCELLED();
    // The mails describe the booking as this transaction cancels it: a move committed since it
    // was read above has changed its time, and the customer must not be told the old one.
    const cancelled = await queries.selectBookingById(trx, booking.id);
    if (!cancelled) throw bookingErrors.BOOKING_NOT_FOUND();
    await queries.insertBookingEvent(trx, booking.id, { type: 'cancelled', actor: by, details: reason ? { reason } : {}, createdAt: at });
    await publishCancelled(ctx, trx, booking.id, at);
    const sequence = await queries.countChangeEvents(trx, booking.id);
    const mail = mailContext(ctx, cancelled, service, { reason });
    await queueCustomerMail(ctx, trx, 'booking-cancelled', cancellationMail(mail), cancelled, service, sequence);
    if (by === 'customer') {
      await outbox.enqueue(trx, ownerNoticeMessage(ctx, mail, 'cancelled', sequence));
    }
    return cancelled;
  });
  outbox.wake();
  ctx.agendaChanged();
  return cancelled;
}

/** Cancels a booking inside the caller's transaction (a whole session being cancelled) and queues the customer's mail. */
export async function cancelWithin(ctx: BookingContext, trx: Kysely<DB>, booking: Booking, service: Service, reason: string): Promise<boolean> {
  const at = ctx.clock.now().toISOString();
  if (!(await queries.markCancelled(trx, booking.id, { at, by: 'owner', reason }))) return false;
  await queries.insertBookingEvent(trx, booking.id, { type: 'cancelled', actor: 'owner', details: { reason }, createdAt: at });
  await publishCancelled(ctx, trx, booking.id, at);
  const sequence = await queries.countChangeEvents(trx, booking.id);
  const cancelled: Booking = { ...booking, status: 'cancelled', cancelledAt: at, cancelledBy: 'owner', cancellationReason: reason };
  await queueCustomerMail(ctx, trx, 'booking-cancelled', cancellationMail(mailContext(ctx, cancelled, service, { reason })), cancelled, service, sequence);
  return true;
}

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
import { refundDecision, refundReason, type CancellationCause, type RefundChoice, type RefundDecision } from '../booking-refund.js';
import { findByAccess, getById, type CustomerAccess } from './find-booking.js';

/**
 * What the booking module asks of refunds (the payments module's, wired in app.ts): what a
 * booking received, and, inside the cancellation's transaction, to give part or all of it back
 * (rows and jobs only: the providers are called after the commit).
 */
export interface RefundsPort {
  paidCentsWithin(trx: Kysely<DB>, bookingId: string): Promise<number>;
  giveBackWithin(trx: Kysely<DB>, request: { bookingId: string; amountCents: number; reason: string }): Promise<{ onlineCents: number; byHandCents: number }>;
}

/** How the owner cancels (the cancel form): the business's own decision, the customer's request after the cut-off, or a withdrawal. */
export type OwnerCancellation =
  | { by: 'business' }
  | { by: 'customer_request'; choice: RefundChoice }
  | { by: 'withdrawal'; performedCents: number };

/** What the cancellation gave back, for its mail and its event. */
export interface CancellationRefund {
  decision: RefundDecision;
  onlineCents: number;
  byHandCents: number;
}

/** Inside the cancellation's transaction: the refund decided from what was paid, recorded with the cancellation, and handed to the payments module. */
async function refundWithin(ctx: BookingContext, trx: Kysely<DB>, booking: Booking, cause: CancellationCause): Promise<CancellationRefund | null> {
  const refunds = ctx.deps.refunds;
  if (!refunds) return null;
  const paid = await refunds.paidCentsWithin(trx, booking.id);
  if (paid <= 0) return null;
  const decision = refundDecision(paid, cause);
  const given = decision.refundCents > 0 ? await refunds.giveBackWithin(trx, { bookingId: booking.id, amountCents: decision.refundCents, reason: refundReason(decision, booking.currency) }) : { onlineCents: 0, byHandCents: 0 };
  return { decision, ...given };
}

function causeOf(ctx: BookingContext, booking: Booking, service: Service, how: OwnerCancellation): CancellationCause {
  if (how.by === 'business') return { by: 'business' };
  if (how.by === 'withdrawal') return { by: 'withdrawal', earlyPerformanceRequested: booking.earlyPerformanceRequested, performedCents: how.performedCents };
  return { by: 'customer_request', beforeCutoff: customerChanges(ctx, booking, service).allowed, choice: how.choice };
}

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
export async function cancelByOwner(ctx: BookingContext, id: string, reason: string | null, how: OwnerCancellation = { by: 'business' }): Promise<Booking> {
  return cancel(ctx, await getById(ctx, id), 'owner', reason, how);
}

async function cancel(ctx: BookingContext, booking: Booking, by: 'customer' | 'owner', reason: string | null, how?: OwnerCancellation): Promise<Booking> {
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
    const refund = await refundWithin(ctx, trx, cancelled, by === 'customer' ? { by: 'customer_online' } : causeOf(ctx, booking, service, how ?? { by: 'business' }));
    await queries.insertBookingEvent(trx, booking.id, { type: 'cancelled', actor: by, details: { ...(reason ? { reason } : {}), ...(refund ? refundDetails(refund) : {}) }, createdAt: at });
    await publishCancelled(ctx, trx, booking.id, at);
    const sequence = await queries.countChangeEvents(trx, booking.id);
    const mail = mailContext(ctx, cancelled, service, { reason, ...(refund ? { refund: { ...refund, currency: cancelled.currency } } : {}) });
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
  // The business cancels (too few participants, or the owner's decision): everything paid goes back.
  const refund = await refundWithin(ctx, trx, booking, { by: 'business' });
  await queries.insertBookingEvent(trx, booking.id, { type: 'cancelled', actor: 'owner', details: { reason, ...(refund ? refundDetails(refund) : {}) }, createdAt: at });
  await publishCancelled(ctx, trx, booking.id, at);
  const sequence = await queries.countChangeEvents(trx, booking.id);
  const cancelled: Booking = { ...booking, status: 'cancelled', cancelledAt: at, cancelledBy: 'owner', cancellationReason: reason };
  await queueCustomerMail(ctx, trx, 'booking-cancelled', cancellationMail(mailContext(ctx, cancelled, service, { reason, ...(refund ? { refund: { ...refund, currency: booking.currency } } : {}) })), cancelled, service, sequence);
  return true;
}

/** The decision as the booking's history records it. */
function refundDetails(refund: CancellationRefund): Record<string, string> {
  const { decision } = refund;
  return {
    refundBasis: decision.basis,
    paidCents: String(decision.paidCents),
    refundCents: String(decision.refundCents),
    ...(decision.performedCents ? { performedCents: String(decision.performedCents) } : {}),
    refundOnlineCents: String(refund.onlineCents),
    refundByHandCents: String(refund.byHandCents),
  };
}

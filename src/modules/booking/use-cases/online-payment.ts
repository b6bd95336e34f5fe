import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { inSerializableTransaction } from '../../../db/transaction.js';
import { paths } from '../../../platform/http/paths.js';
import { paymentChoicesOf, type OnlineProvider, type PaymentChoice, type Service } from '../../catalog/index.js';
import { bookingErrors } from '../booking.errors.js';
import { confirmationMail, placeReleasedMail } from '../booking.mails.js';
import type { PaidOnline } from '../booking-payment.js';
import type { Booking } from '../booking.model.js';
import * as queries from '../booking.queries.js';
import { customerMessage, mailContext, ownerNoticeMessage } from './booking-mail.js';
import type { BookingContext } from './context.js';
import { findByAccess, type CustomerAccess } from './find-booking.js';

/**
 * What the booking module asks of online payments (the payments module's, wired in app.ts):
 * which providers are configured, and, inside the booking's own transaction, to open a payment
 * attempt for a booking that now holds its place waiting for it.
 */
export interface OnlinePaymentsPort {
  configured: () => readonly OnlineProvider[];
  hold(trx: Kysely<DB>, request: { bookingId: string; reference: string; choice: Exclude<PaymentChoice, 'on_site'>; amountCents: number; currency: string }): Promise<void>;
  /** Inside the caller's transaction: the booking's pending attempts are given up (the customer pays on site instead). */
  abandon(trx: Kysely<DB>, bookingId: string): Promise<void>;
}

/** The choices the customer has for a service now (on site only when no provider is configured). */
export function paymentChoices(ctx: BookingContext, service: Service): PaymentChoice[] {
  return paymentChoicesOf(service, ctx.deps.onlinePayments?.configured() ?? []);
}

/**
 * The payment of a booking waiting for it was confirmed by the provider, inside the payments
 * module's transaction (the one that records the provider's event and the ledger entry): the
 * booking stops waiting and the customer gets the confirmation saying it is paid, the owner the
 * notice of a new booking. 'released' when the window had lapsed and the place was given up.
 */
export async function confirmPaidWithin(ctx: BookingContext, trx: Kysely<DB>, bookingId: string, service: Service | null, paid: PaidOnline): Promise<'confirmed' | 'released' | 'not_waiting'> {
  const booking = await queries.selectBookingById(trx, bookingId);
  if (!booking || !service) return 'released';
  if (booking.status === 'cancelled') return 'released';
  if (!(await queries.markPaymentSettled(trx, bookingId, ctx.clock.now().toISOString()))) return 'not_waiting';
  await queueConfirmation(ctx, trx, { ...booking, awaitingPayment: false }, service, paid);
  return 'confirmed';
}

/**
 * Reads, before the payments module's transaction, what its two verbs need (the service: no query
 * may use the root handle inside a transaction), and gives them bound to the booking.
 */
export async function prepareForPayment(ctx: BookingContext, bookingId: string) {
  const booking = await queries.selectBookingById(ctx.database.db, bookingId);
  const service = booking ? await ctx.catalog.serviceById(booking.serviceId) : null;
  return {
    confirmPaidWithin: (trx: Kysely<DB>, paid: PaidOnline) => confirmPaidWithin(ctx, trx, bookingId, service, paid),
    releaseUnpaidWithin: (trx: Kysely<DB>, why: ReleaseReason = 'lapsed') => releaseUnpaidWithin(ctx, trx, bookingId, service, why),
  };
}

async function queueConfirmation(ctx: BookingContext, trx: Kysely<DB>, booking: Booking, service: Service, paid: PaidOnline | undefined): Promise<void> {
  const mail = mailContext(ctx, booking, service, paid ? { paid } : {});
  await ctx.outbox.enqueueAll(trx, [customerMessage(ctx, 'booking-confirmation', confirmationMail(mail), booking, service, 0), ownerNoticeMessage(ctx, mail, 'new', 0)]);
}

/** Why a booking waiting for its online payment gives its place up: the window lapsed, or the provider refused the payment for good. */
export type ReleaseReason = 'lapsed' | 'payment_failed';

/**
 * The payment window lapsed unpaid (the payments module asked the provider first), or the
 * provider refused the payment for good (a bank debit refused): the booking is cancelled, which
 * releases its place, and the customer told why and that « votre place a été libérée ».
 * False when it no longer waited (paid, or cancelled meanwhile).
 */
export async function releaseUnpaidWithin(ctx: BookingContext, trx: Kysely<DB>, bookingId: string, service: Service | null, why: ReleaseReason = 'lapsed'): Promise<boolean> {
  const booking = await queries.selectBookingById(trx, bookingId);
  if (!booking || !service || booking.status !== 'confirmed' || !booking.awaitingPayment) return false;
  const at = ctx.clock.now().toISOString();
  if (!(await queries.markCancelled(trx, bookingId, { at, by: 'customer', reason: null }))) return false;
  await queries.insertBookingEvent(trx, bookingId, { type: 'cancelled', actor: 'customer', details: { reason: why === 'lapsed' ? 'payment_window_lapsed' : 'payment_failed' }, createdAt: at });
  await ctx.events.publishWithin(trx, { type: 'booking.cancelled', subjectId: bookingId, occurredAt: at });
  const cancelled = (await queries.selectBookingById(trx, bookingId))!;
  await ctx.outbox.enqueue(trx, { kind: 'booking-place-released', category: 'transactional', recipient: cancelled.customer.email, locale: cancelled.locale, ...placeReleasedMail(mailContext(ctx, cancelled, service), why), bookingId });
  return true;
}

/**
 * The customer, back from the provider without paying, chooses to pay on site (when the service
 * allows it): the pending attempts are given up, the booking confirmed as unpaid and mailed.
 */
export async function payOnSiteInstead(ctx: BookingContext, access: CustomerAccess): Promise<Booking> {
  const { booking, service } = await findByAccess(ctx, access);
  if (booking.status !== 'confirmed' || !booking.awaitingPayment) throw bookingErrors.BOOKING_NOT_FOUND();
  if (!paymentChoices(ctx, service).includes('on_site')) throw bookingErrors.BOOKING_NOT_FOUND();
  const settled = await inSerializableTransaction(ctx.database, async (trx) => {
    if (!(await queries.markPaymentSettled(trx, booking.id, ctx.clock.now().toISOString()))) return null;
    await ctx.deps.onlinePayments?.abandon(trx, booking.id);
    const current = { ...booking, awaitingPayment: false };
    await queueConfirmation(ctx, trx, current, service, undefined);
    return current;
  });
  ctx.outbox.wake();
  return settled ?? (await findByAccess(ctx, access)).booking;
}

/** Runs the confirmation or the release in its own transaction (the payments module's callers pass theirs). */
export function afterPaymentChange(ctx: BookingContext): void {
  ctx.outbox.wake();
  ctx.agendaChanged();
}

/** What the provider's checkout page shows and where it sends the customer back (their private booking page's payment pages). */
export async function checkoutOf(ctx: BookingContext, bookingId: string) {
  const booking = await queries.selectBookingById(ctx.database.db, bookingId);
  if (!booking) return null;
  const service = await ctx.catalog.serviceById(booking.serviceId);
  const token = ctx.manageToken(booking.reference);
  const base = ctx.deps.baseUrl;
  return {
    reference: booking.reference,
    customerEmail: booking.customer.email,
    locale: booking.locale,
    description: `${service.name[booking.locale]} — ${booking.reference}`,
    successUrl: `${base}${paths.bookingPaymentReturn(booking.locale, booking.reference, token)}`,
    cancelUrl: `${base}${paths.bookingPaymentCancelled(booking.locale, booking.reference, token)}`,
  };
}

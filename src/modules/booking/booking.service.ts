import type { Locale } from '../../platform/i18n/locale.js';
import { paths } from '../../platform/http/paths.js';
import type { Service } from '../catalog/index.js';
import type { Slot } from './availability.js';
import type { Booking, BookingEvent, CustomerChanges } from './booking.model.js';
import * as queries from './booking.queries.js';
import { bookSlot, type BookOptions, type BookResult } from './use-cases/book.js';
import { calendarFile, manageUrl, withdrawalFor, withdrawalOf } from './use-cases/booking-mail.js';
import { cancelByCustomer, cancelByOwner, type OwnerCancellation } from './use-cases/cancel.js';
import { refundParagraphs } from './booking.mails.js';
import { createBookingContext, type BookingDeps } from './use-cases/context.js';
import { customerChanges } from './use-cases/cutoff.js';
import { findByAccess, findForCustomer, getById, type CustomerAccess } from './use-cases/find-booking.js';
import { listSlots, maxQuantityAt, parseRange, slotsOf, slotState, slotStateMessage, type SlotOptions } from './use-cases/list-slots.js';
import { moveByCustomer, moveByOwner, moveChoices, type MoveChoices } from './use-cases/move.js';
import { correctCustomerDetails } from './use-cases/owner-booking.js';
import { defineReminders } from './use-cases/reminders.js';
import { afterPaymentChange, checkoutOf, payOnSiteInstead, paymentChoices, prepareForPayment } from './use-cases/online-payment.js';
import { createSessionBookings } from './use-cases/sessions.js';

export type { BookingDeps } from './use-cases/context.js';
export type { BookOptions, BookResult } from './use-cases/book.js';
export type { CustomerAccess } from './use-cases/find-booking.js';
export type { CustomerChanges } from './booking.model.js';
export type { MoveChoices } from './use-cases/move.js';
export type { OnlinePaymentsPort } from './use-cases/online-payment.js';
export type { PaidOnline } from './booking-payment.js';
export { MAX_RANGE_DAYS, MAX_SLOTS_PER_REQUEST, TooManySlots } from './use-cases/list-slots.js';

export type BookingService = ReturnType<typeof createBookingService>;

/**
 * The booking service: the shared context built once, and the verbs of the use cases under
 * use-cases/ (one file per use case, named after it; CONTEXT.md lists them).
 */
export function createBookingService(deps: BookingDeps) {
  const ctx = createBookingContext(deps);
  defineReminders(ctx);
  return {
    /** Group sessions: places booked, the owner's changes, decisions at decision time. */
    sessions: createSessionBookings(ctx),
    slotsOf: (service: Service, fromDate: string, toDate: string, options?: SlotOptions): Promise<Slot[]> => slotsOf(ctx, service, fromDate, toDate, options),
    slotState: (service: Service, startValue: string) => slotState(ctx, service, startValue),
    maxQuantityAt: (service: Service, startValue: string) => maxQuantityAt(ctx, service, startValue),
    slotStateMessage,
    termsVersion: deps.termsVersion,
    listSlots: (slug: string, query: unknown, locale: Locale) => listSlots(ctx, slug, query, locale),
    parseRange: (query: unknown, locale: Locale) => parseRange(ctx, query, locale),
    bookSlot: (input: unknown, options: BookOptions): Promise<BookResult> => bookSlot(ctx, input, options),
    manageToken: ctx.manageToken,
    manageUrl: (booking: Pick<Booking, 'reference' | 'locale'>, locale?: Locale): string => manageUrl(ctx, booking, locale),
    findForCustomer: (reference: string, token: string) => findForCustomer(ctx, reference, token),
    /** The booking a customer reaches by its private link or from their space (BOOKING_NOT_FOUND for anyone else's). */
    findByAccess: (access: CustomerAccess) => findByAccess(ctx, access),
    /** Whether the customer may still move or cancel a booking online, and until when (the service's cut-off). */
    customerChanges: (booking: Booking, service: Service): CustomerChanges => customerChanges(ctx, booking, service),
    /** The private link's cancellation (reference and token of the mail), until the cut-off. */
    cancelByCustomer: (reference: string, token: string) => cancelByCustomer(ctx, { reference, token }),
    /** The same from the customer's own space or the private link, whichever `access` is. */
    cancelByCustomerAccess: (access: CustomerAccess) => cancelByCustomer(ctx, access),
    moveByCustomer: (access: CustomerAccess, newStartValue: string, locale: Locale) => moveByCustomer(ctx, access, newStartValue, locale),
    moveChoices: (booking: Booking, service: Service, day: string | undefined): Promise<MoveChoices> => moveChoices(ctx, booking, service, day),
    cancelByOwner: (id: string, reason: string | null, how?: OwnerCancellation) => cancelByOwner(ctx, id, reason, how),
    moveByOwner: (id: string, newStartValue: string, reason: string | null, locale: Locale) => moveByOwner(ctx, id, newStartValue, reason, locale),
    correctCustomerDetails: (id: string, input: unknown, editor: { id: string; email: string }, locale: Locale) => correctCustomerDetails(ctx, id, input, editor, locale),
    getById: (id: string) => getById(ctx, id),
    events: (id: string): Promise<BookingEvent[]> => queries.selectBookingEvents(deps.database.db, id),
    /** What the cancellation of a booking gives back, in the customer's words (its private page); empty when nothing. */
    async cancellationRefundText(booking: Booking, locale: Locale): Promise<string[]> {
      if (booking.status !== 'cancelled') return [];
      const cancelled = (await queries.selectBookingEvents(deps.database.db, booking.id)).filter((e) => e.type === 'cancelled').at(-1);
      const online = Number(cancelled?.details.refundOnlineCents ?? 0);
      const byHand = Number(cancelled?.details.refundByHandCents ?? 0);
      return online > 0 || byHand > 0 ? refundParagraphs({ onlineCents: online, byHandCents: byHand, currency: booking.currency }, locale) : [];
    },
    /** Every booking of a customer, latest first. */
    ofCustomer: (customerId: string): Promise<Booking[]> => queries.selectBookingsOfCustomer(deps.database.db, customerId),
    /** Bookings starting between two instants, with their services. */
    startingBetween: (fromIso: string, toIso: string) => queries.selectBookingsStartingBetween(deps.database.db, fromIso, toIso),
    async calendarFor(booking: Booking, service: Service): Promise<string> {
      return calendarFile(ctx, booking, service, await queries.countChangeEvents(deps.database.db, booking.id));
    },
    /** The statement that applies to a booking made: the policy it recorded, its period counted from its creation. */
    withdrawalOf,
    withdrawalFor: (service: Service, startIso: string, locale: Locale) => withdrawalFor(ctx, service, startIso, locale),
    /** How a booking of `service` may be paid now (its options, less the providers not configured). */
    paymentChoices: (service: Service) => paymentChoices(ctx, service),
    /** For the payments module (app.ts): read before its transaction, then, inside it, the booking's online payment confirmed or its window lapsed. */
    prepareForPayment: (bookingId: string) => prepareForPayment(ctx, bookingId),
    /** After either of the two above committed: mails go, the pages show the agenda again. */
    afterPaymentChange: () => afterPaymentChange(ctx),
    /** What the provider's page shows of a booking and where it sends the customer back. */
    checkoutOf: (bookingId: string) => checkoutOf(ctx, bookingId),
    /** The booking's own page to pay again (or on site), when the provider's page is out of reach. */
    paymentRetryUrl: (booking: Pick<Booking, 'reference' | 'locale'>) => `${deps.baseUrl}${paths.bookingPaymentCancelled(booking.locale, booking.reference, ctx.manageToken(booking.reference))}`,
    /** The customer back from the provider pays on site instead. */
    payOnSiteInstead: (access: CustomerAccess) => payOnSiteInstead(ctx, access),
  };
}

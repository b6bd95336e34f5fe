import { isForeignKeyViolation, isUniqueViolation } from '../../../db/dialect.js';
import { inSerializableTransaction, letTheLockHolderRun } from '../../../db/transaction.js';
import { AppError, ValidationFailed, type FieldError } from '../../../platform/http/errors.js';
import { toFieldErrors } from '../../../platform/http/validation.js';
import { newId, randomCode, sha256Hex } from '../../../platform/ids.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { localDateOf } from '../../../platform/time-zone.js';
import { onlineAmountOf, requiredFieldsOf, type PaymentChoice, type Service } from '../../catalog/index.js';
import { bookingCustomer } from '../../customers/index.js';
import type { NewMessage } from '../../outbox/index.js';
import { bookingErrors, bookingFieldMessages } from '../booking.errors.js';
import { confirmationMail } from '../booking.mails.js';
import type { Booking } from '../booking.model.js';
import * as queries from '../booking.queries.js';
import { bookingRequestSchema, bookingValidationTexts, fieldError, finishCustomer, missingRequiredFields } from '../booking.schemas.js';
import { earlyPerformanceMissing, firstDayAfterWithdrawalPeriod, needsEarlyPerformanceRequest } from '../booking-withdrawal.js';
import { aboveServiceMaximum, priceOfPlaces } from '../quantity.js';
import { customerMessage, mailContext, ownerNoticeMessage } from './booking-mail.js';
import { MINUTE, type BookingContext } from './context.js';
import { slotsOf } from './list-slots.js';
import { placesLeft } from './places-left.js';
import { reminderJobFor } from './reminders.js';
import { parseStart } from './start-time.js';
import { paymentChoices } from './online-payment.js';

/** Bookings made by customers themselves, which BOOKINGS_PER_EMAIL_PER_HOUR limits. */
const PUBLIC_SOURCES: ReadonlySet<string> = new Set(['web', 'api']);

export interface BookOptions {
  locale: Locale;
  source: 'web' | 'api' | 'owner';
  idempotencyKey?: string | undefined;
  /**
   * A booking the owner takes in the back office: notice and horizon do not bind them; a full
   * slot or a time off the grid is refused (SLOT_TAKEN, OUTSIDE_HOURS) unless `force` says the
   * owner was warned and confirmed; the customer is mailed only if `notifyCustomer`.
   */
  owner?: { force: boolean; notifyCustomer: boolean } | undefined;
  /** The HTML form asks the customer to tick "I accept the terms"; the API leaves that to its client. */
  requireTermsAcceptance: boolean;
}

export interface BookResult {
  booking: Booking;
  service: Service;
  /** True when this was a repeat of an earlier request (same idempotency key): nothing new was created. */
  replayed: boolean;
  /** How the customer chose to pay; with an online choice the booking holds its place until the provider confirms the payment. */
  payment: PaymentChoice;
}

/**
 * Books a slot. Everything is checked before anything is written; then, in one
 * transaction that the database serialises against every other booking, the slot's
 * remaining places are counted and the booking and its mails are written together.
 */
export async function bookSlot(ctx: BookingContext, input: unknown, options: BookOptions): Promise<BookResult> {
  const { catalog, clock, database, outbox, zone, deps } = ctx;
  const { locale } = options;
  const parsed = bookingRequestSchema.safeParse(input);
  const errors: FieldError[] = parsed.success ? [] : toFieldErrors(parsed.error, locale, bookingValidationTexts);
  const raw = (typeof input === 'object' && input !== null ? input : {}) as {
    service?: unknown;
    start?: unknown;
    customer?: unknown;
    acceptTerms?: unknown;
    requestEarlyPerformance?: unknown;
    quantity?: unknown;
    payment?: unknown;
  };

  let service: Service | undefined;
  if (typeof raw.service === 'string' && !errors.some((e) => e.field === 'service')) {
    try {
      service = await catalog.serviceBySlug(raw.service.trim());
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push({ field: 'service', message: error.messageIn(locale) });
    }
  }
  if (service) {
    // Every empty required field is reported, even when another field was malformed.
    const reported = new Set(errors.map((e) => e.field));
    errors.push(...missingRequiredFields(raw.customer, requiredFieldsOf(service), locale).filter((e) => !reported.has(e.field)));
  }
  // The time and the boxes to tick are reported with the other problems too, so that one correction is enough.
  const alreadyReported = new Set(errors.map((e) => e.field));
  const start = typeof raw.start === 'string' ? parseStart(raw.start.trim(), locale) : undefined;
  if (typeof start === 'object' && !alreadyReported.has('start')) errors.push(start);
  if (options.requireTermsAcceptance && raw.acceptTerms !== true && !alreadyReported.has('acceptTerms')) errors.push(fieldError('acceptTerms', 'required', locale));
  if (service?.withdrawalPolicy === 'performed_at_request' && raw.requestEarlyPerformance !== true && !alreadyReported.has('requestEarlyPerformance')) {
    errors.push(fieldError('requestEarlyPerformance', 'required', locale));
  }
  if (service && typeof raw.quantity === 'number' && Number.isInteger(raw.quantity) && !alreadyReported.has('quantity')) {
    const tooMany = aboveServiceMaximum(raw.quantity, service.maxPlacesPerBooking, locale);
    if (tooMany) errors.push(tooMany);
  }
  // A slot inside the 14-day withdrawal period: booked only with the customer's request to start early (L221-25).
  const insidePeriod = service !== undefined && typeof start === 'number' && needsEarlyPerformanceRequest(service.withdrawalPolicy, start, clock.now().getTime());
  // A booking the owner takes records the request when the owner's form sends it, but is not refused without it.
  const asksEarly = insidePeriod && !options.owner;
  if (asksEarly && raw.requestEarlyPerformance !== true && !alreadyReported.has('requestEarlyPerformance')) {
    errors.push(earlyPerformanceMissing(firstDayAfterWithdrawalPeriod(clock.now().getTime(), zone), locale));
  }
  // How the customer pays: one of the service's choices for now (on site when absent); the owner's bookings are paid on site.
  const payment: PaymentChoice = parsed.success && parsed.data.payment && !options.owner ? parsed.data.payment : 'on_site';
  if (service && payment !== 'on_site' && !paymentChoices(ctx, service).includes(payment) && !alreadyReported.has('payment')) {
    errors.push(bookingFieldMessages.PAYMENT_NOT_OFFERED(locale));
  }
  const finished = parsed.success ? finishCustomer(parsed.data.customer, locale) : undefined;
  errors.push(...(finished?.errors ?? []));
  if (!parsed.success || !finished || !service || typeof start !== 'number' || errors.length) throw new ValidationFailed(errors);
  const request = parsed.data;
  const { customer } = finished;

  const now = clock.now().getTime();
  const { owner } = options;
  if (start < now) throw new ValidationFailed([bookingFieldMessages.START_PAST(locale)]);
  if (!owner && start < now + service.minNoticeMinutes * MINUTE) throw new ValidationFailed([bookingFieldMessages.START_NOTICE(locale, { noticeMinutes: service.minNoticeMinutes })]);
  if (!owner && start > now + service.horizonDays * 24 * 60 * MINUTE) throw new ValidationFailed([bookingFieldMessages.START_HORIZON(locale, { horizonDays: service.horizonDays })]);

  // Is it a slot of the grid (opening hours × step), and not closed? Catalog data need not be read in the transaction.
  const localDate = localDateOf(start, zone);
  const grid = await slotsOf(ctx, service, localDate, localDate, { includeUnavailable: true, withoutBookings: true, ignoreNoticeAndHorizon: Boolean(owner) });
  let gridSlot = grid.find((s) => s.start === start);
  if (owner && (!gridSlot || gridSlot.remaining <= 0)) {
    // Off the grid or during a closure: the owner may, once warned.
    if (!owner.force) throw bookingErrors.OUTSIDE_HOURS();
    gridSlot = { start, end: start + service.durationMinutes * MINUTE, remaining: service.capacity };
  }
  if (!gridSlot) throw new ValidationFailed([bookingFieldMessages.START_NOT_OFFERED(locale)]);
  const offered = gridSlot;

  const end = gridSlot.end;
  const blockedFrom = start - service.bufferBeforeMinutes * MINUTE;
  const blockedUntil = end + service.bufferAfterMinutes * MINUTE;
  const bookingLocale = request.locale ?? locale;
  // Recorded only where it means something: a request for a slot outside the period changes nothing.
  const earlyPerformanceRequested = request.requestEarlyPerformance === true && (insidePeriod || service.withdrawalPolicy === 'performed_at_request');
  const quantity = request.quantity ?? 1;
  // One place hashes as before places existed, so keys replayed across the upgrade still match.
  const fingerprint = sha256Hex(
    JSON.stringify([service.id, start, customer, bookingLocale, earlyPerformanceRequested, ...(owner ? [owner] : []), ...(quantity === 1 ? [] : [quantity]), ...(payment === 'on_site' ? [] : [payment])]),
  );
  // Customers booking themselves are limited; the owner (any other source) is not.
  if (PUBLIC_SOURCES.has(options.source)) await refuseTooManyBookingsFor(ctx, customer.email, options.idempotencyKey, fingerprint);

  for (let attempt = 1; ; attempt++) {
    try {
      // Everything that needs no database (the booking, its mails, its jobs) is made before the transaction:
      // inside it the agenda's lock is held, and every millisecond there delays the bookings waiting their
      // turn. A booking then refused for a full slot has rendered its mails for nothing, a cost BENCHMARKS.md
      // measures with 200 simultaneous requests for one slot.
      const createdAt = new Date(clock.now()).toISOString();
      const bookingId = newId();
      const booking: Booking = {
        id: bookingId,
        reference: `${randomCode(5)}-${randomCode(5)}`,
        serviceId: service.id,
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        status: 'confirmed',
        // Known once the statement below has run; no mail or job needs it.
        customerId: null,
        customer,
        locale: bookingLocale,
        priceCents: priceOfPlaces(service.priceCents, quantity),
        vatRateBp: service.vatRateBp,
        currency: service.currency,
        termsVersion: deps.termsVersion(),
        termsAccepted: request.acceptTerms === true,
        privacyNoticeVersion: deps.privacyNoticeVersion(),
        withdrawalPolicy: service.withdrawalPolicy,
        earlyPerformanceRequested,
        source: options.source,
        createdAt,
        cancelledAt: null,
        cancelledBy: null,
        cancellationReason: null,
        attendance: null,
        quantity,
        sessionId: offered.sessionId ?? null,
        awaitingPayment: payment !== 'on_site',
      };
      const mail = mailContext(ctx, booking, service);
      const messages: NewMessage[] = [];
      // Paid online: the confirmation and the owner's notice wait for the provider's word.
      if (payment === 'on_site' && (!owner || owner.notifyCustomer)) messages.push(customerMessage(ctx, 'booking-confirmation', confirmationMail(mail), booking, service, 0));
      await letTheLockHolderRun();
      // The owner needs no notice of a booking they took themselves.
      if (!owner && payment === 'on_site') messages.push(ownerNoticeMessage(ctx, mail, 'new', 0));
      // A customer the owner chose not to mail (booked by phone, say) gets no reminder either.
      const reminder = !owner || owner.notifyCustomer ? reminderJobFor(ctx, booking, service) : null;
      const created = ctx.events.jobFor({ id: newId(), type: 'booking.created', subjectId: booking.id, occurredAt: createdAt });
      await letTheLockHolderRun();
      const result = await inSerializableTransaction(database, async (trx) => {
        if (options.idempotencyKey) {
          const existing = await queries.selectBookingByIdempotencyKey(trx, options.idempotencyKey);
          if (existing) {
            if (existing.fingerprint !== fingerprint) throw bookingErrors.IDEMPOTENCY_KEY_REUSED();
            return { booking: existing.booking, replayed: true, payment };
          }
        }
        const { remaining, booked } = await placesLeft(ctx, trx, service, offered, { blockedFrom, blockedUntil });
        // The owner, once warned, may book a full slot or more places than are left.
        if (remaining <= 0 && !owner?.force) throw bookingErrors.SLOT_TAKEN();
        if (quantity > remaining && !owner?.force) throw bookingErrors.NOT_ENOUGH_PLACES();

        // The person behind the booking (customers module), found or created in this same transaction;
        // on PostgreSQL by the booking's own statement below. The customer record keeps the e-mail as
        // typed; the booking's snapshot keeps it lower-cased.
        const bookingsCustomer = await bookingCustomer(trx, database.dialect, {
          id: bookingId,
          details: { ...customer, email: request.customer.email },
          end: new Date(end).toISOString(),
          at: createdAt,
        });
        // Written together with its mails and jobs below: one statement on PostgreSQL.
        const bookingInserts = queries.newBookingInserts(
          queries.toBookingRow({
            ...booking,
            blockedFrom: new Date(blockedFrom).toISOString(),
            blockedUntil: new Date(blockedUntil).toISOString(),
            idempotencyKey: options.idempotencyKey ?? null,
            requestFingerprint: options.idempotencyKey ? fingerprint : null,
          }),
          { type: 'created', actor: owner ? 'owner' : 'customer', details: { source: options.source }, createdAt },
          bookingsCustomer.column,
        );
        const statement = await outbox.enqueueAll(
          trx,
          messages,
          reminder ? [reminder, created] : [created],
          [...bookingsCustomer.inserts, ...bookingInserts],
          bookingsCustomer.answer,
        );
        booking.customerId = await bookingsCustomer.settle(statement.answer);
        if (payment !== 'on_site') {
          // The payment attempt opens with the booking (it references it: inserted after).
          const hold = ctx.deps.onlinePayments;
          if (!hold) throw new Error('an online payment was accepted without online payments wired');
          await hold.hold(trx, { bookingId, reference: booking.reference, choice: payment, amountCents: onlineAmountOf(booking.priceCents, payment, service.depositPercent), currency: booking.currency });
        }
        // After the last write: the next bookings of the group count this one without reading again.
        booked({ serviceId: service.id, start, blockedFrom, blockedUntil, quantity });
        return { booking, replayed: false, payment };
      });
      if (!result.replayed) {
        outbox.wake();
        ctx.agendaChanged();
      }
      return { ...result, service };
    } catch (error) {
      // A duplicate reference (vanishingly rare) or a concurrent twin with the same idempotency key: run again.
      if (isUniqueViolation(error) && attempt < 3) continue;
      // A customer the booking's statement could not see yet, added at that very moment outside the agenda's
      // lock (the owner, on PostgreSQL; customers' bookingCustomer): run again, the address is known now.
      if (isForeignKeyViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/**
 * Anyone may type anyone's address: without a limit, the site would mail a stranger's text
 * (book, cancel, book again) to any address, over and over. Counted in the database, so it
 * holds across instances; counted before the booking transaction, to keep that transaction
 * short (requests racing in the same instant may each pass: the per-client limit bounds them).
 * A repeat of an accepted request (same idempotency key and content) is not a new booking.
 */
async function refuseTooManyBookingsFor(ctx: BookingContext, email: string, idempotencyKey: string | undefined, fingerprint: string): Promise<void> {
  const { clock, database, deps } = ctx;
  const limit = deps.bookingsPerEmailPerHour ?? 0;
  if (limit <= 0) return;
  const now = clock.now().getTime();
  const since = new Date(now - 60 * MINUTE).toISOString();
  const count = await queries.countPublicBookingsByEmailSince(database.db, email, since);
  if (count < limit) return;
  if (idempotencyKey && (await queries.selectBookingByIdempotencyKey(database.db, idempotencyKey))?.fingerprint === fingerprint) return;
  // The address may book again once enough of its bookings have left the hour: the (count − limit + 1)-th oldest.
  const lifting = await queries.selectPublicBookingTimeByEmailSince(database.db, email, since, count - limit);
  const retryAfterMs = lifting ? Date.parse(lifting) + 60 * MINUTE - now : 60 * MINUTE;
  throw bookingErrors.TOO_MANY_BOOKINGS_FOR_EMAIL().retryAfter(retryAfterMs / 1000);
}

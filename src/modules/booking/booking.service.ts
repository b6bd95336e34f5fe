import { DateTime } from 'luxon';
import { FIRST_YEAR, LAST_YEAR, localDateOf, parseOffsetDateTime } from '../../platform/time-zone.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { DB } from '../../db/schema.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, ValidationFailed, type FieldError } from '../../platform/http/errors.js';
import { adminPaths, paths } from '../../platform/http/paths.js';
import { toFieldErrors } from '../../platform/http/validation.js';
import { newId, randomCode, safeEqual, sha256Hex, sign } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { formatDuration } from '../../platform/i18n/format.js';
import { requiredFieldsOf, type CatalogService, type Service } from '../catalog/index.js';
import { extendCustomerRetention, recordBookingCustomer } from '../customers/index.js';
import { withdrawalStatement } from '../legal/index.js';
import type { OutboxService } from '../outbox/index.js';
import { busyWindow, computeSlots, countGridSlots, rangeInstants, toOffsetIso, type Slot } from './availability.js';
import { bookingErrors } from './booking.errors.js';
import { bookingCalendar } from './booking.ics.js';
import { bookingPlace } from './booking-place.js';
import { earlyPerformanceMissing, firstDayAfterWithdrawalPeriod, needsEarlyPerformanceRequest } from './booking-withdrawal.js';
import { cancellationMail, confirmationMail, movedMail, ownerNoticeMail, type MailContext } from './booking.mails.js';
import type { Booking, BookingEvent } from './booking.model.js';
import { agendaErrors } from './agenda.errors.js';
import { ownerCalendarFile } from './agenda.ics.js';
import * as queries from './booking.queries.js';
import { createSessionBookings } from './sessions.service.js';
import { aboveServiceMaximum, priceOfPlaces } from './quantity.js';
import { computeSessionSlots, sessionsAsBusyPeriods } from './session-slots.js';
import { bookingRequestSchema, bookingValidationTexts, customerCorrectionSchema, fieldError, finishCustomer, missingRequiredFields, slotsQuerySchema } from './booking.schemas.js';

export interface BookingDeps {
  database: Database;
  clock: Clock;
  catalog: CatalogService;
  outbox: OutboxService;
  business: BusinessProfile;
  secretKey: string;
  baseUrl: string;
  /** The versions in force now, recorded on each booking. */
  termsVersion: () => string;
  privacyNoticeVersion: () => string;
  /** Told after every change to the agenda (the page cache renders the slots again). */
  onChange?: () => void;
  /** Bookings a customer may make (form or API) with one e-mail address in a rolling hour; 0 or unset: no limit. */
  bookingsPerEmailPerHour?: number;
}

/** Longest range of the slots API and page, in days. */
export const MAX_RANGE_DAYS = 92;
/**
 * Most slots one request of the slots API may compute (the grid before bookings are counted).
 * The range a request may ask for then shrinks with the service's density: 92 days of a
 * 30-minute service open 12 hours a day (2,208 slots), 17 days of a 5-minute one open round the clock.
 */
export const MAX_SLOTS_PER_REQUEST = 5000;
const WITHDRAWAL_PERIOD_DAYS = 14;
/** Bookings made by customers themselves, which BOOKINGS_PER_EMAIL_PER_HOUR limits. */
const PUBLIC_SOURCES: ReadonlySet<string> = new Set(['web', 'api']);
const MINUTE = 60_000;
/**
 * The years an agenda can hold. Outside them an instant has no four-digit ISO form that
 * PostgreSQL reads ("+010000-…", "-000001-…", year 0), so it is refused before any query.
 */
const withinAgendaYears = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;

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
}

export type BookingService = ReturnType<typeof createBookingService>;

interface SlotOptions {
  includeUnavailable?: boolean;
  ignoreNoticeAndHorizon?: boolean;
  excludeBookingId?: string;
  /** The grid of opening hours and closures only; bookings are then counted inside the booking transaction. */
  withoutBookings?: boolean;
  /** Refuse (TooManySlots) rather than compute a grid of more slots than this. */
  maxSlots?: number;
}

/** The range asked for holds more slots than one request may compute; `maxDays` would fit. */
export class TooManySlots extends Error {
  constructor(readonly maxDays: number) {
    super(`too many slots: at most ${maxDays} days at a time`);
    this.name = 'TooManySlots';
  }
}

export function createBookingService(deps: BookingDeps) {
  const { database, clock, catalog, outbox, business } = deps;
  const agendaChanged = deps.onChange ?? (() => undefined);
  const zone = business.timezone;
  const domain = new URL(deps.baseUrl).hostname;

  // ── Availability ────────────────────────────────────────────────────────────

  /** Free slots of a service between two local dates (inclusive), with a constant number of queries. */
  async function slotsOf(service: Service, fromDate: string, toDate: string, options: SlotOptions = {}): Promise<Slot[]> {
    if (service.scheduling === 'sessions') return sessionSlotsOf(service, fromDate, toDate, options);
    const range = rangeInstants(fromDate, toDate, zone);
    const window = busyWindow(service, range);
    const fromIso = new Date(range.from).toISOString();
    const toIso = new Date(range.to).toISOString();
    const [openingHours, closures, sessions, busy] = await Promise.all([
      catalog.openingHours(),
      catalog.closuresBetween(fromIso, toIso),
      catalog.sessions.openOverlapping(fromIso, toIso),
      options.withoutBookings
        ? []
        : queries.selectBusyIntervals(database.db, new Date(window.from).toISOString(), new Date(window.to).toISOString(), options.excludeBookingId),
    ]);
    if (options.maxSlots !== undefined) {
      const grid = countGridSlots(service, openingHours, fromDate, toDate);
      // Seven days hold every weekday: the busiest one bounds the days that always fit.
      if (grid.total > options.maxSlots) throw new TooManySlots(Math.max(1, Math.floor(options.maxSlots / Math.max(1, grid.busiestDay))));
    }
    const blocked = [...closures, ...sessionsAsBusyPeriods(sessions, service.id)];
    return computeSlots({ service, openingHours, closures: blocked, busy, fromDate, toDate, zone, now: clock.now().getTime(), ...options });
  }

  /** The sessions of a session service as slots, places counted from their bookings. */
  async function sessionSlotsOf(service: Service, fromDate: string, toDate: string, options: SlotOptions): Promise<Slot[]> {
    const range = rangeInstants(fromDate, toDate, zone);
    const fromIso = new Date(range.from).toISOString();
    const toIso = new Date(range.to).toISOString();
    const sessions = await catalog.sessions.ofService(service.id, fromIso, toIso);
    const lastEnd = sessions.reduce((max, s) => (s.endsAt > max ? s.endsAt : max), toIso);
    const [closures, booked] = await Promise.all([
      catalog.closuresBetween(fromIso, lastEnd),
      options.withoutBookings ? new Map<string, number>() : queries.selectBookedPlaces(database.db, sessions.map((s) => s.id)),
    ]);
    if (options.excludeBookingId) {
      const excluded = await queries.selectBookingById(database.db, options.excludeBookingId);
      if (excluded?.sessionId && excluded.status === 'confirmed') booked.set(excluded.sessionId, (booked.get(excluded.sessionId) ?? 0) - excluded.quantity);
    }
    return computeSessionSlots({
      sessions,
      booked,
      closures,
      now: clock.now().getTime(),
      minNoticeMinutes: service.minNoticeMinutes,
      horizonDays: service.horizonDays,
      ...options,
    });
  }

  function parseRange(query: unknown, locale: Locale): { from: string; to: string } {
    const parsed = slotsQuerySchema.safeParse(query);
    if (!parsed.success) throw new ValidationFailed(toFieldErrors(parsed.error, locale, bookingValidationTexts));
    const { from, to } = parsed.data;
    const errors: FieldError[] = [];
    const fromDay = DateTime.fromISO(from, { zone });
    const toDay = DateTime.fromISO(to, { zone });
    if (!fromDay.isValid || !withinAgendaYears(fromDay.year)) errors.push(fieldError('from', 'date', locale));
    if (!toDay.isValid || !withinAgendaYears(toDay.year)) errors.push(fieldError('to', 'date', locale));
    if (errors.length === 0 && toDay < fromDay) {
      errors.push({ field: 'to', message: locale === 'fr' ? 'La date de fin doit être postérieure ou égale à la date de début.' : 'The end date must be on or after the start date.' });
    } else if (errors.length === 0 && toDay.diff(fromDay, 'days').days >= MAX_RANGE_DAYS) {
      errors.push({
        field: 'to',
        message: locale === 'fr' ? `Demandez au plus ${MAX_RANGE_DAYS}\u00a0jours à la fois.` : `Ask for at most ${MAX_RANGE_DAYS} days at a time.`,
      });
    }
    if (errors.length) throw new ValidationFailed(errors);
    return { from, to };
  }

  /** For the API: slots as ISO 8601 instants with the business's offset. */
  async function listSlots(slug: string, query: unknown, locale: Locale) {
    const service = await catalog.serviceBySlug(slug);
    const { from, to } = parseRange(query, locale);
    let slots: Slot[];
    try {
      slots = await slotsOf(service, from, to, { maxSlots: MAX_SLOTS_PER_REQUEST });
    } catch (error) {
      if (!(error instanceof TooManySlots)) throw error;
      const days = error.maxDays;
      throw new ValidationFailed([
        {
          field: 'to',
          message:
            locale === 'fr'
              ? `Cette prestation propose de nombreux créneaux par jour : demandez au plus ${days} jour${days > 1 ? 's' : ''} à la fois.`
              : `This service offers many slots a day: ask for at most ${days} day${days > 1 ? 's' : ''} at a time.`,
        },
      ]);
    }
    return slots.map((s) => ({ start: toOffsetIso(s.start, zone), end: toOffsetIso(s.end, zone), remaining: s.remaining }));
  }

  // ── Booking ─────────────────────────────────────────────────────────────────

  /** Reads "2026-12-01T09:00:00+01:00" (an offset or Z is required: a bare local time is ambiguous). */
  function parseStart(value: string, locale: Locale): number | FieldError {
    const instant = parseOffsetDateTime(value);
    if (instant === undefined || !withinAgendaYears(new Date(instant).getUTCFullYear())) {
      return {
        field: 'start',
        message:
          locale === 'fr'
            ? 'Indiquez l’horaire au format ISO 8601 avec son décalage, par exemple 2026-12-01T09:00:00+01:00.'
            : 'Give the time in ISO 8601 with its offset, e.g. 2026-12-01T09:00:00+01:00.',
      };
    }
    return instant;
  }

  function startError(key: 'past' | 'notice' | 'horizon' | 'notOffered', service: Service, locale: Locale): ValidationFailed {
    const fr = locale === 'fr';
    const messages = {
      past: fr ? 'Cet horaire est déjà passé. Choisissez-en un autre.' : 'This time has already passed. Please choose another.',
      notice: fr
        ? `Cette prestation se réserve au moins ${durationText(service.minNoticeMinutes, locale)} à l’avance. Choisissez un horaire plus tardif.`
        : `This service must be booked at least ${durationText(service.minNoticeMinutes, locale)} ahead. Please choose a later time.`,
      horizon: fr
        ? `Cette prestation se réserve au plus ${durationText(service.horizonDays * 24 * 60, locale)} à l’avance.`
        : `This service can be booked at most ${durationText(service.horizonDays * 24 * 60, locale)} ahead.`,
      notOffered: fr
        ? 'Cet horaire n’est pas proposé pour cette prestation. Choisissez l’un des créneaux affichés.'
        : 'This time is not offered for this service. Please choose one of the slots shown.',
    };
    return new ValidationFailed([{ field: 'start', message: messages[key] }]);
  }

  /**
   * Books a slot. Everything is checked before anything is written; then, in one
   * transaction that the database serialises against every other booking, the slot's
   * remaining places are counted and the booking and its mails are written together.
   */
  async function bookSlot(input: unknown, options: BookOptions): Promise<BookResult> {
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
    const finished = parsed.success ? finishCustomer(parsed.data.customer, locale) : undefined;
    errors.push(...(finished?.errors ?? []));
    if (!parsed.success || !finished || !service || typeof start !== 'number' || errors.length) throw new ValidationFailed(errors);
    const request = parsed.data;
    const { customer } = finished;

    const now = clock.now().getTime();
    const { owner } = options;
    if (start < now) throw startError('past', service, locale);
    if (!owner && start < now + service.minNoticeMinutes * MINUTE) throw startError('notice', service, locale);
    if (!owner && start > now + service.horizonDays * 24 * 60 * MINUTE) throw startError('horizon', service, locale);

    // Is it a slot of the grid (opening hours × step), and not closed? Catalog data need not be read in the transaction.
    const localDate = localDateOf(start, zone);
    const grid = await slotsOf(service, localDate, localDate, { includeUnavailable: true, withoutBookings: true, ignoreNoticeAndHorizon: Boolean(owner) });
    let gridSlot = grid.find((s) => s.start === start);
    if (owner && (!gridSlot || gridSlot.remaining <= 0)) {
      // Off the grid or during a closure: the owner may, once warned.
      if (!owner.force) throw bookingErrors.OUTSIDE_HOURS();
      gridSlot = { start, end: start + service.durationMinutes * MINUTE, remaining: service.capacity };
    }
    if (!gridSlot) throw startError('notOffered', service, locale);
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
      JSON.stringify([service.id, start, customer, bookingLocale, earlyPerformanceRequested, ...(owner ? [owner] : []), ...(quantity === 1 ? [] : [quantity])]),
    );
    // Customers booking themselves are limited; the owner (any other source) is not.
    if (PUBLIC_SOURCES.has(options.source)) await refuseTooManyBookingsFor(customer.email, options.idempotencyKey, fingerprint);

    for (let attempt = 1; ; attempt++) {
      try {
        const result = await inSerializableTransaction(database, async (trx) => {
          if (options.idempotencyKey) {
            const existing = await queries.selectBookingByIdempotencyKey(trx, options.idempotencyKey);
            if (existing) {
              if (existing.fingerprint !== fingerprint) throw bookingErrors.IDEMPOTENCY_KEY_REUSED();
              return { booking: existing.booking, replayed: true };
            }
          }
          const remaining = await placesLeft(trx, service, offered, { blockedFrom, blockedUntil });
          // The owner, once warned, may book a full slot or more places than are left.
          if (remaining <= 0 && !owner?.force) throw bookingErrors.SLOT_TAKEN();
          if (quantity > remaining && !owner?.force) throw bookingErrors.NOT_ENOUGH_PLACES();

          const createdAt = new Date(clock.now()).toISOString();
          const bookingId = newId();
          // The person behind the booking (customers module), found or created in this same transaction.
          // The customer record keeps the e-mail as typed; the booking's snapshot keeps it lower-cased.
          const customerId = await recordBookingCustomer(trx, {
            id: bookingId,
            details: { ...customer, email: request.customer.email },
            end: new Date(end).toISOString(),
            at: createdAt,
          });
          const booking: Booking = {
            id: bookingId,
            reference: `${randomCode(5)}-${randomCode(5)}`,
            serviceId: service.id,
            start: new Date(start).toISOString(),
            end: new Date(end).toISOString(),
            status: 'confirmed',
            customerId,
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
          };
          await queries.insertBooking(
            trx,
            queries.toBookingRow({
              ...booking,
              blockedFrom: new Date(blockedFrom).toISOString(),
              blockedUntil: new Date(blockedUntil).toISOString(),
              idempotencyKey: options.idempotencyKey ?? null,
              requestFingerprint: options.idempotencyKey ? fingerprint : null,
            }),
          );
          await queries.insertBookingEvent(trx, booking.id, { type: 'created', actor: owner ? 'owner' : 'customer', details: { source: options.source }, createdAt });
          const ctx = mailContext(booking, service);
          if (!owner || owner.notifyCustomer) await queueCustomerMail(trx, 'booking-confirmation', confirmationMail(ctx), booking, service, 0);
          // The owner needs no notice of a booking they took themselves.
          if (!owner) await outbox.enqueue(trx, { kind: 'booking-owner-notice', recipient: ownerEmail(), locale: 'fr', ...ownerNoticeMail(ctx, 'new'), attachments: [ownerAttachment(booking, service, 0)], bookingId: booking.id });
          return { booking, replayed: false };
        });
        if (!result.replayed) {
          outbox.wake();
          agendaChanged();
        }
        return { ...result, service };
      } catch (error) {
        // A duplicate reference (vanishingly rare) or a concurrent twin with the same idempotency key: run again.
        if (isUniqueViolation(error) && attempt < 3) continue;
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
  async function refuseTooManyBookingsFor(email: string, idempotencyKey: string | undefined, fingerprint: string): Promise<void> {
    const limit = deps.bookingsPerEmailPerHour ?? 0;
    if (limit <= 0) return;
    const since = new Date(clock.now().getTime() - 60 * MINUTE).toISOString();
    if ((await queries.countPublicBookingsByEmailSince(database.db, email, since)) < limit) return;
    if (idempotencyKey && (await queries.selectBookingByIdempotencyKey(database.db, idempotencyKey))?.fingerprint === fingerprint) return;
    throw bookingErrors.TOO_MANY_BOOKINGS_FOR_EMAIL();
  }

  /**
   * Places left in a slot, read inside the booking transaction: a session's places less those
   * booked in it (nothing when it was cancelled meanwhile), or what the busy intervals leave.
   */
  async function placesLeft(trx: Kysely<DB>, service: Service, gridSlot: Slot, busyRange: { blockedFrom: number; blockedUntil: number }, excludeBookingId?: string): Promise<number> {
    if (gridSlot.remaining <= 0) return 0;
    if (gridSlot.sessionId) {
      const session = await catalog.sessions.withinTransaction(trx).byId(gridSlot.sessionId);
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

  // ── Mail ────────────────────────────────────────────────────────────────────

  function ownerEmail(): string {
    return business.notificationEmail ?? business.email;
  }

  // A booking's mails, calendar file and API answer each need its link: sign once.
  const recentTokens = new Map<string, string>();
  function manageToken(reference: string): string {
    let token = recentTokens.get(reference);
    if (!token) {
      token = sign(deps.secretKey, `booking:${reference}`, 32);
      if (recentTokens.size >= 1000) recentTokens.delete(recentTokens.keys().next().value!);
      recentTokens.set(reference, token);
    }
    return token;
  }

  function manageUrl(booking: Pick<Booking, 'reference' | 'locale'>, locale: Locale = booking.locale): string {
    return `${deps.baseUrl}${paths.booking(locale, booking.reference, manageToken(booking.reference))}`;
  }

  function startsWithinWithdrawalPeriod(booking: Pick<Booking, 'start' | 'createdAt'>): boolean {
    return Date.parse(booking.start) < Date.parse(booking.createdAt) + WITHDRAWAL_PERIOD_DAYS * 24 * 60 * MINUTE;
  }

  function mailContext(booking: Booking, service: Service, extra: Partial<MailContext> = {}): MailContext {
    return {
      booking,
      service,
      business,
      manageUrl: manageUrl(booking),
      adminUrl: `${deps.baseUrl}${adminPaths.booking(booking.id)}`,
      withdrawal: withdrawalStatement(booking.withdrawalPolicy, booking.locale, { startsWithinWithdrawalPeriod: startsWithinWithdrawalPeriod(booking) }).text,
      ...extra,
    };
  }

  function calendarFile(booking: Booking, service: Service, sequence: number): string {
    const url = manageUrl(booking);
    const place = bookingPlace(booking, service, business, booking.locale);
    return bookingCalendar({
      booking,
      title: `${service.name[booking.locale]} · ${business.name}`,
      description: [`${booking.locale === 'fr' ? 'Référence' : 'Reference'} ${booking.reference}`, ...(place.kind === 'business' ? [] : [place.text]), url].join('\n'),
      location: place.location,
      url,
      domain,
      sequence,
      stamp: clock.now(),
      organizer: { name: business.name, email: business.email },
    });
  }

  /** The owner's calendar copy of the booking (the same event as in the owner's feed). */
  function ownerAttachment(booking: Booking, service: Service, sequence: number) {
    const adminUrl = `${deps.baseUrl}${adminPaths.booking(booking.id)}`;
    const content = ownerCalendarFile(booking, service, sequence, clock.now(), { business, domain, adminUrl });
    return { filename: `${booking.reference}.ics`, contentType: 'text/calendar; charset=utf-8', content };
  }

  async function queueCustomerMail(db: Kysely<DB>, kind: string, mail: { subject: string; text: string; html: string }, booking: Booking, service: Service, sequence: number) {
    await outbox.enqueue(db, {
      kind,
      recipient: booking.customer.email,
      locale: booking.locale,
      ...mail,
      attachments: [{ filename: `${booking.reference}.ics`, contentType: 'text/calendar; charset=utf-8', content: calendarFile(booking, service, sequence) }],
      bookingId: booking.id,
    });
  }

  // ── Changes ─────────────────────────────────────────────────────────────────

  /** Cancels a booking inside the caller's transaction (a whole session being cancelled) and queues the customer's mail. */
  async function cancelWithin(trx: Kysely<DB>, booking: Booking, service: Service, reason: string): Promise<boolean> {
    const at = clock.now().toISOString();
    if (!(await queries.markCancelled(trx, booking.id, { at, by: 'owner', reason }))) return false;
    await queries.insertBookingEvent(trx, booking.id, { type: 'cancelled', actor: 'owner', details: { reason }, createdAt: at });
    const sequence = await queries.countChangeEvents(trx, booking.id);
    const cancelled: Booking = { ...booking, status: 'cancelled', cancelledAt: at, cancelledBy: 'owner', cancellationReason: reason };
    await queueCustomerMail(trx, 'booking-cancelled', cancellationMail(mailContext(cancelled, service, { reason })), cancelled, service, sequence);
    return true;
  }

  const sessions = createSessionBookings({
    database,
    clock,
    catalog,
    outbox,
    business,
    baseUrl: deps.baseUrl,
    ownerEmail,
    cancelWithin,
    agendaChanged: () => agendaChanged(),
  });

  async function findForCustomer(reference: string, token: string): Promise<{ booking: Booking; service: Service }> {
    // The token is checked before the database is asked, so a guessed reference learns nothing, not even timing.
    if (!safeEqual(token, manageToken(reference))) throw bookingErrors.BOOKING_NOT_FOUND();
    const booking = await queries.selectBookingByReference(database.db, reference);
    if (!booking) throw bookingErrors.BOOKING_NOT_FOUND();
    return { booking, service: await catalog.serviceById(booking.serviceId) };
  }

  async function cancel(booking: Booking, by: 'customer' | 'owner', reason: string | null): Promise<Booking> {
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
      const sequence = await queries.countChangeEvents(trx, booking.id);
      const ctx = mailContext(cancelled, service, { reason });
      await queueCustomerMail(trx, 'booking-cancelled', cancellationMail(ctx), cancelled, service, sequence);
      if (by === 'customer') {
        await outbox.enqueue(trx, {
          kind: 'booking-owner-notice',
          recipient: ownerEmail(),
          locale: 'fr',
          ...ownerNoticeMail(ctx, 'cancelled'),
          attachments: [ownerAttachment(cancelled, service, sequence)],
          bookingId: booking.id,
        });
      }
      return cancelled;
    });
    outbox.wake();
    agendaChanged();
    return cancelled;
  }

  /**
   * The owner moves a booking to another start. The new slot must be open and free (the
   * booking's own place excepted); notice and horizon bind customers, not the owner.
   */
  async function moveByOwner(id: string, newStartValue: string, reason: string | null, locale: Locale): Promise<Booking> {
    const booking = await getById(id);
    if (booking.status === 'cancelled') throw bookingErrors.ALREADY_CANCELLED();
    const service = await catalog.serviceById(booking.serviceId);
    const start = parseStart(newStartValue, locale);
    if (typeof start !== 'number') throw new ValidationFailed([start]);
    if (start === Date.parse(booking.start)) throw agendaErrors.SAME_TIME();
    if (start < clock.now().getTime()) throw startError('past', service, locale);
    const localDate = localDateOf(start, zone);
    const grid = await slotsOf(service, localDate, localDate, { includeUnavailable: true, ignoreNoticeAndHorizon: true, withoutBookings: true });
    const gridSlot = grid.find((s) => s.start === start);
    if (!gridSlot) throw startError('notOffered', service, locale);

    const end = gridSlot.end;
    const blockedFrom = start - service.bufferBeforeMinutes * MINUTE;
    const blockedUntil = end + service.bufferAfterMinutes * MINUTE;
    const at = clock.now().toISOString();
    const moved: Booking = { ...booking, start: new Date(start).toISOString(), end: new Date(end).toISOString(), sessionId: gridSlot.sessionId ?? booking.sessionId };
    await inSerializableTransaction(database, async (trx) => {
      const remaining = await placesLeft(trx, service, gridSlot, { blockedFrom, blockedUntil }, id);
      if (remaining <= 0) throw bookingErrors.SLOT_TAKEN();
      if (booking.quantity > remaining) throw bookingErrors.NOT_ENOUGH_PLACES();
      const updated = await queries.updateTimes(trx, id, booking.start, {
        ...(gridSlot.sessionId ? { sessionId: gridSlot.sessionId } : {}),
        start: moved.start,
        end: moved.end,
        blockedFrom: new Date(blockedFrom).toISOString(),
        blockedUntil: new Date(blockedUntil).toISOString(),
        at,
      });
      // Cancelled or moved by someone else since it was read: tell the owner rather than overwrite.
      if (!updated) throw bookingErrors.BOOKING_CHANGED();
      if (booking.customerId) await extendCustomerRetention(trx, booking.customerId, moved.end);
      await queries.insertBookingEvent(trx, id, { type: 'moved', actor: 'owner', details: { from: booking.start, to: moved.start, ...(reason ? { reason } : {}) }, createdAt: at });
      const sequence = await queries.countChangeEvents(trx, id);
      await queueCustomerMail(trx, 'booking-moved', movedMail(mailContext(moved, service, { previousStart: booking.start, reason })), moved, service, sequence);
    });
    outbox.wake();
    agendaChanged();
    return moved;
  }

  async function getById(id: string): Promise<Booking> {
    const booking = await queries.selectBookingById(database.db, id);
    if (!booking) throw bookingErrors.BOOKING_NOT_FOUND();
    return booking;
  }

  /**
   * The owner corrects the customer's details given for a booking (a mistyped phone, say): the
   * booking's snapshot is replaced, the booking then belongs to the customer of that address
   * (found or created, their record updated), and the correction is in the booking's history.
   */
  async function correctCustomerDetails(id: string, input: unknown, editor: { id: string; email: string }, locale: Locale): Promise<Booking> {
    const booking = await getById(id);
    const service = await catalog.serviceById(booking.serviceId);
    const parsed = customerCorrectionSchema.safeParse({ customer: input });
    const errors: FieldError[] = parsed.success ? [] : toFieldErrors(parsed.error, locale, bookingValidationTexts);
    const reported = new Set(errors.map((e) => e.field));
    errors.push(...missingRequiredFields(input, service.requiredFields, locale).filter((e) => !reported.has(e.field)));
    const finished = parsed.success ? finishCustomer(parsed.data.customer, locale) : undefined;
    errors.push(...(finished?.errors ?? []));
    if (!parsed.success || !finished || errors.length) throw new ValidationFailed(errors);
    const customer = finished.customer;
    const changed = (Object.keys(customer) as (keyof typeof customer)[]).filter((k) => JSON.stringify(customer[k]) !== JSON.stringify(booking.customer[k]));
    if (changed.length === 0) return booking;
    const at = clock.now().toISOString();
    let customerId = booking.customerId;
    await inSerializableTransaction(database, async (trx) => {
      customerId = await recordBookingCustomer(trx, { id, details: { ...customer, email: parsed.data.customer.email }, end: booking.end, at, by: editor });
      await queries.updateCustomerSnapshot(trx, id, customerId, customer, at);
      await queries.insertBookingEvent(trx, id, { type: 'details', actor: 'owner', details: { fields: changed.join(', ') }, createdAt: at });
    });
    return { ...booking, customerId, customer };
  }

  async function slotAt(service: Service, startValue: string): Promise<Slot | undefined> {
    const start = parseStart(startValue, 'fr');
    if (typeof start !== 'number') return undefined;
    const localDate = localDateOf(start, zone);
    return (await slotsOf(service, localDate, localDate, { includeUnavailable: true })).find((s) => s.start === start);
  }

  /** Whether the details form may be shown for `startValue`: free, just taken, or not a slot at all. */
  async function slotState(service: Service, startValue: string): Promise<'free' | 'taken' | 'unavailable'> {
    const slot = await slotAt(service, startValue);
    if (!slot) return 'unavailable';
    return slot.remaining > 0 ? 'free' : 'taken';
  }

  /** Most places the form offers at `startValue`: the service's maximum per booking, or the places left if fewer (at least 1). */
  async function maxQuantityAt(service: Service, startValue: string): Promise<number> {
    if (service.maxPlacesPerBooking <= 1) return 1;
    const slot = await slotAt(service, startValue);
    return Math.max(1, Math.min(service.maxPlacesPerBooking, slot?.remaining ?? 1));
  }

  return {
    /** Group sessions: places booked, the owner's changes, decisions at decision time. */
    sessions,
    slotsOf,
    slotState,
    maxQuantityAt,
    slotStateMessage(state: 'taken' | 'unavailable', locale: Locale): string {
      if (state === 'taken') return bookingErrors.SLOT_TAKEN().messageIn(locale);
      return locale === 'fr'
        ? 'Cet horaire n’est pas ou plus proposé. Choisissez l’un des créneaux ci-dessous.'
        : 'This time is not or no longer offered. Please choose one of the slots below.';
    },
    termsVersion: deps.termsVersion,
    listSlots,
    parseRange,
    bookSlot,
    manageToken,
    manageUrl,
    findForCustomer,
    async cancelByCustomer(reference: string, token: string): Promise<Booking> {
      const { booking } = await findForCustomer(reference, token);
      return cancel(booking, 'customer', null);
    },
    async cancelByOwner(id: string, reason: string | null): Promise<Booking> {
      return cancel(await getById(id), 'owner', reason);
    },
    moveByOwner,
    correctCustomerDetails,
    getById,
    events: (id: string): Promise<BookingEvent[]> => queries.selectBookingEvents(database.db, id),
    /** Every booking of a customer, latest first. */
    ofCustomer: (customerId: string): Promise<Booking[]> => queries.selectBookingsOfCustomer(database.db, customerId),
    /** Bookings starting between two instants, with their services. */
    startingBetween: (fromIso: string, toIso: string) => queries.selectBookingsStartingBetween(database.db, fromIso, toIso),
    async calendarFor(booking: Booking, service: Service): Promise<string> {
      return calendarFile(booking, service, await queries.countChangeEvents(database.db, booking.id));
    },
    /** The statement that applies to a booking made: the policy it recorded, its period counted from its creation. */
    withdrawalOf(booking: Booking, locale: Locale) {
      return withdrawalStatement(booking.withdrawalPolicy, locale, { startsWithinWithdrawalPeriod: startsWithinWithdrawalPeriod(booking) });
    },
    withdrawalFor(service: Service, startIso: string, locale: Locale) {
      return withdrawalStatement(service.withdrawalPolicy, locale, {
        startsWithinWithdrawalPeriod: startsWithinWithdrawalPeriod({ start: startIso, createdAt: clock.now().toISOString() }),
      });
    },
  };
}

/** "2 heures", "1 jour", "1 h 30" (with non-breaking spaces): a notice or a horizon, in whole days or hours when it is one. */
function durationText(minutes: number, locale: Locale): string {
  if (minutes % (24 * 60) === 0) {
    const days = minutes / (24 * 60);
    return locale === 'fr' ? `${days}\u00a0jour${days > 1 ? 's' : ''}` : `${days} day${days > 1 ? 's' : ''}`;
  }
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return locale === 'fr' ? `${hours}\u00a0heure${hours > 1 ? 's' : ''}` : `${hours} hour${hours > 1 ? 's' : ''}`;
  }
  return formatDuration(minutes, locale);
}

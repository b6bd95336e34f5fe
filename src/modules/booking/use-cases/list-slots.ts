import { DateTime } from 'luxon';
import { ValidationFailed, type FieldError } from '../../../platform/http/errors.js';
import { toFieldErrors } from '../../../platform/http/validation.js';
import type { Locale } from '../../../platform/i18n/locale.js';
import { localDateOf } from '../../../platform/time-zone.js';
import type { Service } from '../../catalog/index.js';
import { busyWindow, computeSlots, countGridSlots, rangeInstants, toOffsetIso, type Slot } from '../availability.js';
import { bookingErrors, bookingFieldMessages, bookingTexts } from '../booking.errors.js';
import * as queries from '../booking.queries.js';
import { bookingValidationTexts, fieldError, slotsQuerySchema } from '../booking.schemas.js';
import { computeSessionSlots, sessionsAsBusyPeriods } from '../session-slots.js';
import { withinAgendaYears, type BookingContext } from './context.js';
import { parseStart } from './start-time.js';

/** Longest range of the slots API and page, in days. */
export const MAX_RANGE_DAYS = 92;
/**
 * Most slots one request of the slots API may compute (the grid before bookings are counted).
 * The range a request may ask for then shrinks with the service's density: 92 days of a
 * 30-minute service open 12 hours a day (2,208 slots), 17 days of a 5-minute one open round the clock.
 */
export const MAX_SLOTS_PER_REQUEST = 5000;

export interface SlotOptions {
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

/** Free slots of a service between two local dates (inclusive), with a constant number of queries. */
export async function slotsOf(ctx: BookingContext, service: Service, fromDate: string, toDate: string, options: SlotOptions = {}): Promise<Slot[]> {
  if (service.scheduling === 'sessions') return sessionSlotsOf(ctx, service, fromDate, toDate, options);
  const { catalog, database, zone } = ctx;
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
  return computeSlots({ service, openingHours, closures: blocked, busy, fromDate, toDate, zone, now: ctx.clock.now().getTime(), ...options });
}

/** The sessions of a session service as slots, places counted from their bookings. */
async function sessionSlotsOf(ctx: BookingContext, service: Service, fromDate: string, toDate: string, options: SlotOptions): Promise<Slot[]> {
  const { catalog, database } = ctx;
  const range = rangeInstants(fromDate, toDate, ctx.zone);
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
    now: ctx.clock.now().getTime(),
    minNoticeMinutes: service.minNoticeMinutes,
    horizonDays: service.horizonDays,
    ...options,
  });
}

/** Reads ?from=&to= of the slots API and page: two local dates, in order, at most MAX_RANGE_DAYS apart. */
export function parseRange(ctx: BookingContext, query: unknown, locale: Locale): { from: string; to: string } {
  const parsed = slotsQuerySchema.safeParse(query);
  if (!parsed.success) throw new ValidationFailed(toFieldErrors(parsed.error, locale, bookingValidationTexts));
  const { from, to } = parsed.data;
  const errors: FieldError[] = [];
  const fromDay = DateTime.fromISO(from, { zone: ctx.zone });
  const toDay = DateTime.fromISO(to, { zone: ctx.zone });
  if (!fromDay.isValid || !withinAgendaYears(fromDay.year)) errors.push(fieldError('from', 'date', locale));
  if (!toDay.isValid || !withinAgendaYears(toDay.year)) errors.push(fieldError('to', 'date', locale));
  if (errors.length === 0 && toDay < fromDay) {
    errors.push(bookingFieldMessages.END_BEFORE_START(locale));
  } else if (errors.length === 0 && toDay.diff(fromDay, 'days').days >= MAX_RANGE_DAYS) {
    errors.push(bookingFieldMessages.RANGE_TOO_LONG(locale, { maxDays: MAX_RANGE_DAYS }));
  }
  if (errors.length) throw new ValidationFailed(errors);
  return { from, to };
}

/** For the API: slots as ISO 8601 instants with the business's offset. */
export async function listSlots(ctx: BookingContext, slug: string, query: unknown, locale: Locale) {
  const service = await ctx.catalog.serviceBySlug(slug);
  const { from, to } = parseRange(ctx, query, locale);
  let slots: Slot[];
  try {
    slots = await slotsOf(ctx, service, from, to, { maxSlots: MAX_SLOTS_PER_REQUEST });
  } catch (error) {
    if (!(error instanceof TooManySlots)) throw error;
    throw new ValidationFailed([bookingFieldMessages.TOO_MANY_SLOTS(locale, { maxDays: error.maxDays })]);
  }
  return slots.map((s) => ({ start: toOffsetIso(s.start, ctx.zone), end: toOffsetIso(s.end, ctx.zone), remaining: s.remaining }));
}

async function slotAt(ctx: BookingContext, service: Service, startValue: string): Promise<Slot | undefined> {
  const start = parseStart(startValue, 'fr');
  if (typeof start !== 'number') return undefined;
  const localDate = localDateOf(start, ctx.zone);
  return (await slotsOf(ctx, service, localDate, localDate, { includeUnavailable: true })).find((s) => s.start === start);
}

/** Whether the details form may be shown for `startValue`: free, just taken, or not a slot at all. */
export async function slotState(ctx: BookingContext, service: Service, startValue: string): Promise<'free' | 'taken' | 'unavailable'> {
  const slot = await slotAt(ctx, service, startValue);
  if (!slot) return 'unavailable';
  return slot.remaining > 0 ? 'free' : 'taken';
}

/** The service page's notice for a slot that is not free. */
export function slotStateMessage(state: 'taken' | 'unavailable', locale: Locale): string {
  if (state === 'taken') return bookingErrors.SLOT_TAKEN().messageIn(locale);
  return bookingTexts.SLOT_NOT_OFFERED(locale);
}

/** Most places the form offers at `startValue`: the service's maximum per booking, or the places left if fewer (at least 1). */
export async function maxQuantityAt(ctx: BookingContext, service: Service, startValue: string): Promise<number> {
  if (service.maxPlacesPerBooking <= 1) return 1;
  const slot = await slotAt(ctx, service, startValue);
  return Math.max(1, Math.min(service.maxPlacesPerBooking, slot?.remaining ?? 1));
}

import type { Database } from '../../db/database.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import { nobodyRestricted, type RestrictedTest } from '../../platform/personal-data.js';
import { adminPaths, paths } from '../../platform/http/paths.js';
import { safeEqual, sign } from '../../platform/ids.js';
import { addDays, calendarDate, isCalendarDate, localDateOf, localTimeToInstant } from '../../platform/time-zone.js';
import type { CatalogService, Closure, Service } from '../catalog/index.js';
import { buildAgendaGrid, type AgendaEntry, type AgendaGrid } from './agenda.js';
import { agendaErrors } from './agenda.errors.js';
import { ownerCalendarFile, ownerEvent, ownerFeed, type OwnerEventContext } from './agenda.ics.js';
import * as queries from './agenda.queries.js';
import type { Attendance, Booking } from './booking.model.js';
import { bookingPlace } from './booking.place.js';
import { markAttendance } from './use-cases/owner-booking.js';

export interface AgendaDeps {
  database: Database;
  clock: Clock;
  catalog: CatalogService;
  /** The profile in force (read at each use: the owner may edit it). */
  business: () => BusinessProfile;
  secretKey: string;
  baseUrl: string;
  onChange?: () => void;
  /** Whose processing is restricted (GDPR art. 18; restrictions module, wired in app.ts): their bookings leave in the feed without them. */
  restrictedTest?: RestrictedTest;
}

export type AgendaView = 'jour' | 'semaine';
/** How far back the owner's feed goes: last month's bookings stay in the calendar. */
export const FEED_PAST_DAYS = 30;
const DAY = 86_400_000;

export type AgendaService = ReturnType<typeof createAgendaService>;

/** The owner's side of the agenda: the grid of a day or a week, what comes next, the calendar feed, attendance. */
export function createAgendaService(deps: AgendaDeps) {
  const { database, clock, catalog, business } = deps;
  const restrictedTest = deps.restrictedTest ?? nobodyRestricted;
  const zone = business().timezone;
  const domain = new URL(deps.baseUrl).hostname;
  const eventContext = (booking: Booking): OwnerEventContext => ({ business: business(), domain, adminUrl: `${deps.baseUrl}${adminPaths.booking(booking.id)}` });

  const today = () => localDateOf(clock.now().getTime(), zone);
  const midnight = (date: string) => {
    const { year, month, day } = calendarDate(date);
    return new Date(localTimeToInstant(zone, year, month, day)).toISOString();
  };

  /** Reads ?date=&vue= : undefined or '' mean today and the day view; anything else wrong is an AppError. */
  function parseQuery(query: { date?: unknown; vue?: unknown }): { date: string; view: AgendaView } {
    const { date, vue } = query;
    if (vue !== undefined && vue !== '' && vue !== 'jour' && vue !== 'semaine') throw agendaErrors.BAD_AGENDA_VIEW();
    if (date !== undefined && date !== '' && (typeof date !== 'string' || !isCalendarDate(date))) throw agendaErrors.BAD_AGENDA_DATE();
    return { date: typeof date === 'string' && date !== '' ? date : today(), view: vue === 'semaine' ? 'semaine' : 'jour' };
  }

  /** The days a view shows: the day, or its week from Monday. */
  function daysOf(date: string, view: AgendaView): string[] {
    if (view === 'jour') return [date];
    const monday = addDays(date, 1 - calendarDate(date).weekday);
    return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  }

  function entriesOf(bookings: Booking[], services: Map<string, Service>): AgendaEntry[] {
    return bookings.map((booking) => {
      const service = services.get(booking.serviceId);
      return { booking, service, place: bookingPlace(booking, service ?? { id: booking.serviceId }, business()) };
    });
  }

  async function serviceMap(): Promise<Map<string, Service>> {
    return new Map((await catalog.listServices({ activeOnly: false })).map((s) => [s.id, s]));
  }

  /** Five queries, whatever the number of bookings: bookings, services, opening hours, closures, sessions. */
  async function grid(dates: string[]): Promise<AgendaGrid> {
    const from = midnight(dates[0]!);
    const to = midnight(addDays(dates.at(-1)!, 1));
    const [bookings, services, openingHours, closures, sessions] = await Promise.all([
      queries.selectConfirmedStartingBetween(database.db, from, to),
      serviceMap(),
      catalog.openingHours(),
      catalog.closuresBetween(from, to),
      catalog.sessions.openOverlapping(from, to),
    ]);
    return buildAgendaGrid({
      dates,
      today: today(),
      zone,
      openingHours,
      closures,
      entries: entriesOf(bookings, services),
      sessions: sessions.map((session) => ({ session, service: services.get(session.serviceId) })),
    });
  }

  // ── The owner's calendar feed ───────────────────────────────────────────────

  const feedToken = (generation: number) => sign(deps.secretKey, `owner-calendar-feed:${generation}`, 43);

  async function feedUrl(): Promise<string> {
    return `${deps.baseUrl}${paths.ownerCalendarFeed(feedToken(await queries.selectFeedGeneration(database.db)))}`;
  }

  /**
   * The feed: every confirmed booking from FEED_PAST_DAYS ago on. A cancelled booking leaves
   * the feed (calendar apps that subscribe drop an event that is no longer there; not all of
   * them honour STATUS:CANCELLED); a moved one keeps its UID with a higher SEQUENCE. The feed
   * is fetched by the owner's calendar provider: a restricted person's booking is the service
   * and the time only (GDPR art. 18), and gets its details back once the restriction is lifted.
   */
  async function feed(token: string): Promise<string> {
    if (!safeEqual(token, feedToken(await queries.selectFeedGeneration(database.db)))) throw agendaErrors.FEED_NOT_FOUND();
    const from = new Date(clock.now().getTime() - FEED_PAST_DAYS * DAY).toISOString();
    const [bookings, changes, updated, services, restricted] = await Promise.all([
      queries.selectConfirmedStartingBetween(database.db, from, '9999-12-31T00:00:00.000Z'),
      queries.selectChangeCountsSince(database.db, from),
      queries.selectUpdatedAtSince(database.db, from),
      serviceMap(),
      restrictedTest(),
    ]);
    const events = bookings.map((b) => {
      const withheld = restricted({ email: b.customer.email, customerId: b.customerId });
      return ownerEvent(b, services.get(b.serviceId), changes.get(b.id) ?? 0, new Date(updated.get(b.id) ?? b.createdAt), eventContext(b), withheld);
    });
    return ownerFeed(events, business());
  }

  return {
    parseQuery,
    daysOf,
    today,
    grid,
    /** The next `limit` bookings from now on. */
    async upcoming(limit: number): Promise<AgendaEntry[]> {
      const [bookings, services] = await Promise.all([queries.selectNextConfirmed(database.db, clock.now().toISOString(), limit), serviceMap()]);
      return entriesOf(bookings, services);
    },
    /** Confirmed bookings a closure covers (their own time overlaps it). */
    async coveredBy(closure: Closure): Promise<AgendaEntry[]> {
      const [bookings, services] = await Promise.all([queries.selectConfirmedOverlapping(database.db, closure.startsAt, closure.endsAt), serviceMap()]);
      return entriesOf(bookings, services);
    },
    feedUrl,
    feed,
    /** A new address for the feed; the old one answers 404 from now on. */
    async renewFeed(): Promise<string> {
      await inSerializableTransaction(database, (trx) => queries.bumpFeedGeneration(trx, clock.now().toISOString()));
      return feedUrl();
    },
    ownerCalendarFile: (booking: Booking, service: Service, sequence: number) => ownerCalendarFile(booking, service, sequence, clock.now(), eventContext(booking)),
    /** The owner records that a booking whose start is past took place, or that the customer did not come. */
    markAttendance: (id: string, value: unknown): Promise<Attendance> => markAttendance({ database, clock, agendaChanged: () => deps.onChange?.() }, id, value),
  };
}

import { addDays, calendarDate, localTimeToInstant, offsetAt } from '../../platform/time-zone.js';
import type { Closure, OpeningInterval, Service, Session } from '../catalog/index.js';
import type { Booking } from './booking.model.js';
import type { PaymentStatus } from '../payments/index.js';

/**
 * The owner's agenda as a grid: rows of ROW_MINUTES down (local time), one column per day.
 * Pure: the service reads the bookings, services, opening hours, closures and sessions (five
 * queries for any range) and this lays them out.
 */
export const ROW_MINUTES = 15;
const MINUTE = 60_000;
const DEFAULT_HOURS = { from: 8, to: 18 };

export interface AgendaEntry {
  booking: Booking;
  service: Service | undefined;
  /** Where it happens, as the booking's mails say. */
  place: string;
  /** Paid, partly paid or unpaid (payments module), filled in by the back-office route. */
  payment?: PaymentStatus;
}

/**
 * Bookings of one service at one start: one entry for a service of capacity 1, several for a
 * group; a scheduled session shows even before anyone books it (it keeps the owner busy).
 */
export interface AgendaGroup {
  start: string;
  end: string;
  service: Service | undefined;
  /** Places offered: the session's, else the service's capacity (1 when the service is gone). */
  capacity: number;
  /** Places the bookings take (a booking may take several). */
  placesTaken: number;
  sessionId?: string;
  entries: AgendaEntry[];
}

/** A scheduled (not cancelled) session and its service. */
export interface AgendaSession {
  session: Session;
  service: Service | undefined;
}

export type AgendaCell =
  | { kind: 'bookings'; row: number; rowSpan: number; groups: AgendaGroup[] }
  | { kind: 'open' | 'closed' | 'closure'; row: number; rowSpan: number; from: string; to: string; closure?: Closure };

export interface AgendaDay {
  date: string;
  isToday: boolean;
  opening: OpeningInterval[];
  closures: Closure[];
  groups: AgendaGroup[];
  /** Cells by the row they start at. */
  cells: Map<number, AgendaCell>;
}

export interface AgendaGrid {
  days: AgendaDay[];
  /** "HH:MM" of each row. */
  rows: string[];
}

export interface AgendaInput {
  dates: string[];
  today: string;
  zone: string;
  openingHours: OpeningInterval[];
  closures: Closure[];
  entries: AgendaEntry[];
  sessions: AgendaSession[];
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Minutes since the local midnight of `date` (may exceed 1440 for an instant on a later day). */
function localMinutes(instant: number, date: string, zone: string): number {
  const { year, month, day } = calendarDate(date);
  const wallClock = instant + offsetAt(zone, instant) * MINUTE;
  return Math.round((wallClock - Date.UTC(year, month - 1, day)) / MINUTE);
}

export function buildAgendaGrid(input: AgendaInput): AgendaGrid {
  const { zone } = input;
  const dateOf = (instant: number) =>
    input.dates.find((d) => {
      const m = localMinutes(instant, d, zone);
      return m >= 0 && m < 24 * 60;
    });
  const byDate = new Map<string, AgendaEntry[]>(input.dates.map((d) => [d, []]));
  for (const entry of input.entries) {
    const date = dateOf(Date.parse(entry.booking.start));
    if (date) byDate.get(date)!.push(entry);
  }
  const sessionsByDate = new Map<string, AgendaSession[]>(input.dates.map((d) => [d, []]));
  for (const item of input.sessions) {
    const date = dateOf(Date.parse(item.session.startsAt));
    if (date) sessionsByDate.get(date)!.push(item);
  }

  // The hours shown: every opening of the days shown and every booking, whole hours.
  let first = Infinity;
  let last = -Infinity;
  const weekdays = new Set(input.dates.map((d) => calendarDate(d).weekday));
  for (const o of input.openingHours) {
    if (!weekdays.has(o.weekday)) continue;
    first = Math.min(first, minutesOf(o.opensAt));
    last = Math.max(last, minutesOf(o.closesAt));
  }
  const stretchTo = (date: string, start: string, end: string) => {
    first = Math.min(first, localMinutes(Date.parse(start), date, zone));
    last = Math.max(last, Math.min(24 * 60, localMinutes(Date.parse(end), date, zone)));
  };
  for (const [date, entries] of byDate) for (const e of entries) stretchTo(date, e.booking.start, e.booking.end);
  for (const [date, sessions] of sessionsByDate) for (const { session } of sessions) stretchTo(date, session.startsAt, session.endsAt);
  if (!Number.isFinite(first)) [first, last] = [DEFAULT_HOURS.from * 60, DEFAULT_HOURS.to * 60];
  const fromMinute = Math.floor(first / 60) * 60;
  const toMinute = Math.min(24 * 60, Math.ceil(last / 60) * 60);
  const rowCount = Math.max(1, (toMinute - fromMinute) / ROW_MINUTES);
  const rows = Array.from({ length: rowCount }, (_, i) => hhmm(fromMinute + i * ROW_MINUTES));

  const days = input.dates.map((date): AgendaDay => {
    const { year, month, day, weekday } = calendarDate(date);
    const at = (minute: number) => localTimeToInstant(zone, year, month, day, Math.floor(minute / 60), minute % 60);
    const dayStart = at(0);
    const next = calendarDate(addDays(date, 1));
    const dayEnd = localTimeToInstant(zone, next.year, next.month, next.day);
    const opening = input.openingHours.filter((o) => o.weekday === weekday).sort((a, b) => a.opensAt.localeCompare(b.opensAt));
    const closures = input.closures.filter((c) => Date.parse(c.startsAt) < dayEnd && Date.parse(c.endsAt) > dayStart);

    // Groups: same service, same start. Bookings never overlap otherwise (one agenda), but
    // clusters are merged anyway so that a cell always holds whatever shares its rows.
    const groups: AgendaGroup[] = sessionsByDate.get(date)!.map(({ session, service }) => ({
      start: session.startsAt,
      end: session.endsAt,
      service,
      capacity: session.places,
      placesTaken: 0,
      sessionId: session.id,
      entries: [],
    }));
    for (const entry of byDate.get(date)!) {
      const { booking } = entry;
      const group = groups.find((g) => (booking.sessionId ? g.sessionId === booking.sessionId : g.start === booking.start && g.service?.id === booking.serviceId));
      if (group) {
        group.entries.push(entry);
        group.placesTaken += booking.quantity;
      } else {
        groups.push({ start: booking.start, end: booking.end, service: entry.service, capacity: entry.service?.capacity ?? 1, placesTaken: booking.quantity, entries: [entry] });
      }
    }
    groups.sort((a, b) => a.start.localeCompare(b.start));
    for (const g of groups) g.end = g.entries.reduce((end, e) => (e.booking.end > end ? e.booking.end : end), g.end);
    const rowOf = (instant: number) => (localMinutes(instant, date, zone) - fromMinute) / ROW_MINUTES;
    const clusters: { from: number; to: number; groups: AgendaGroup[] }[] = [];
    for (const g of groups) {
      const from = Math.max(0, Math.min(rowCount - 1, Math.floor(rowOf(Date.parse(g.start)))));
      const to = Math.max(from + 1, Math.min(rowCount, Math.ceil(rowOf(Date.parse(g.end)))));
      const last = clusters.at(-1);
      if (last && from < last.to) {
        last.to = Math.max(last.to, to);
        last.groups.push(g);
      } else clusters.push({ from, to, groups: [g] });
    }

    const stateOf = (row: number): { kind: 'open' | 'closed' | 'closure'; closure?: Closure } => {
      const minute = fromMinute + row * ROW_MINUTES;
      const rowStart = at(minute);
      const rowEnd = at(minute + ROW_MINUTES);
      const closure = closures.find((c) => Date.parse(c.startsAt) < rowEnd && Date.parse(c.endsAt) > rowStart);
      if (closure) return { kind: 'closure', closure };
      const open = opening.some((o) => minutesOf(o.opensAt) < minute + ROW_MINUTES && minutesOf(o.closesAt) > minute);
      return { kind: open ? 'open' : 'closed' };
    };

    const cells = new Map<number, AgendaCell>();
    let row = 0;
    let cluster = 0;
    while (row < rowCount) {
      const upcoming = clusters[cluster];
      if (upcoming && upcoming.from === row) {
        cells.set(row, { kind: 'bookings', row, rowSpan: upcoming.to - upcoming.from, groups: upcoming.groups });
        row = upcoming.to;
        cluster++;
        continue;
      }
      const state = stateOf(row);
      let end = row + 1;
      while (end < rowCount && (!upcoming || end < upcoming.from)) {
        const s = stateOf(end);
        if (s.kind !== state.kind || s.closure?.id !== state.closure?.id) break;
        end++;
      }
      cells.set(row, {
        kind: state.kind,
        row,
        rowSpan: end - row,
        from: hhmm(fromMinute + row * ROW_MINUTES),
        to: hhmm(fromMinute + end * ROW_MINUTES),
        ...(state.closure ? { closure: state.closure } : {}),
      });
      row = end;
    }
    return { date, isToday: date === input.today, opening, closures, groups, cells };
  });
  return { days, rows };
}

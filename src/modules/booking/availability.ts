import { addDays, calendarDate, localTimeToInstant } from '../../platform/time-zone.js';

export { toOffsetIso } from '../../platform/time-zone.js';

/**
 * Free slots of one service, computed in memory from what four queries returned:
 * the service, the weekly opening hours, the closures and the busy intervals of the range.
 *
 * The agenda is one person's: a slot is free when its busy interval (the service time
 * widened by the service's buffers) overlaps no other booking's busy interval, except
 * bookings of the same service at the same start, which share the slot up to its capacity
 * (counted in places: a booking of 3 places takes 3).
 * Opening hours are local wall-clock times; slots are stepped in real minutes from each
 * opening instant, so days when clocks change have neither doubled nor missing slots.
 */
export interface AvailabilityService {
  id: string;
  durationMinutes: number;
  capacity: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  slotStepMinutes: number | null;
}

export interface WeeklyInterval {
  weekday: number;
  opensAt: string;
  closesAt: string;
}

/** A confirmed booking as the agenda sees it; instants in epoch milliseconds. */
export interface BusyInterval {
  serviceId: string;
  start: number;
  blockedFrom: number;
  blockedUntil: number;
  /** Places the booking takes. */
  quantity: number;
}

export interface Slot {
  start: number;
  end: number;
  /** Places left; 0 when the slot is full or overlaps another booking or a closure. */
  remaining: number;
  /** The group session this slot is, for a session service. */
  sessionId?: string;
}

export interface AvailabilityInput {
  service: AvailabilityService;
  openingHours: WeeklyInterval[];
  closures: { startsAt: string; endsAt: string }[];
  busy: BusyInterval[];
  /** Local calendar dates, inclusive. */
  fromDate: string;
  toDate: string;
  zone: string;
  now: number;
  /** Ignore minimum notice and horizon (the owner moving a booking may place it anywhere open). */
  ignoreNoticeAndHorizon?: boolean;
  /** Keep slots with no place left (remaining 0), to tell "taken" from "never offered". */
  includeUnavailable?: boolean;
}

const MINUTE = 60_000;

/** [start of fromDate, start of the day after toDate) as instants in the business's zone. */
export function rangeInstants(fromDate: string, toDate: string, zone: string): { from: number; to: number } {
  const first = calendarDate(fromDate);
  const last = calendarDate(addDays(toDate, 1));
  return {
    from: localTimeToInstant(zone, first.year, first.month, first.day),
    to: localTimeToInstant(zone, last.year, last.month, last.day),
  };
}

/** The instants between which busy intervals can matter for slots of `service` in [from, to). */
export function busyWindow(service: AvailabilityService, range: { from: number; to: number }): { from: number; to: number } {
  return {
    from: range.from - service.bufferBeforeMinutes * MINUTE,
    to: range.to + (service.durationMinutes + service.bufferAfterMinutes) * MINUTE,
  };
}

export function computeSlots(input: AvailabilityInput): Slot[] {
  const { service, zone, now } = input;
  const duration = service.durationMinutes * MINUTE;
  const step = (service.slotStepMinutes ?? service.durationMinutes) * MINUTE;
  const before = service.bufferBeforeMinutes * MINUTE;
  const after = service.bufferAfterMinutes * MINUTE;
  const earliest = input.ignoreNoticeAndHorizon ? -Infinity : now + service.minNoticeMinutes * MINUTE;
  const latest = input.ignoreNoticeAndHorizon ? Infinity : now + service.horizonDays * 24 * 60 * MINUTE;

  const byWeekday = groupByWeekday(input.openingHours);
  const closures = input.closures.map((c) => ({ from: Date.parse(c.startsAt), to: Date.parse(c.endsAt) })).sort((a, b) => a.from - b.from);
  const busy = [...input.busy].sort((a, b) => a.blockedFrom - b.blockedFrom);

  const slots: Slot[] = [];
  // Sweep: `active` holds the busy intervals that may overlap the current slot; slots come in increasing time.
  let nextBusy = 0;
  let active: BusyInterval[] = [];
  let nextClosure = 0;

  for (let date = input.fromDate; date <= input.toDate; date = addDays(date, 1)) {
    const day = calendarDate(date);
    for (const interval of byWeekday.get(day.weekday) ?? []) {
      const opens = atLocalTime(zone, day, interval.opens);
      const closes = atLocalTime(zone, day, interval.closes);
      for (let start = opens; start + duration <= closes; start += step) {
        if (start < earliest || start > latest) continue;
        const end = start + duration;
        const blockedFrom = start - before;
        const blockedUntil = end + after;

        while (nextBusy < busy.length && busy[nextBusy]!.blockedFrom < blockedUntil) active.push(busy[nextBusy++]!);
        if (active.length > 0) active = active.filter((b) => b.blockedUntil > blockedFrom);

        while (nextClosure < closures.length && closures[nextClosure]!.to <= start) nextClosure++;
        let closed = false;
        for (let i = nextClosure; i < closures.length && closures[i]!.from < end && !closed; i++) closed = closures[i]!.to > start;

        let remaining = closed ? 0 : service.capacity;
        for (const booking of active) {
          if (remaining === 0) break;
          if (booking.blockedFrom >= blockedUntil) continue;
          remaining = booking.serviceId === service.id && booking.start === start ? remaining - booking.quantity : 0;
        }
        if (remaining > 0 || input.includeUnavailable) slots.push({ start, end, remaining: Math.max(0, remaining) });
      }
    }
  }
  return slots;
}

/**
 * How many slots the grid holds between two local dates (inclusive), before any booking or
 * closure is looked at: the work computeSlots does. Counted from the weekly opening hours
 * alone (a day when clocks change may differ by an hour's worth), without building any slot.
 */
export function countGridSlots(service: Pick<AvailabilityService, 'durationMinutes' | 'slotStepMinutes'>, openingHours: WeeklyInterval[], fromDate: string, toDate: string): { total: number; busiestDay: number } {
  const step = service.slotStepMinutes ?? service.durationMinutes;
  const perWeekday = new Map<number, number>();
  for (const interval of openingHours) {
    const opens = minutesOf(hoursAndMinutes(interval.opensAt));
    const closes = minutesOf(hoursAndMinutes(interval.closesAt));
    const fitting = closes - opens - service.durationMinutes;
    if (fitting >= 0) perWeekday.set(interval.weekday, (perWeekday.get(interval.weekday) ?? 0) + Math.floor(fitting / step) + 1);
  }
  let total = 0;
  for (let date = fromDate; date <= toDate; date = addDays(date, 1)) total += perWeekday.get(calendarDate(date).weekday) ?? 0;
  return { total, busiestDay: Math.max(0, ...perWeekday.values()) };
}

const minutesOf = (time: { hour: number; minute: number }) => time.hour * 60 + time.minute;

interface ParsedInterval {
  opens: { hour: number; minute: number };
  closes: { hour: number; minute: number };
}

function groupByWeekday(intervals: WeeklyInterval[]): Map<number, ParsedInterval[]> {
  const map = new Map<number, ParsedInterval[]>();
  for (const interval of [...intervals].sort((a, b) => a.opensAt.localeCompare(b.opensAt))) {
    map.set(interval.weekday, [...(map.get(interval.weekday) ?? []), { opens: hoursAndMinutes(interval.opensAt), closes: hoursAndMinutes(interval.closesAt) }]);
  }
  return map;
}

function hoursAndMinutes(hhmm: string): { hour: number; minute: number } {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  return { hour, minute };
}

/** The instant of a local wall-clock time on `day`; "24:00" is the next midnight. */
function atLocalTime(zone: string, day: { year: number; month: number; day: number }, time: { hour: number; minute: number }): number {
  return localTimeToInstant(zone, day.year, day.month, day.day, time.hour, time.minute);
}

/**
 * Local wall-clock time ↔ instants in an IANA time zone, fast enough for computing
 * thousands of slots per request. Luxon does the same, but each of its conversions asks
 * Intl again; here offsets come from one cached Intl formatter and are remembered per
 * day, so a 90-day range costs about two hundred lookups instead of several thousand.
 */
const MINUTE = 60_000;
const DAY = 86_400_000;
const MAX_CACHED_DAYS = 20_000;

interface Zone {
  formatter: Intl.DateTimeFormat;
  /** UTC day number → the offset that holds all that day, or NaN when it changes during the day. */
  days: Map<number, number>;
}

const zones = new Map<string, Zone>();

function zoneOf(name: string): Zone {
  let zone = zones.get(name);
  if (!zone) {
    zone = { formatter: new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' }), days: new Map() };
    zones.set(name, zone);
  }
  return zone;
}

/** "GMT+01:00" → 60; "GMT" → 0. */
function askIntl(zone: Zone, instant: number): number {
  const text = zone.formatter.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /([+-])(\d{2}):(\d{2})/.exec(text);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** Minutes to add to UTC to get the local time at `instant` (60 in Paris in winter, 120 in summer). */
export function offsetAt(zoneName: string, instant: number): number {
  const zone = zoneOf(zoneName);
  const day = Math.floor(instant / DAY);
  let offset = zone.days.get(day);
  if (offset === undefined) {
    // Real zones change at most once a day: when both ends of the day agree, the whole day does.
    const first = askIntl(zone, day * DAY);
    offset = first === askIntl(zone, day * DAY + DAY - 1) ? first : NaN;
    if (zone.days.size >= MAX_CACHED_DAYS) zone.days.clear();
    zone.days.set(day, offset);
  }
  return Number.isNaN(offset) ? askIntl(zone, instant) : offset;
}

/**
 * The instant of a local wall-clock time. A time that does not exist (skipped when clocks go
 * forward) moves forward by the gap, as Luxon does; a time that happens twice (clocks go
 * back) is the first one.
 */
export function localTimeToInstant(zoneName: string, year: number, month: number, day: number, hour = 0, minute = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets in force around that time: equal on all but the days clocks change.
  const before = offsetAt(zoneName, wall - DAY / 2);
  const after = offsetAt(zoneName, wall + DAY / 2);
  const candidates = [wall - before * MINUTE, wall - after * MINUTE].filter((instant, i) => offsetAt(zoneName, instant) === (i === 0 ? before : after));
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - Math.min(before, after) * MINUTE;
}

/** "2026-12-01T09:00:00+01:00": ISO 8601 with the zone's offset at that instant. */
export function toOffsetIso(instant: number, zoneName: string): string {
  const offset = offsetAt(zoneName, instant);
  const local = new Date(instant + offset * MINUTE).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The local calendar date of an instant, "2026-12-01". */
export function localDateOf(instant: number, zoneName: string): string {
  return new Date(instant + offsetAt(zoneName, instant) * MINUTE).toISOString().slice(0, 10);
}

/** A calendar date "2026-12-01" as numbers, with its ISO weekday (1 = Monday). */
export function calendarDate(isoDate: string): { year: number; month: number; day: number; weekday: number } {
  const [year = 0, month = 1, day = 1] = isoDate.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
  return { year, month, day, weekday };
}

/** Years the agenda deals in: anything else is a typo or a probe, and PostgreSQL cannot store some of them. */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 8999;

/** True for a real calendar date "YYYY-MM-DD" (not 2026-02-30) within the agenda's years. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const { year, month, day } = calendarDate(value);
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= FIRST_YEAR && year <= LAST_YEAR && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The calendar date `days` after `isoDate`. */
export function addDays(isoDate: string, days: number): string {
  const { year, month, day } = calendarDate(isoDate);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

const OFFSET_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/i;

/**
 * Reads an ISO 8601 date-time that carries its offset ("2026-12-01T09:00:00+01:00",
 * "…Z"), checking every field (no 30 February, no 24:00); undefined otherwise.
 * A bare local time is refused: without an offset it is ambiguous.
 */
export function parseOffsetDateTime(value: string): number | undefined {
  const m = OFFSET_DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v === undefined ? undefined : Number(v))) as number[];
  const millis = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const offset = m[8]!.toUpperCase() === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (month! < 1 || month! > 12 || hour! > 23 || minute! > 59 || second > 59 || Math.abs(offset) > 18 * 60 || Number(m[11] ?? 0) > 59) return undefined;
  if (day! < 1 || day! > new Date(Date.UTC(year!, month!, 0)).getUTCDate()) return undefined;
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second, Math.floor(millis)) - offset * MINUTE;
}

/** The city that names a time zone, for "(Paris time)": "Europe/Paris" → "Paris", "America/New_York" → "New York". */
export function timeZoneCity(zoneName: string): string {
  return (zoneName.split('/').pop() ?? zoneName).replace(/_/g, ' ');
}

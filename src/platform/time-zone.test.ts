import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, localDateOf, localTimeToInstant, offsetAt, parseOffsetDateTime, timeZoneCity, toOffsetIso } from './time-zone.js';

const PARIS = 'Europe/Paris';

describe('time zones', () => {
  it('gives Paris offsets on both sides of each change', () => {
    expect(offsetAt(PARIS, Date.parse('2026-03-29T00:59:59Z'))).toBe(60);
    expect(offsetAt(PARIS, Date.parse('2026-03-29T01:00:00Z'))).toBe(120);
    expect(offsetAt(PARIS, Date.parse('2026-10-25T00:59:59Z'))).toBe(120);
    expect(offsetAt(PARIS, Date.parse('2026-10-25T01:00:00Z'))).toBe(60);
    expect(offsetAt('America/St_Johns', Date.parse('2026-07-01T12:00:00Z'))).toBe(-150);
  });

  it('turns local times into instants as Luxon does, every day of a year, in several zones (every quarter hour of the night, when clocks change)', () => {
    for (const zone of [PARIS, 'America/New_York', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
      for (let day = 0; day < 366; day += 1) {
        const date = DateTime.fromObject({ year: 2026, month: 1, day: 1 }, { zone: 'UTC' }).plus({ days: day });
        for (let minutes = 0; minutes < 24 * 60; minutes += minutes < 4 * 60 ? 15 : 120) {
          const hour = Math.floor(minutes / 60);
          const minute = minutes % 60;
          const luxon = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone });
          const ours = localTimeToInstant(zone, date.year, date.month, date.day, hour, minute);
          // Luxon resolves a repeated hour from today's offset; we always take the first occurrence.
          const repeated = luxon.offset !== luxon.minus({ hours: 1 }).offset && luxon.offset < luxon.minus({ hours: 1 }).offset;
          if (!repeated) expect(ours, `${zone} ${date.toISODate()} ${hour}:${minute}`).toBe(luxon.toMillis());
        }
      }
    }
  });

  it('moves a skipped time forward and takes the first of a repeated time', () => {
    // 02:30 does not exist on 29 March 2026 in Paris: it becomes 03:30 (+02:00).
    expect(toOffsetIso(localTimeToInstant(PARIS, 2026, 3, 29, 2, 30), PARIS)).toBe('2026-03-29T03:30:00+02:00');
    // 02:30 happens twice on 25 October 2026: the first, still in summer time.
    expect(toOffsetIso(localTimeToInstant(PARIS, 2026, 10, 25, 2, 30), PARIS)).toBe('2026-10-25T02:30:00+02:00');
    // 24:00 is the next midnight.
    expect(toOffsetIso(localTimeToInstant(PARIS, 2026, 12, 31, 24, 0), PARIS)).toBe('2027-01-01T00:00:00+01:00');
  });

  it('reads calendar dates and local dates', () => {
    expect(calendarDate('2026-11-30')).toEqual({ year: 2026, month: 11, day: 30, weekday: 1 });
    expect(calendarDate('2026-11-29').weekday).toBe(7);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(localDateOf(Date.parse('2026-11-30T23:30:00Z'), PARIS)).toBe('2026-12-01');
  });
});

describe('reading date-times with an offset', () => {
  it('reads the forms the API accepts', () => {
    expect(parseOffsetDateTime('2026-12-01T09:00:00+01:00')).toBe(Date.parse('2026-12-01T08:00:00Z'));
    expect(parseOffsetDateTime('2026-12-01T09:00+01:00')).toBe(Date.parse('2026-12-01T08:00:00Z'));
    expect(parseOffsetDateTime('2026-12-01T09:00:00+0100')).toBe(Date.parse('2026-12-01T08:00:00Z'));
    expect(parseOffsetDateTime('2026-12-01T08:00:00.250Z')).toBe(Date.parse('2026-12-01T08:00:00.250Z'));
    expect(parseOffsetDateTime('2026-07-01T04:30:00-02:30')).toBe(Date.parse('2026-07-01T07:00:00Z'));
  });

  it('refuses what is not a real instant with its offset', () => {
    for (const value of ['2026-12-01T09:00:00', '2026-02-30T10:00:00Z', '2026-12-01T24:00:00Z', '2026-13-01T09:00:00Z', '2026-12-01T09:60:00Z', '2026-12-01 09:00:00Z', 'demain', '', '2026-12-01T09:00:00+25:00', '2026-12-01T09:00:00+01:75']) {
      expect(parseOffsetDateTime(value), value).toBeUndefined();
    }
    expect(parseOffsetDateTime('2028-02-29T12:00:00Z')).toBe(Date.parse('2028-02-29T12:00:00Z'));
  });
});

describe('timeZoneCity', () => {
  it('names the city of a zone as an English mail says it: "(Paris time)", "(New York time)"', () => {
    expect(timeZoneCity('Europe/Paris')).toBe('Paris');
    expect(timeZoneCity('America/New_York')).toBe('New York');
    expect(timeZoneCity('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
    expect(timeZoneCity('UTC')).toBe('UTC');
  });
});

import { describe, expect, it } from 'vitest';
import { dateText, clockText } from '../../ui/clock-text.js';
import { durationInput, formatCalendarDate, formatDateTime, formatDayLabel, formatLongDate, formatTime, parseDuration } from './format.js';

const NBSP = '\u00a0';
const ZONE = 'Europe/Paris';

describe('French dates and times as people write them', () => {
  it('writes the first of the month « 1er », in long dates, calendar dates and the day strip', () => {
    expect(formatLongDate('2026-12-01T09:00:00Z', 'fr', ZONE)).toBe('mardi 1er décembre 2026');
    expect(formatCalendarDate('2026-12-01', 'fr')).toBe('mardi 1er décembre 2026');
    expect(formatDayLabel('2026-12-01', 'fr').label).toBe('1er déc.');
    // Other days, and English, as before.
    expect(formatCalendarDate('2026-12-11', 'fr')).toBe('vendredi 11 décembre 2026');
    expect(formatCalendarDate('2026-12-21', 'fr')).toBe('lundi 21 décembre 2026');
    expect(formatCalendarDate('2026-12-01', 'en')).toMatch(/^Tuesday,? 1 December 2026$/);
    expect(dateText(new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', timeZone: 'UTC' }), new Date('2027-01-01T12:00:00Z'), 'fr')).toBe('1er janvier');
  });

  it('writes French times « 9 h 30 », « 14 h » with non-breaking spaces; English keeps 09:30', () => {
    expect(formatTime('2026-12-01T08:30:00Z', 'fr', ZONE)).toBe(`9${NBSP}h${NBSP}30`);
    expect(formatTime('2026-12-01T13:00:00Z', 'fr', ZONE)).toBe(`14${NBSP}h`);
    expect(formatTime('2026-12-01T23:05:00Z', 'fr', ZONE)).toBe(`0${NBSP}h${NBSP}05`);
    expect(formatTime('2026-12-01T08:30:00Z', 'en', ZONE)).toBe('09:30');
    expect(formatDateTime('2026-12-01T08:30:00Z', 'fr', ZONE)).toBe(`mardi 1er décembre 2026 à 9${NBSP}h${NBSP}30`);
    expect(clockText('09:30', 'fr')).toBe(`9${NBSP}h${NBSP}30`);
    expect(clockText('14:00', 'fr')).toBe(`14${NBSP}h`);
    expect(clockText('14:00', 'en')).toBe('14:00');
  });
});

describe('durations in hours and minutes', () => {
  it('reads what an owner types', () => {
    const cases: [string, number][] = [
      ['90', 90],
      ['1 h 30', 90],
      ['1h30', 90],
      ['1 H 30 min', 90],
      [`1${NBSP}h${NBSP}30`, 90],
      ['45 min', 45],
      ['2 h', 120],
      ['2 heures', 120],
      ['1,5 h', 90],
      ['2h et 15 min', 135],
      ['1 j', 1440],
      ['2 jours', 2880],
      ['1 day', 1440],
      ['0', 0],
    ];
    for (const [text, minutes] of cases) expect(parseDuration(text), text).toBe(minutes);
  });

  it('refuses what is not a duration', () => {
    for (const text of ['', 'une heure', '1 h 1 j', '30 min 1 h', '1.25 min', '1 h 30 min 5', 'h', '-5']) expect(parseDuration(text), text).toBeUndefined();
  });

  it('shows minutes the way they are typed back', () => {
    expect(durationInput(90, 'fr')).toBe(`1${NBSP}h${NBSP}30`);
    expect(durationInput(45, 'fr')).toBe(`45${NBSP}min`);
    expect(durationInput(120, 'fr')).toBe(`2${NBSP}h`);
    expect(durationInput(1440, 'fr')).toBe(`1${NBSP}j`);
    expect(durationInput(1440, 'en')).toBe(`1${NBSP}d`);
    expect(durationInput(0, 'fr')).toBe(`0${NBSP}min`);
    for (const minutes of [0, 5, 45, 60, 90, 125, 1440, 1500, 2880, 86400]) expect(parseDuration(durationInput(minutes, 'fr'))).toBe(minutes);
  });
});

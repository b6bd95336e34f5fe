import { describe, expect, it } from 'vitest';
import { closurePeriod } from './closure-period.js';

const NBSP = '\u00a0';
const zone = 'Europe/Paris';
const period = (startsAt: string, endsAt: string, locale: 'fr' | 'en' = 'fr') => closurePeriod({ startsAt, endsAt }, locale, zone);

describe('closurePeriod', () => {
  it('reads whole days with the last day included', () => {
    // 24 December 00:00 to 3 January 00:00 in Paris: the last day is 2 January.
    expect(period('2026-12-23T23:00:00.000Z', '2027-01-02T23:00:00.000Z')).toBe(`du 24${NBSP}décembre${NBSP}2026 au 2${NBSP}janvier${NBSP}2027 inclus`);
    expect(period('2026-12-23T23:00:00.000Z', '2027-01-02T23:00:00.000Z', 'en')).toBe(`from 24${NBSP}December${NBSP}2026 to 2${NBSP}January${NBSP}2027 inclusive`);
    expect(period('2026-12-03T23:00:00.000Z', '2026-12-05T23:00:00.000Z')).toBe(`du 4 au 5${NBSP}décembre${NBSP}2026 inclus`);
    expect(period('2026-11-29T23:00:00.000Z', '2026-12-02T23:00:00.000Z')).toBe(`du 30${NBSP}novembre au 2${NBSP}décembre${NBSP}2026 inclus`);
    expect(period('2026-11-30T23:00:00.000Z', '2026-12-02T23:00:00.000Z')).toBe(`du 1er au 2${NBSP}décembre${NBSP}2026 inclus`);
    expect(period('2026-12-24T23:00:00.000Z', '2026-12-25T23:00:00.000Z')).toBe(`le 25${NBSP}décembre${NBSP}2026`);
  });

  it('gives the hours of a closure that does not cover whole days', () => {
    expect(period('2026-12-03T13:00:00.000Z', '2026-12-03T17:30:00.000Z')).toBe(`le 3${NBSP}décembre${NBSP}2026 de 14${NBSP}h à 18${NBSP}h${NBSP}30`);
    expect(period('2026-12-03T13:00:00.000Z', '2026-12-04T23:00:00.000Z')).toBe(`du 3${NBSP}décembre${NBSP}2026 à 14${NBSP}h au 4${NBSP}décembre${NBSP}2026 inclus`);
    expect(period('2026-12-02T23:00:00.000Z', '2026-12-04T11:00:00.000Z')).toBe(`du 3${NBSP}décembre${NBSP}2026 au 4${NBSP}décembre${NBSP}2026 à 12${NBSP}h`);
    expect(period('2026-12-02T23:00:00.000Z', '2026-12-04T11:00:00.000Z', 'en')).toBe(`from 3${NBSP}December${NBSP}2026 to 4${NBSP}December${NBSP}2026 at 12:00`);
    // Summer time: the same wall-clock reading.
    expect(period('2027-07-13T22:00:00.000Z', '2027-07-14T22:00:00.000Z')).toBe(`le 14${NBSP}juillet${NBSP}2027`);
  });
});

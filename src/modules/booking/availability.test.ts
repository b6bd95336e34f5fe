import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { busyWindow, computeSlots, rangeInstants, toOffsetIso, type AvailabilityInput, type AvailabilityService, type BusyInterval, type Slot, type WeeklyInterval } from './availability.js';

/**
 * computeSlots is pure: these tests give it opening hours, closures and bookings and read
 * the slots back as local ISO times, so that each expectation reads like the agenda.
 */
const ZONE = 'Europe/Paris';
const MINUTE = 60_000;
/** Thursday 26 November 2026, 08:00 in Paris (the test app's clock). */
const NOW = Date.parse('2026-11-26T07:00:00Z');

const DEMO_HOURS: WeeklyInterval[] = [
  ...[1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, opensAt: '09:00', closesAt: '12:30' },
    { weekday, opensAt: '14:00', closesAt: '18:30' },
  ]),
  { weekday: 6, opensAt: '09:00', closesAt: '13:00' },
];

const everyDay = (opensAt: string, closesAt: string): WeeklyInterval[] => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt, closesAt }));

function service(overrides: Partial<AvailabilityService> = {}): AvailabilityService {
  return {
    id: 'A',
    durationMinutes: 60,
    capacity: 1,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 365,
    slotStepMinutes: 30,
    ...overrides,
  };
}

function slots(overrides: Partial<AvailabilityInput> = {}): Slot[] {
  return computeSlots({
    service: service(),
    openingHours: DEMO_HOURS,
    closures: [],
    busy: [],
    fromDate: '2026-11-30',
    toDate: '2026-11-30',
    zone: ZONE,
    now: NOW,
    ...overrides,
  });
}

/** Instant of a local ISO time with its offset, e.g. "2026-11-30T10:00:00+01:00". */
const at = (iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
};

/** "10:00" on Monday 30 November 2026 in Paris (+01:00). */
const monday = (hhmm: string) => at(`2026-11-30T${hhmm}:00+01:00`);

/** Local wall-clock times of the slots, "HH:MM". */
const times = (list: Slot[]) => list.map((s) => DateTime.fromMillis(s.start, { zone: ZONE }).toFormat('HH:mm'));
const isoStarts = (list: Slot[]) => list.map((s) => toOffsetIso(s.start, ZONE));

/** A booking of `of` starting at `start`, busy with that service's buffers. */
function booking(of: AvailabilityService, start: number): BusyInterval {
  return {
    serviceId: of.id,
    start,
    blockedFrom: start - of.bufferBeforeMinutes * MINUTE,
    blockedUntil: start + (of.durationMinutes + of.bufferAfterMinutes) * MINUTE,
    quantity: 1,
  };
}

describe('computeSlots: opening hours and the grid', () => {
  it('steps each opening interval by the slot step and keeps slots that end by closing time', () => {
    expect(times(slots())).toEqual([
      '09:00', '09:30', '10:00', '10:30', '11:00', '11:30',
      '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00', '17:30',
    ]);
  });

  it('gives each slot its end and, when free, the full capacity', () => {
    const list = slots({ service: service({ capacity: 4 }) });
    expect(list[0]).toEqual({ start: monday('09:00'), end: monday('10:00'), remaining: 4 });
    expect(list.every((s) => s.end - s.start === 60 * MINUTE && s.remaining === 4)).toBe(true);
  });

  it('steps by the duration when the service has no slot step', () => {
    expect(times(slots({ service: service({ durationMinutes: 90, slotStepMinutes: null }) }))).toEqual(['09:00', '10:30', '14:00', '15:30', '17:00']);
  });

  it('can step by more than the duration', () => {
    expect(times(slots({ service: service({ durationMinutes: 30, slotStepMinutes: 120 }) }))).toEqual(['09:00', '11:00', '14:00', '16:00', '18:00']);
  });

  it('offers a slot that ends exactly at closing time, and none that ends a minute later', () => {
    const hours = [{ weekday: 1, opensAt: '09:00', closesAt: '10:00' }];
    expect(times(slots({ openingHours: hours, service: service({ durationMinutes: 60 }) }))).toEqual(['09:00']);
    expect(times(slots({ openingHours: hours, service: service({ durationMinutes: 61 }) }))).toEqual([]);
  });

  it('offers nothing on a day without opening hours (Sunday) and follows each weekday’s own hours', () => {
    expect(slots({ fromDate: '2026-11-29', toDate: '2026-11-29' })).toEqual([]);
    expect(times(slots({ fromDate: '2026-11-28', toDate: '2026-11-28' }))).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00']);
  });

  it('covers every date of the range, both ends included, in time order', () => {
    const list = slots({ fromDate: '2026-11-27', toDate: '2026-12-01' });
    const days = [...new Set(list.map((s) => DateTime.fromMillis(s.start, { zone: ZONE }).toISODate()))];
    expect(days).toEqual(['2026-11-27', '2026-11-28', '2026-11-30', '2026-12-01']);
    expect(list.length).toBe(14 + 7 + 14 + 14);
    expect(list.every((s, i) => i === 0 || s.start > list[i - 1]!.start)).toBe(true);
  });

  it('reads "24:00" as the next midnight', () => {
    const list = slots({ openingHours: [{ weekday: 1, opensAt: '22:00', closesAt: '24:00' }], service: service({ slotStepMinutes: 60 }) });
    expect(isoStarts(list)).toEqual(['2026-11-30T22:00:00+01:00', '2026-11-30T23:00:00+01:00']);
    expect(list[1]!.end).toBe(at('2026-12-01T00:00:00+01:00'));
  });
});

describe('computeSlots: buffers and bookings of other services', () => {
  // A: 60 min, 15 min after (the demo check-up). B: 60 min with 30 min before and after (a home visit).
  const a = service({ id: 'A', durationMinutes: 60, bufferAfterMinutes: 15 });
  const b = service({ id: 'B', durationMinutes: 60, bufferBeforeMinutes: 30, bufferAfterMinutes: 30 });

  it('blocks the slots of another service whose busy interval (with its buffers) overlaps the booking’s', () => {
    // A at 11:00 keeps the agenda busy 11:00–12:15; a B slot at s is busy s−30 … s+90.
    const list = slots({ service: b, busy: [booking(a, monday('11:00'))], includeUnavailable: true });
    const byTime = Object.fromEntries(list.map((s) => [DateTime.fromMillis(s.start, { zone: ZONE }).toFormat('HH:mm'), s.remaining]));
    // 09:30 is busy until 11:00 exactly: touching is not overlapping.
    expect(byTime).toMatchObject({ '09:00': 1, '09:30': 1, '10:00': 0, '10:30': 0, '11:00': 0, '11:30': 0, '14:00': 1 });
    expect(times(slots({ service: b, busy: [booking(a, monday('11:00'))] }))).toEqual(['09:00', '09:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00', '17:30']);
  });

  it('widens the other booking by its own buffers too', () => {
    // B at 14:00 keeps the agenda busy 13:30–15:30; an A slot at s is busy s … s+75.
    const free = times(slots({ service: a, busy: [booking(b, monday('14:00'))] }));
    expect(free).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '15:30', '16:00', '16:30', '17:00', '17:30']);
  });

  it('counts the buffer after a slot against a booking that starts right after it', () => {
    // A slot at 09:00 is busy until 10:15: an A booking at 10:00 takes it, one at 10:15 does not.
    expect(times(slots({ service: a, busy: [booking(a, monday('10:00'))] })).slice(0, 2)).toEqual(['11:30', '14:00']);
    expect(times(slots({ service: a, busy: [booking(a, monday('10:15'))] })).slice(0, 2)).toEqual(['09:00', '11:30']);
  });

  it('ignores bookings that end before or start after a slot’s busy interval', () => {
    const list = slots({ service: a, busy: [booking(b, at('2026-11-29T10:00:00+01:00')), booking(b, at('2026-12-01T10:00:00+01:00'))] });
    expect(list).toHaveLength(14);
  });
});

describe('computeSlots: capacity', () => {
  const workshop = service({ id: 'W', durationMinutes: 120, slotStepMinutes: 120, capacity: 3 });
  const other = service({ id: 'X', durationMinutes: 60 });

  it('shares a slot between bookings of the same service at the same start, up to the capacity', () => {
    const remainingAt9 = (n: number) =>
      slots({ service: workshop, busy: Array.from({ length: n }, () => booking(workshop, monday('09:00'))), includeUnavailable: true }).find((s) => s.start === monday('09:00'))!
        .remaining;
    expect([0, 1, 2, 3].map(remainingAt9)).toEqual([3, 2, 1, 0]);
    expect(times(slots({ service: workshop, busy: [booking(workshop, monday('09:00')), booking(workshop, monday('09:00'))] }))).toEqual(['09:00', '14:00', '16:00']);
    expect(times(slots({ service: workshop, busy: Array.from({ length: 3 }, () => booking(workshop, monday('09:00'))) }))).toEqual(['14:00', '16:00']);
  });

  it('does not share with a booking of the same service at another, overlapping start', () => {
    const overlapping = { ...booking(workshop, monday('10:00')) };
    const list = slots({ service: workshop, busy: [overlapping], includeUnavailable: true });
    expect(list.find((s) => s.start === monday('09:00'))?.remaining).toBe(0);
  });

  it('does not share with a booking of another service at the same start', () => {
    const list = slots({ service: workshop, busy: [booking(other, monday('09:00'))], includeUnavailable: true });
    expect(list.find((s) => s.start === monday('09:00'))?.remaining).toBe(0);
  });

  it('gives a shared slot no place at all when another service overlaps it', () => {
    const busy = [booking(workshop, monday('14:00')), booking(other, monday('15:00'))];
    const list = slots({ service: workshop, busy, includeUnavailable: true });
    expect(list.find((s) => s.start === monday('14:00'))?.remaining).toBe(0);
    expect(list.find((s) => s.start === monday('16:00'))?.remaining).toBe(3);
  });
});

describe('computeSlots: closures', () => {
  const closure = (from: string, to: string) => ({ startsAt: new Date(at(from)).toISOString(), endsAt: new Date(at(to)).toISOString() });

  it('offers nothing during a full-day closure and everything on the days around it', () => {
    const list = slots({ fromDate: '2026-11-30', toDate: '2026-12-02', closures: [closure('2026-12-01T00:00:00+01:00', '2026-12-02T00:00:00+01:00')] });
    const days = list.map((s) => DateTime.fromMillis(s.start, { zone: ZONE }).toISODate());
    expect(days.filter((d) => d === '2026-12-01')).toEqual([]);
    expect(days.filter((d) => d === '2026-11-30')).toHaveLength(14);
    expect(days.filter((d) => d === '2026-12-02')).toHaveLength(14);
  });

  it('removes only the slots that overlap a partial closure (touching is allowed)', () => {
    const list = slots({ closures: [closure('2026-11-30T10:00:00+01:00', '2026-11-30T11:00:00+01:00')] });
    expect(times(list).slice(0, 3)).toEqual(['09:00', '11:00', '11:30']);
  });

  it('reports closed slots with no place when asked for unavailable ones', () => {
    const list = slots({ includeUnavailable: true, closures: [closure('2026-11-30T10:00:00+01:00', '2026-11-30T11:00:00+01:00')] });
    expect(list.filter((s) => s.remaining === 0).map((s) => toOffsetIso(s.start, ZONE))).toEqual([
      '2026-11-30T09:30:00+01:00',
      '2026-11-30T10:00:00+01:00',
      '2026-11-30T10:30:00+01:00',
    ]);
    expect(list).toHaveLength(14);
  });

  it('handles several closures in any order, one inside another', () => {
    const closures = [
      closure('2026-12-01T15:00:00+01:00', '2026-12-01T15:30:00+01:00'),
      closure('2026-11-30T16:00:00+01:00', '2026-12-01T10:00:00+01:00'),
      closure('2026-11-30T09:00:00+01:00', '2026-11-30T09:10:00+01:00'),
      closure('2026-11-30T17:00:00+01:00', '2026-11-30T17:10:00+01:00'),
    ];
    const list = slots({ fromDate: '2026-11-30', toDate: '2026-12-01', closures });
    expect(isoStarts(list)).toEqual([
      '2026-11-30T09:30:00+01:00', '2026-11-30T10:00:00+01:00', '2026-11-30T10:30:00+01:00', '2026-11-30T11:00:00+01:00', '2026-11-30T11:30:00+01:00',
      '2026-11-30T14:00:00+01:00', '2026-11-30T14:30:00+01:00', '2026-11-30T15:00:00+01:00',
      '2026-12-01T10:00:00+01:00', '2026-12-01T10:30:00+01:00', '2026-12-01T11:00:00+01:00', '2026-12-01T11:30:00+01:00',
      '2026-12-01T14:00:00+01:00', '2026-12-01T15:30:00+01:00', '2026-12-01T16:00:00+01:00', '2026-12-01T16:30:00+01:00', '2026-12-01T17:00:00+01:00', '2026-12-01T17:30:00+01:00',
    ]);
  });
});

describe('computeSlots: minimum notice and horizon', () => {
  it('offers no slot that starts before now + minimum notice; one exactly at it is offered', () => {
    // Thursday 08:00 + 2 h = 10:00.
    const list = slots({ fromDate: '2026-11-26', toDate: '2026-11-26', service: service({ minNoticeMinutes: 120 }) });
    expect(times(list)[0]).toBe('10:00');
    expect(times(slots({ fromDate: '2026-11-26', toDate: '2026-11-26', service: service({ minNoticeMinutes: 121 }) }))[0]).toBe('10:30');
  });

  it('never offers a slot in the past, even without notice', () => {
    const now = at('2026-11-26T10:15:00+01:00');
    expect(times(slots({ now, fromDate: '2026-11-26', toDate: '2026-11-26' }))[0]).toBe('10:30');
    expect(slots({ now, fromDate: '2026-11-25', toDate: '2026-11-25' })).toEqual([]);
  });

  it('offers no slot that starts after now + horizon; one exactly at it is offered', () => {
    const now = at('2026-11-26T09:00:00+01:00');
    expect(times(slots({ now, service: service({ horizonDays: 4 }) }))).toEqual(['09:00']);
    expect(slots({ now, service: service({ horizonDays: 3 }) })).toEqual([]);
  });

  it('ignores notice and horizon for the owner', () => {
    const list = slots({ fromDate: '2026-11-25', toDate: '2026-11-25', service: service({ minNoticeMinutes: 10_000, horizonDays: 1 }), ignoreNoticeAndHorizon: true });
    expect(list).toHaveLength(14);
  });

  it('does not report slots outside notice or horizon even with includeUnavailable: they are never offered', () => {
    const list = slots({ fromDate: '2026-11-26', toDate: '2026-11-26', service: service({ minNoticeMinutes: 120 }), includeUnavailable: true });
    expect(times(list)[0]).toBe('10:00');
  });
});

describe('computeSlots: the sweep agrees with a slot-by-slot check', () => {
  /** The definition, written naively: each slot against each booking and closure. */
  function naive(input: AvailabilityInput): Slot[] {
    const all = computeSlots({ ...input, busy: [], closures: [], includeUnavailable: true });
    const s = input.service;
    return all
      .map((slot) => {
        const from = slot.start - s.bufferBeforeMinutes * MINUTE;
        const until = slot.end + s.bufferAfterMinutes * MINUTE;
        const closed = input.closures.some((c) => Date.parse(c.startsAt) < slot.end && Date.parse(c.endsAt) > slot.start);
        const overlapping = input.busy.filter((b) => b.blockedFrom < until && b.blockedUntil > from);
        const shared = overlapping.every((b) => b.serviceId === s.id && b.start === slot.start);
        const remaining = closed || !shared ? 0 : Math.max(0, s.capacity - overlapping.length);
        return { ...slot, remaining };
      })
      .filter((slot) => slot.remaining > 0 || input.includeUnavailable);
  }

  /** A small deterministic generator, so a failure can be replayed. */
  function random(seed: number) {
    let state = seed;
    return (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state % n;
    };
  }

  it('on random agendas of several services with buffers, capacity and closures', () => {
    const services = [
      service({ id: 'A', durationMinutes: 60, bufferAfterMinutes: 15, slotStepMinutes: 30 }),
      service({ id: 'B', durationMinutes: 90, bufferBeforeMinutes: 30, bufferAfterMinutes: 30, slotStepMinutes: 30 }),
      service({ id: 'W', durationMinutes: 120, slotStepMinutes: 120, capacity: 4 }),
      service({ id: 'C', durationMinutes: 20, bufferAfterMinutes: 10, slotStepMinutes: 15 }),
    ];
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const busy: BusyInterval[] = [];
      for (let i = 0; i < 30; i++) {
        const of = services[next(services.length)]!;
        const day = 30 + next(5);
        const minutes = 9 * 60 + 15 * next(38);
        const start = at(`2026-11-30T00:00:00+01:00`) + ((day - 30) * 24 * 60 + minutes) * MINUTE;
        busy.push(booking(of, start));
        if (of.capacity > 1 && next(2) === 0) busy.push(booking(of, start));
      }
      const closures = Array.from({ length: next(3) }, () => {
        const start = at('2026-11-30T08:00:00+01:00') + next(4 * 24 * 4) * 15 * MINUTE;
        return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + (1 + next(16)) * 15 * MINUTE).toISOString() };
      });
      for (const s of services) {
        for (const includeUnavailable of [false, true]) {
          const input: AvailabilityInput = { service: s, openingHours: DEMO_HOURS, closures, busy, fromDate: '2026-11-30', toDate: '2026-12-04', zone: ZONE, now: NOW, includeUnavailable };
          expect(computeSlots(input), `seed ${seed}, service ${s.id}`).toEqual(naive(input));
        }
      }
    }
  });
});

describe('daylight saving time in Europe/Paris', () => {
  const tenToEleven = everyDay('10:00', '11:00');

  it('puts 10:00 on the Saturday before the spring change at +01:00 and on the Sunday at +02:00', () => {
    const list = slots({ openingHours: tenToEleven, fromDate: '2026-03-28', toDate: '2026-03-30', now: at('2026-03-01T00:00:00Z') });
    expect(isoStarts(list)).toEqual(['2026-03-28T10:00:00+01:00', '2026-03-29T10:00:00+02:00', '2026-03-30T10:00:00+02:00']);
    expect(list.map((s) => new Date(s.start).toISOString())).toEqual(['2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z']);
  });

  it('puts 10:00 on the Saturday before the autumn change at +02:00 and on the Sunday at +01:00', () => {
    const list = slots({ openingHours: tenToEleven, fromDate: '2026-10-24', toDate: '2026-10-26', now: at('2026-10-01T00:00:00Z') });
    expect(isoStarts(list)).toEqual(['2026-10-24T10:00:00+02:00', '2026-10-25T10:00:00+01:00', '2026-10-26T10:00:00+01:00']);
    expect(list.map((s) => new Date(s.start).toISOString())).toEqual(['2026-10-24T08:00:00.000Z', '2026-10-25T09:00:00.000Z', '2026-10-26T09:00:00.000Z']);
  });

  const night = (date: string, step: number, duration: number) =>
    slots({
      openingHours: everyDay('01:00', '04:00'),
      service: service({ durationMinutes: duration, slotStepMinutes: step }),
      fromDate: date,
      toDate: date,
      now: at('2026-01-01T00:00:00Z'),
    });

  it('steps through the lost hour of 29 March in real minutes: no 02:xx, nothing doubled', () => {
    const list = night('2026-03-29', 30, 30);
    // 01:00–04:00 local is two real hours that night.
    expect(isoStarts(list)).toEqual(['2026-03-29T01:00:00+01:00', '2026-03-29T01:30:00+01:00', '2026-03-29T03:00:00+02:00', '2026-03-29T03:30:00+02:00']);
    expect(list.map((s) => s.start - list[0]!.start)).toEqual([0, 30, 60, 90].map((m) => m * MINUTE));
    expect(list.at(-1)!.end).toBe(at('2026-03-29T04:00:00+02:00'));
    expect(isoStarts(night('2026-03-29', 60, 60))).toEqual(['2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00']);
  });

  it('steps through the repeated hour of 25 October in real minutes: 02:xx twice, with different offsets', () => {
    const list = night('2026-10-25', 30, 30);
    // 01:00–04:00 local is four real hours that night.
    expect(isoStarts(list)).toEqual([
      '2026-10-25T01:00:00+02:00',
      '2026-10-25T01:30:00+02:00',
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:30:00+02:00',
      '2026-10-25T02:00:00+01:00',
      '2026-10-25T02:30:00+01:00',
      '2026-10-25T03:00:00+01:00',
      '2026-10-25T03:30:00+01:00',
    ]);
    expect(new Set(list.map((s) => s.start)).size).toBe(8);
    expect(list.map((s) => s.start - list[0]!.start)).toEqual([0, 30, 60, 90, 120, 150, 180, 210].map((m) => m * MINUTE));
    expect(list.at(-1)!.end).toBe(at('2026-10-25T04:00:00+01:00'));
    expect(isoStarts(night('2026-10-25', 60, 60))).toEqual(['2026-10-25T01:00:00+02:00', '2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00', '2026-10-25T03:00:00+01:00']);
  });

  it('blocks by real time across the change', () => {
    // A 90-minute booking from 01:30 (+01:00) on 29 March ends at 04:00 (+02:00), and blocks 03:00 and 03:30.
    const busy = [{ serviceId: 'Z', start: at('2026-03-29T01:30:00+01:00'), blockedFrom: at('2026-03-29T01:30:00+01:00'), blockedUntil: at('2026-03-29T04:00:00+02:00'), quantity: 1 }];
    const list = slots({
      openingHours: everyDay('01:00', '05:00'),
      service: service({ durationMinutes: 30, slotStepMinutes: 30 }),
      fromDate: '2026-03-29',
      toDate: '2026-03-29',
      now: at('2026-01-01T00:00:00Z'),
      busy,
    });
    expect(isoStarts(list)).toEqual(['2026-03-29T01:00:00+01:00', '2026-03-29T04:00:00+02:00', '2026-03-29T04:30:00+02:00']);
  });

  it('rangeInstants spans 23 hours on 29 March, 25 on 25 October, 24 otherwise', () => {
    const hours = (date: string) => {
      const r = rangeInstants(date, date, ZONE);
      return (r.to - r.from) / 3_600_000;
    };
    expect([hours('2026-03-29'), hours('2026-10-25'), hours('2026-11-30')]).toEqual([23, 25, 24]);
    expect(rangeInstants('2026-03-28', '2026-03-30', ZONE)).toEqual({ from: at('2026-03-28T00:00:00+01:00'), to: at('2026-03-31T00:00:00+02:00') });
  });

  it('busyWindow widens the range by the buffers and the duration', () => {
    const range = rangeInstants('2026-11-30', '2026-11-30', ZONE);
    expect(busyWindow(service({ durationMinutes: 90, bufferBeforeMinutes: 30, bufferAfterMinutes: 15 }), range)).toEqual({
      from: range.from - 30 * MINUTE,
      to: range.to + 105 * MINUTE,
    });
  });
});

describe('toOffsetIso', () => {
  it('gives the offset in force on each side of each change', () => {
    const cases: [string, string][] = [
      ['2026-03-29T00:59:59Z', '2026-03-29T01:59:59+01:00'],
      ['2026-03-29T01:00:00Z', '2026-03-29T03:00:00+02:00'],
      ['2026-10-25T00:59:59Z', '2026-10-25T02:59:59+02:00'],
      ['2026-10-25T01:00:00Z', '2026-10-25T02:00:00+01:00'],
      ['2026-11-30T09:00:00Z', '2026-11-30T10:00:00+01:00'],
      ['2026-07-14T12:00:00Z', '2026-07-14T14:00:00+02:00'],
    ];
    for (const [utc, local] of cases) expect(toOffsetIso(Date.parse(utc), ZONE)).toBe(local);
  });

  it('gives the same answer whatever was asked before (the offset cache is per day)', () => {
    const instants = ['2026-10-25T01:00:00Z', '2026-10-25T00:59:59Z', '2026-03-29T01:00:00Z', '2026-03-29T00:59:59Z'].map(Date.parse);
    const forward = instants.map((t) => toOffsetIso(t, ZONE));
    const backward = [...instants].reverse().map((t) => toOffsetIso(t, ZONE)).reverse();
    expect(forward).toEqual(['2026-10-25T02:00:00+01:00', '2026-10-25T02:59:59+02:00', '2026-03-29T03:00:00+02:00', '2026-03-29T01:59:59+01:00']);
    expect(backward).toEqual(forward);
  });

  it('agrees with Luxon every five minutes around the changes, also in zones whose clocks change at half past the UTC hour', () => {
    const nights: [string, string][] = [
      ['Europe/Paris', '2026-03-28T22:00:00Z'],
      ['Europe/Paris', '2026-10-24T22:00:00Z'],
      ['America/St_Johns', '2026-03-08T03:00:00Z'],
      ['America/St_Johns', '2026-11-01T02:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T13:00:00Z'],
      ['Asia/Kolkata', '2026-03-29T00:00:00Z'],
    ];
    for (const [zone, from] of nights) {
      for (let t = Date.parse(from); t < Date.parse(from) + 8 * 3_600_000; t += 5 * MINUTE) {
        expect(toOffsetIso(t, zone), `${zone} ${new Date(t).toISOString()}`).toBe(DateTime.fromMillis(t, { zone }).toISO({ suppressMilliseconds: true }));
      }
    }
  });
});

import type { Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { appErrorOf, bookingRequest, apiOptions, countRows, fieldErrorsOf } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildSecondApp } from '../../../test/support/second-app.js';
import type { DB } from '../../db/schema.js';
import type { DialectName } from '../../db/dialect.js';

/**
 * Group sessions and places, on both engines. The demo workshop (6 places, at most 4 per
 * booking, 35 €) is seeded with sessions on Wednesdays at 14:00 and Saturdays at 10:00 from
 * three days on (the first on Wednesday 2 December), each with a minimum of 3 decided two days before; the test clock is Thursday 26 November 2026, 08:00 in Paris.
 */
const FIRST = '2026-12-02T14:00:00+01:00';
const SECOND = '2026-12-05T10:00:00+01:00';
const THIRD = '2026-12-09T14:00:00+01:00';

describeEachDialect('group sessions and places', (dialect: DialectName) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(() => t?.close());

  const db = () => t.db.database.db as Kysely<DB>;
  const bookWorkshop = (start: string, quantity?: unknown, email = 'claire.martin@example.fr') =>
    t.services.booking.bookSlot(bookingRequest({ service: 'atelier-numerique', start, customer: { email }, ...(quantity === undefined ? {} : { quantity }) }), apiOptions());
  const workshop = () => t.services.catalog.serviceBySlug('atelier-numerique');
  const slotsOn = (from: string, to: string) => t.services.booking.listSlots('atelier-numerique', { from, to }, 'fr');
  const sessionAt = async (start: string) => {
    const service = await workshop();
    const [session] = await t.services.catalog.sessions.ofService(service.id, new Date(start).toISOString(), new Date(Date.parse(start) + 1).toISOString(), { includeCancelled: true });
    return session!;
  };
  const mailsOfKind = async (kind: string) => db().selectFrom('outbox_messages').select(['recipient', 'subject', 'text_body']).where('kind', '=', kind).orderBy('recipient').execute();

  it('offers the sessions of a session service as its slots, not its opening hours', async () => {
    expect(await slotsOn('2026-11-26', '2026-12-06')).toEqual([
      { start: FIRST, end: '2026-12-02T16:00:00+01:00', remaining: 6 },
      { start: SECOND, end: '2026-12-05T12:00:00+01:00', remaining: 6 },
    ]);
    // Monday 14:00 is open, but no session is scheduled then.
    const notOffered = await fieldErrorsOf(bookWorkshop('2026-11-30T14:00:00+01:00'));
    expect(notOffered.start).toBe('Cet horaire n’est pas proposé pour cette prestation. Choisissez l’un des créneaux affichés.');
    expect(await countRows(t, 'bookings')).toBe(0);
  });

  it('counts places, not bookings: several places per booking, the price per place times the places', async () => {
    const { booking } = await bookWorkshop(FIRST, 3);
    expect(booking).toMatchObject({ quantity: 3, priceCents: 3 * 3500, sessionId: (await sessionAt(FIRST)).id });
    expect((await slotsOn('2026-12-02', '2026-12-02'))[0]!.remaining).toBe(3);
    await bookWorkshop(FIRST, undefined, 'solo@example.fr');
    expect((await slotsOn('2026-12-02', '2026-12-02'))[0]!.remaining).toBe(2);
    const confirmation = (await t.services.outbox.forBooking(booking.id)).find((m) => m.kind === 'booking-confirmation')!;
    expect(confirmation.text).toContain('Places\u00a0: 3');
    // The same words as the confirmation page (views/price.ts).
    expect(confirmation.text).toContain('Prix\u00a0: 105,00\u00a0€ TTC (TVA 20\u00a0% incluse) · 3\u00a0places × 35,00\u00a0€');
  });

  it('answers 409 when fewer places are left than asked, and when none is left; nothing is written', async () => {
    await bookWorkshop(FIRST, 4, 'a@example.fr');
    const tooMany = await appErrorOf(bookWorkshop(FIRST, 3, 'b@example.fr'));
    expect([tooMany.code, tooMany.status, tooMany.field]).toEqual(['NOT_ENOUGH_PLACES', 409, 'quantity']);
    await bookWorkshop(FIRST, 2, 'b@example.fr');
    expect(await slotsOn('2026-12-02', '2026-12-02')).toEqual([]);
    const gone = await appErrorOf(bookWorkshop(FIRST, 1, 'c@example.fr'));
    expect([gone.code, gone.status]).toEqual(['SLOT_TAKEN', 409]);
    expect(await countRows(t, 'bookings')).toBe(2);
    const placesTaken = await db().selectFrom('bookings').select((eb) => eb.fn.sum<number>('quantity').as('n')).executeTakeFirstOrThrow();
    expect(Number(placesTaken.n)).toBe(6);
  });

  it('answers 422 for a number of places out of range, on the quantity field, and writes nothing', async () => {
    for (const quantity of [0, -1, 1.5, '2', null, 501]) {
      const errors = await fieldErrorsOf(bookWorkshop(FIRST, quantity));
      expect(errors.quantity, String(quantity)).toBe('Indiquez un nombre de places entier, au moins 1.');
    }
    expect((await fieldErrorsOf(bookWorkshop(FIRST, 5))).quantity).toBe('Vous pouvez réserver au plus 4\u00a0places à la fois.');
    // A one-place service refuses two places.
    const single = await fieldErrorsOf(t.services.booking.bookSlot(bookingRequest({ quantity: 2 }), apiOptions({ locale: 'en' })));
    expect(single.quantity).toBe('This service is booked one place at a time.');
    expect(await countRows(t, 'bookings')).toBe(0);
  });

  it('lets closures apply to sessions, and keeps the agenda busy around a session for other services', async () => {
    await t.services.catalog.addClosure({ startDate: '2026-12-02', startTime: '', endDate: '2026-12-02', endTime: '', label: 'Salon' }, 'fr');
    expect((await slotsOn('2026-12-02', '2026-12-02')).length).toBe(0);
    expect((await appErrorOf(bookWorkshop(FIRST, 1))).code).toBe('SLOT_TAKEN');
    // The check-up is not offered while the Wednesday workshop runs (14:00–16:00), and is again from 16:00.
    const checkUp = await t.services.catalog.serviceBySlug('diagnostic-informatique');
    const wednesday = await t.services.booking.slotsOf(checkUp, '2026-12-09', '2026-12-09');
    const times = wednesday.map((s) => new Date(s.start).toISOString());
    expect(times).toContain('2026-12-09T08:00:00.000Z');
    for (const busy of ['13:00', '13:30', '14:00', '14:30']) expect(times).not.toContain(`2026-12-09T${busy}:00.000Z`);
    expect(times).toContain('2026-12-09T15:00:00.000Z');
    const clash = await appErrorOf(t.services.booking.bookSlot(bookingRequest({ start: '2026-12-09T14:30:00+01:00' }), apiOptions()));
    expect(clash.code).toBe('SLOT_TAKEN');
  });

  it('cancels a session below its minimum at the decision time exactly once, with two instances, and tells everyone', async () => {
    const first = await bookWorkshop(FIRST, 1, 'a@example.fr');
    const second = await bookWorkshop(FIRST, 1, 'b@example.fr');
    // Saturday's session reaches its minimum of 3 places.
    await bookWorkshop(SECOND, 3, 'c@example.fr');
    const other = await buildSecondApp(t);
    try {
      // Nothing is due before the decision times (Monday 30 November 14:00 and Thursday 3 December 10:00).
      expect(await t.services.booking.sessions.decideDue()).toEqual({ cancelled: 0, confirmed: 0, more: false });
      t.clock.set('2026-12-03T09:00:00Z');
      const outcomes = await Promise.all([t.services.booking.sessions.decideDue(), other.services.booking.sessions.decideDue(), t.services.booking.sessions.decideDue()]);
      expect(outcomes.reduce((n, o) => n + o.cancelled, 0)).toBe(1);
      expect(outcomes.reduce((n, o) => n + o.confirmed, 0)).toBe(1);
    } finally {
      await other.close();
    }
    expect((await sessionAt(FIRST)).status).toBe('cancelled');
    expect((await sessionAt(SECOND)).status).toBe('confirmed');
    for (const { booking } of [first, second]) {
      const now = await t.services.booking.getById(booking.id);
      expect(now).toMatchObject({ status: 'cancelled', cancelledBy: 'owner' });
      expect(now.cancellationReason).toMatch(/^Le nombre minimum de participants n’a pas été atteint/);
    }
    const cancellations = await mailsOfKind('booking-cancelled');
    expect(cancellations.map((m) => m.recipient)).toEqual(['a@example.fr', 'b@example.fr']);
    expect(cancellations[0]!.text_body).toContain('Motif\u00a0: Le nombre minimum de participants n’a pas été atteint');
    const ownerNotices = await mailsOfKind('session-cancelled-owner-notice');
    expect(ownerNotices).toHaveLength(1);
    expect(ownerNotices[0]!.subject).toMatch(/^Séance annulée, minimum non atteint\u00a0: Atelier numérique/);
    // Later checks find nothing more to do.
    expect(await t.services.booking.sessions.decideDue()).toMatchObject({ cancelled: 0, confirmed: 0 });
    expect(await mailsOfKind('booking-cancelled')).toHaveLength(2);
  });

  it('lets the owner cancel a session once: its bookings are cancelled and the participants told, with the reason', async () => {
    const { booking } = await bookWorkshop(SECOND, 2);
    const session = await sessionAt(SECOND);
    expect(await t.services.booking.sessions.cancelByOwner(session.id, 'Formateur malade')).toBe(1);
    expect((await appErrorOf(t.services.booking.sessions.cancelByOwner(session.id, null))).code).toBe('SESSION_CANCELLED');
    expect(await t.services.booking.getById(booking.id)).toMatchObject({ status: 'cancelled', cancellationReason: 'Formateur malade' });
    expect((await mailsOfKind('booking-cancelled')).map((m) => m.text_body.includes('Motif\u00a0: Formateur malade'))).toEqual([true]);
    expect(await slotsOn('2026-12-05', '2026-12-05')).toEqual([]);
    expect((await fieldErrorsOf(bookWorkshop(SECOND, 1))).start).toBeDefined();
  });

  it('schedules a session from the owner’s form, and explains each mistake', async () => {
    const service = await workshop();
    const schedule = (form: Record<string, string>) => t.services.booking.sessions.schedule(service, form, 'fr');
    const session = await schedule({ date: '2026-12-07', time: '9h30', places: '8', minParticipants: '', decisionDate: '', decisionTime: '' });
    expect(session).toMatchObject({ startsAt: '2026-12-07T08:30:00.000Z', endsAt: '2026-12-07T10:30:00.000Z', places: 8, minParticipants: null, decisionAt: null });
    expect((await slotsOn('2026-12-07', '2026-12-07'))[0]).toEqual({ start: '2026-12-07T09:30:00+01:00', end: '2026-12-07T11:30:00+01:00', remaining: 8 });
    expect((await appErrorOf(schedule({ date: '2026-12-07', time: '09:30', places: '4' }))).code).toBe('SESSION_EXISTS');
    expect(await fieldErrorsOf(schedule({ date: '2026-02-30', time: '25:00', places: '0' }))).toEqual({
      date: 'Saisissez une date valide.',
      time: 'Saisissez une heure, par exemple 14:00 ou 14h30.',
      places: 'Le nombre de places doit être compris entre 1 et 500.',
    });
    expect(await fieldErrorsOf(schedule({ date: '2026-11-20', time: '10:00', places: '4' }))).toEqual({ date: 'Cette date est déjà passée.' });
    expect(await fieldErrorsOf(schedule({ date: '2026-12-08', time: '10:00', places: '4', minParticipants: '5', decisionDate: '2026-12-09', decisionTime: '10:00' }))).toEqual({
      minParticipants: 'Le minimum de participants ne peut pas dépasser le nombre de places.',
    });
    expect(await fieldErrorsOf(schedule({ date: '2026-12-08', time: '10:00', places: '4', minParticipants: '2', decisionDate: '2026-12-09', decisionTime: '10:00' }))).toEqual({
      decisionDate: 'La décision doit être prise avant le début de la séance.',
    });
    expect(Object.keys(await fieldErrorsOf(schedule({ date: '2026-12-08', time: '10:00', places: '4', minParticipants: '2' })))).toEqual(['decisionDate', 'decisionTime']);
    const checkUp = await t.services.catalog.serviceBySlug('diagnostic-informatique');
    expect((await appErrorOf(t.services.booking.sessions.schedule(checkUp, { date: '2026-12-08', time: '10:00', places: '4' }, 'fr'))).code).toBe('NOT_A_SESSION_SERVICE');
  });

  it('changes a session’s places, never below the places booked', async () => {
    await bookWorkshop(SECOND, 4);
    const session = await sessionAt(SECOND);
    expect(await fieldErrorsOf(t.services.booking.sessions.setPlaces(session.id, { places: '3' }, 'fr'))).toEqual({
      places: 'Des participants ont déjà réservé plus de places que ce nombre.',
    });
    await t.services.booking.sessions.setPlaces(session.id, { places: '10' }, 'fr');
    expect((await slotsOn('2026-12-05', '2026-12-05'))[0]!.remaining).toBe(6);
  });

  it('moves a booking of several places to another session only where they all fit', async () => {
    const { booking } = await bookWorkshop(FIRST, 4);
    await bookWorkshop(SECOND, 3, 'other@example.fr');
    const refused = await appErrorOf(t.services.booking.moveByOwner(booking.id, SECOND, null, 'fr'));
    expect(refused.code).toBe('NOT_ENOUGH_PLACES');
    const moved = await t.services.booking.moveByOwner(booking.id, THIRD, null, 'fr');
    expect(moved.sessionId).toBe((await sessionAt(THIRD)).id);
    expect((await slotsOn('2026-12-02', '2026-12-09')).map((s) => s.remaining)).toEqual([6, 3, 2]);
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import { fieldErrorOf, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { createTestApp, customer, MONDAY_10, TEST_SECRET, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest, countRows, fieldErrorsOf } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { workshopAtOpenHours } from '../../../test/support/sessions.js';
import type { DialectName } from '../../db/dialect.js';
import { sign } from '../../platform/ids.js';

/**
 * The withdrawal right handled, not hidden (issue 5, item 8). TEST_NOW is Thursday 26 November
 * 2026: Monday 30 November is inside the 14-day period, Monday 14 December after it, and the
 * first day offered instead is Friday 11 December (15 days on).
 */
const NBSP = '\u00a0';
const LATER = '2026-12-14T10:00:00+01:00';
const SLUG = 'diagnostic-informatique';
const token = (reference: string) => sign(TEST_SECRET, `booking:${reference}`, 32);
const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describeEachDialect('the withdrawal right at booking', (dialect: DialectName) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    await workshopAtOpenHours(t);
  });
  afterEach(() => t?.close());

  const book = (overrides: Parameters<typeof bookingRequest>[0] = {}, options: Parameters<typeof apiOptions>[0] = {}) =>
    t.services.booking.bookSlot(bookingRequest(overrides), apiOptions(options));
  const postJson = (body: unknown, locale = 'fr') =>
    t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'application/json', 'accept-language': locale }, payload: JSON.stringify(body) });
  const formFields = (start: string, extra: Record<string, string> = {}) => {
    const c = customer();
    return {
      start,
      idempotencyKey: 'form-key-withdrawal-0123',
      'customer.lastName': c.lastName,
      'customer.firstName': c.firstName,
      'customer.country': c.country,
      'customer.email': c.email,
      'customer.phone': c.phone,
      acceptTerms: 'on',
      ...extra,
    };
  };
  const postForm = (fields: Record<string, string>, url = `/services/${SLUG}/reserver`) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody(fields) });

  it('API: a slot inside the period needs requestEarlyPerformance true, else 422 with a sentence that offers a later date', async () => {
    for (const value of [undefined, false]) {
      const refused = await postJson({ service: SLUG, start: MONDAY_10, customer: customer(), requestEarlyPerformance: value });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toEqual({
        errors: [
          {
            field: 'requestEarlyPerformance',
            message: `Cet horaire tombe dans votre délai de rétractation de 14${NBSP}jours. Pour le réserver, demandez que la prestation commence avant la fin de ce délai (cochez la case)${NBSP}; sinon, choisissez une date à partir du vendredi 11 décembre 2026.`,
          },
        ],
      });
    }
    const english = await postJson({ service: SLUG, start: MONDAY_10, customer: customer() }, 'en');
    expect((english.json() as { errors: { message: string }[] }).errors[0]!.message).toBe(
      'This time falls within your 14-day withdrawal period. To book it, ask for the service to start before the period ends (tick the box); otherwise, choose a date from Friday, 11 December 2026.',
    );
    expect(await countRows(t, 'bookings')).toBe(0);

    const accepted = await postJson({ service: SLUG, start: MONDAY_10, customer: customer(), requestEarlyPerformance: true });
    expect(accepted.statusCode).toBe(201);
  });

  it('asks nothing outside the period, nor where the right does not apply; records the request only where it means something', async () => {
    const later = await book({ start: LATER, requestEarlyPerformance: undefined });
    expect(later.booking.earlyPerformanceRequested).toBe(false);
    const laterAnyway = await book({ start: '2026-12-14T14:00:00+01:00', requestEarlyPerformance: true, customer: { email: 'b@example.fr' } });
    expect(laterAnyway.booking.earlyPerformanceRequested).toBe(false);
    // The workshop is a leisure service on a set date: no withdrawal right, no question.
    const workshop = await book({ service: 'atelier-numerique', start: '2026-11-30T14:00:00+01:00', requestEarlyPerformance: undefined });
    expect(workshop.booking.earlyPerformanceRequested).toBe(false);
    // The boundary: 14 days after now (26 November 08:00) is 10 December 08:00.
    const inside = await fieldErrorsOf(book({ start: '2026-12-09T17:30:00+01:00', requestEarlyPerformance: undefined }));
    expect(Object.keys(inside)).toEqual(['requestEarlyPerformance']);
    const justAfter = await book({ start: '2026-12-10T09:00:00+01:00', requestEarlyPerformance: undefined, customer: { email: 'c@example.fr' } });
    expect(justAfter.booking.earlyPerformanceRequested).toBe(false);
  });

  it('reports the missing request together with the other problems, so that one correction is enough', async () => {
    const errors = await fieldErrorsOf(book({ requestEarlyPerformance: undefined, customer: { email: 'nope', lastName: undefined } }));
    expect(Object.keys(errors).sort()).toEqual(['customer.email', 'customer.lastName', 'requestEarlyPerformance']);
  });

  it('form: inside the period it asks to choose between the early start (and what it means) and a later date', async () => {
    const form = await t.app.inject(`/services/${SLUG}/reserver?start=${encodeURIComponent(MONDAY_10)}`);
    expect(form.statusCode).toBe(200);
    const text = pageText(form.body);
    expect(text).toContain(`Cet horaire tombe dans votre délai de rétractation de 14${NBSP}jours${NBSP}: que préférez-vous${NBSP}?`);
    expect(text).toContain('Je garde le droit de me rétracter pendant ces 14');
    expect(text).toContain('je paierai alors la part de la prestation déjà effectuée');
    expect(text).toContain('Ou bien choisissez une date à partir du vendredi 11 décembre 2026');
    expect(form.body).toContain(`href="/services/${SLUG}?from=2026-12-11"`);
    expect(form.body).toMatch(/<input[^>]*name="requestEarlyPerformance"[^>]*required/);
    expect(form.body).not.toMatch(/<input[^>]*name="requestEarlyPerformance"[^>]*checked/);
    // The link leads to the slots from that day.
    const later = await t.app.inject(`/services/${SLUG}?from=2026-12-11`);
    expect(later.statusCode).toBe(200);
    expect(later.body).toContain('2026-12-11');

    const english = await t.app.inject(`/en/services/${SLUG}/book?start=${encodeURIComponent(MONDAY_10)}`);
    expect(pageText(english.body)).toContain('Or choose a date from Friday, 11 December 2026: you can then withdraw and owe nothing.');
    expect(english.body).toContain(`href="/en/services/${SLUG}?from=2026-12-11"`);

    const outside = await t.app.inject(`/services/${SLUG}/reserver?start=${encodeURIComponent(LATER)}`);
    expect(outside.statusCode).toBe(200);
    expect(outside.body).not.toContain('name="requestEarlyPerformance"');
    expect(pageText(outside.body)).not.toContain('que préférez-vous');
  });

  it('form: sent without the box, it comes back with the message beside it and nothing booked; ticked, it books', async () => {
    const refused = await postForm(formFields(MONDAY_10));
    expect(refused.statusCode).toBe(422);
    expect(fieldErrorOf(refused.body, 'requestEarlyPerformance')).toMatch(/^Cet horaire tombe dans votre délai de rétractation/);
    expect(await countRows(t, 'bookings')).toBe(0);
    const booked = await postForm(formFields(MONDAY_10, { requestEarlyPerformance: 'on' }));
    expect(booked.statusCode).toBe(303);
  });

  it('shows the choice on the confirmation page, in both mails and in the back office', async () => {
    const { booking } = await book();
    expect(booking.earlyPerformanceRequested).toBe(true);
    const page = pageText((await t.app.inject(`/reservation/${booking.reference}/${token(booking.reference)}?confirmee=1`)).body);
    expect(page).toContain(`Votre choix${NBSP}: vous avez demandé que la prestation commence avant la fin de votre délai de rétractation`);
    expect(page).toContain('vous paierez alors la part de la prestation déjà effectuée (article L221-25');

    const [confirmation, notice] = await t.services.outbox.forBooking(booking.id);
    expect(confirmation!.text).toContain(`Votre choix${NBSP}: vous avez demandé que la prestation commence avant la fin`);
    expect(notice!.text).toContain(`Début avant la fin du délai de rétractation${NBSP}: demandée par le client${NBSP}: s’il se rétracte dans les 14${NBSP}jours, il paie la part déjà effectuée`);

    const owner = await loggedInOwner(t);
    const admin = pageText((await owner.get(`/admin/reservations/${booking.id}`)).body);
    expect(admin).toContain('Début avant la fin du délai de rétractation demandée par le client');

    // A booking after the period: nothing to choose, and said so.
    const { booking: later } = await book({ start: LATER, customer: { email: 'later@example.fr' } }, { locale: 'en' });
    const laterPage = pageText((await t.app.inject(`/en/booking/${later.reference}/${token(later.reference)}`)).body);
    expect(laterPage).not.toContain('Your choice');
    const [laterConfirmation, laterNotice] = await t.services.outbox.forBooking(later.id);
    expect(laterConfirmation!.text).not.toContain('Your choice');
    expect(laterNotice!.text).toContain('sans objet');
    const laterAdmin = pageText((await owner.get(`/admin/reservations/${later.id}`)).body);
    expect(laterAdmin).toContain('Début avant la fin du délai de rétractation sans objet');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { workshopAtOpenHours } from '../../../test/support/sessions.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { expectDocumentedHeader, expectDocumentedResponse } from '../../../test/support/openapi.js';
import { buildSecondApp } from '../../../test/support/second-app.js';
import type { DialectName } from '../../db/dialect.js';

/** Limits that keep the public booking path from being used to flood mailboxes or the server. */
const SLUG = 'diagnostic-informatique';
const monday = (hhmm: string) => `2026-11-30T${hhmm}:00+01:00`;
const HOUR = 3_600_000;

function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function formFields(start: string, overrides: Record<string, string> = {}): Record<string, string> {
  const c = customer();
  return {
    start,
    'customer.lastName': c.lastName,
    'customer.firstName': c.firstName,
    'customer.country': c.country,
    'customer.email': c.email,
    'customer.phone': c.phone,
    acceptTerms: 'on',
    // The slots of these tests are inside the 14-day withdrawal period: the customer asks for the early start.
    requestEarlyPerformance: 'on',
    ...overrides,
  };
}

describeEachDialect('booking limits', (dialect: DialectName) => {
  let t: TestApp;
  afterEach(() => t?.close());

  const postForm = (url: string, fields: Record<string, string>, remoteAddress = '10.1.0.1') =>
    t.app.inject({ method: 'POST', url, remoteAddress, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody(fields) });
  const postJson = (body: unknown, headers: Record<string, string> = {}, remoteAddress = '10.1.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/v1/bookings', remoteAddress, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
  /** The first free slot of the demo check-up from Monday 30 November on. */
  async function freeSlot(): Promise<string> {
    const response = await t.app.inject(`/api/v1/services/${SLUG}/slots?from=2026-11-30&to=2026-12-18`);
    return (response.json() as { start: string }[])[0]!.start;
  }
  const countBookings = async () =>
    Number((await t.db.database.db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  describe('bookings per e-mail address', () => {
    it('accepts five public bookings per address in a rolling hour, then answers 429 on the form and in the API, in both languages', async () => {
      t = await createTestApp(dialect, { env: { BOOKINGS_PER_EMAIL_PER_HOUR: '5' } });
      // Form and API count together; the address is compared as stored (lower case).
      expect((await postForm(`/services/${SLUG}/reserver`, formFields(await freeSlot()))).statusCode).toBe(303);
      expect((await postForm(`/en/services/${SLUG}/book`, formFields(await freeSlot(), { 'customer.email': 'Claire.Martin@Example.fr' }))).statusCode).toBe(303);
      for (let i = 0; i < 3; i++) {
        expect((await postJson({ service: SLUG, start: await freeSlot(), customer: customer(), requestEarlyPerformance: true })).statusCode).toBe(201);
      }
      // A cancelled booking still counts: book, cancel, book again is what the limit is for.
      const first = await t.db.database.db.selectFrom('bookings').select('id').orderBy('created_at').executeTakeFirstOrThrow();
      await t.services.booking.cancelByOwner(first.id, null);
      const before = await countBookings();

      const next = await freeSlot();
      const api = await postJson({ service: SLUG, start: next, customer: customer(), requestEarlyPerformance: true }, { 'accept-language': 'en' });
      expect(api.statusCode).toBe(429);
      expect(api.json()).toEqual({
        error: {
          code: 'TOO_MANY_BOOKINGS_FOR_EMAIL',
          message: 'Several bookings have already been made with this email address in the last hour. To make another one, try again in an hour, or call us.',
        },
      });
      expectDocumentedResponse('/api/v1/bookings', 'post', 429, api.json());
      // Every counted booking was made at this same instant: the address may book again in an hour, to the second.
      expect(api.headers['retry-after']).toBe('3600');
      expectDocumentedHeader('/api/v1/bookings', 'post', 429, 'Retry-After', api.headers['retry-after']);

      const form = await postForm(`/services/${SLUG}/reserver`, formFields(next));
      expect(form.statusCode).toBe(429);
      expect(form.headers['content-type']).toContain('text/html');
      expect(form.body).toMatch(/<p class="field-error" id="f-customer-email-error">Plusieurs réservations ont déjà été faites avec cette adresse e-mail au cours de la dernière heure\./);
      const english = await postForm(`/en/services/${SLUG}/book`, formFields(next));
      expect(english.statusCode).toBe(429);
      expect(english.body).toContain('Several bookings have already been made with this email address in the last hour.');
      expect(await countBookings()).toBe(before);

      // Another address is not affected; the same one may book again once the hour has passed.
      expect((await postJson({ service: SLUG, start: next, customer: customer({ email: 'someone.else@example.fr' }), requestEarlyPerformance: true })).statusCode).toBe(201);
      t.clock.advance(HOUR - 90_000);
      const later = await postJson({ service: SLUG, start: await freeSlot(), customer: customer(), requestEarlyPerformance: true });
      expect(later.statusCode).toBe(429);
      expect(later.headers['retry-after']).toBe('90');
      t.clock.advance(90_000);
      expect((await postJson({ service: SLUG, start: await freeSlot(), customer: customer(), requestEarlyPerformance: true })).statusCode).toBe(201);
    });

    it('is counted in the database, so a second instance refuses too; a repeated request is still answered with its booking', async () => {
      t = await createTestApp(dialect, { env: { BOOKINGS_PER_EMAIL_PER_HOUR: '2' } });
      const key = { 'idempotency-key': `limit-${dialect}-key-1` };
      const firstStart = await freeSlot();
      expect((await postJson({ service: SLUG, start: firstStart, customer: customer(), requestEarlyPerformance: true }, key)).statusCode).toBe(201);
      expect((await postJson({ service: SLUG, start: await freeSlot(), customer: customer(), requestEarlyPerformance: true })).statusCode).toBe(201);
      const second = await buildSecondApp(t);
      try {
        const other = await second.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: { service: SLUG, start: await freeSlot(), customer: customer(), requestEarlyPerformance: true } });
        expect(other.statusCode).toBe(429);
        expect(other.json()).toMatchObject({ error: { code: 'TOO_MANY_BOOKINGS_FOR_EMAIL' } });
        expectDocumentedResponse('/api/v1/bookings', 'post', 429, other.json());
      } finally {
        await second.close();
      }
      const replay = await postJson({ service: SLUG, start: firstStart, customer: customer(), requestEarlyPerformance: true }, key);
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expectDocumentedHeader('/api/v1/bookings', 'post', 201, 'Idempotent-Replayed', replay.headers['idempotent-replayed']);
      expectDocumentedResponse('/api/v1/bookings', 'post', 201, replay.json());
    });

    it('can be turned off with 0', async () => {
      t = await createTestApp(dialect, { env: { BOOKINGS_PER_EMAIL_PER_HOUR: '0' } });
      for (let i = 0; i < 6; i++) expect((await postJson({ service: SLUG, start: await freeSlot(), customer: customer(), requestEarlyPerformance: true })).statusCode).toBe(201);
    });
  });

  describe('names', () => {
    it.each(['Zoë', 'O’Brien-Smith', "D'Artagnan", 'Nguyễn Thị', 'Łukasz', 'St. John', 'José María', 'J.R.R.', 'J.-P.'])('accepts %s', async (name) => {
      t = await createTestApp(dialect);
      const response = await postJson({ service: SLUG, start: monday('09:00'), customer: customer({ firstName: name, lastName: name }), requestEarlyPerformance: true });
      expect(response.statusCode, response.body).toBe(201);
    });

    it('refuses a name that carries a link or a message, with a sentence beside the field, and books nothing', async () => {
      t = await createTestApp(dialect);
      for (const lastName of ['https://evil.example/win', 'Martin <b>', 'Visit www.evil.example', 'Call 0612345678', 'Claire: click here!', '-Martin', 'evil.example', 'Claire@example.fr']) {
        const api = await postJson({ service: SLUG, start: monday('09:00'), customer: customer({ lastName, firstName: lastName }), requestEarlyPerformance: true }, { 'accept-language': 'en' });
        expect(api.statusCode, lastName).toBe(422);
        expect(api.json(), lastName).toEqual({
          errors: expect.arrayContaining([
            { field: 'customer.lastName', message: 'Your last name may only hold letters (with or without accents), spaces, hyphens, apostrophes and dots.' },
            { field: 'customer.firstName', message: 'Your first name may only hold letters (with or without accents), spaces, hyphens, apostrophes and dots.' },
          ]),
        });
      }
      const form = await postForm(`/services/${SLUG}/reserver`, formFields(monday('09:00'), { 'customer.firstName': 'https://evil.example' }));
      expect(form.statusCode).toBe(422);
      expect(form.body).toContain(
        '<p class="field-error" id="f-customer-firstName-error">Votre prénom ne peut contenir que des lettres (accentuées ou non), des espaces, des traits d’union, des apostrophes et des points.</p>',
      );
      expect(await countBookings()).toBe(0);
    });
  });

  describe('per-client request limits', () => {
    it('counts booking submissions per client across the French form, the English form and the API', async () => {
      t = await createTestApp(dialect, { env: { BOOKING_RATE_LIMIT: '3' } });
      const invalid = { 'customer.email': 'not-an-address' };
      expect((await postForm(`/services/${SLUG}/reserver`, formFields(monday('09:00'), invalid))).statusCode).toBe(422);
      expect((await postForm(`/en/services/${SLUG}/book`, formFields(monday('09:00'), invalid))).statusCode).toBe(422);
      expect((await postJson({ service: SLUG, start: monday('09:00'), customer: { email: 'x' } })).statusCode).toBe(422);
      // The fourth submission of this client, whichever route it takes, is one too many.
      for (const response of [
        await postForm(`/services/${SLUG}/reserver`, formFields(monday('09:00'))),
        await postForm(`/en/services/${SLUG}/book`, formFields(monday('09:00'))),
        await postJson({ service: SLUG, start: monday('09:00'), customer: customer(), requestEarlyPerformance: true }, { 'accept-language': 'en' }),
      ]) {
        expect(response.statusCode).toBe(429);
      }
      const api = await postJson({ service: SLUG, start: monday('09:00'), customer: customer(), requestEarlyPerformance: true }, { 'accept-language': 'en' });
      expect(api.json()).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: 'Too many requests in a short time. Wait a minute and try again.' } });
      expectDocumentedResponse('/api/v1/bookings', 'post', 429, api.json());
      expectDocumentedHeader('/api/v1/bookings', 'post', 429, 'Retry-After', api.headers['retry-after']);
      expect(await countBookings()).toBe(0);
      // Another client has its own counter.
      expect((await postJson({ service: SLUG, start: monday('09:00'), customer: customer(), requestEarlyPerformance: true }, {}, '10.1.0.2')).statusCode).toBe(201);
    });

    it('limits the slots API per client', async () => {
      t = await createTestApp(dialect, { env: { SLOTS_RATE_LIMIT: '3' } });
      const url = `/api/v1/services/${SLUG}/slots?from=2026-11-30&to=2026-11-30`;
      for (let i = 0; i < 3; i++) expect((await t.app.inject({ url, remoteAddress: '10.2.0.1' })).statusCode).toBe(200);
      const refused = await t.app.inject({ url, remoteAddress: '10.2.0.1', headers: { 'accept-language': 'en' } });
      expect(refused.statusCode).toBe(429);
      expectDocumentedResponse('/api/v1/services/{slug}/slots', 'get', 429, refused.json());
      expectDocumentedHeader('/api/v1/services/{slug}/slots', 'get', 429, 'Retry-After', refused.headers['retry-after']);
      expect((await t.app.inject({ url, remoteAddress: '10.2.0.2' })).statusCode).toBe(200);
    });
  });

  describe('work per slots request', () => {
    it('refuses with a clear 422 a range whose grid holds more slots than one request computes, and names the days that fit', async () => {
      t = await createTestApp(dialect);
      // The workshop's sessions would keep parts of these days busy: this counts the grid alone.
      await workshopAtOpenHours(t);
      // The densest service the back office allows: 5 minutes, every 5 minutes, round the clock.
      await t.db.database.db.updateTable('services').set({ duration_minutes: 5, slot_step_minutes: 5, horizon_days: 365, buffer_before_minutes: 0, buffer_after_minutes: 0 }).where('slug', '=', SLUG).execute();
      await t.services.catalog.replaceOpeningHours([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: '00:00', closesAt: '24:00' })));
      const tooWide = await t.app.inject({ url: `/api/v1/services/${SLUG}/slots?from=2026-12-01&to=2027-02-28`, headers: { 'accept-language': 'fr' } });
      expect(tooWide.statusCode).toBe(422);
      expect(tooWide.json()).toEqual({
        errors: [{ field: 'to', message: 'Cette prestation propose de nombreux créneaux par jour\u00a0: demandez au plus 17\u00a0jours à la fois.' }],
      });
      expectDocumentedResponse('/api/v1/services/{slug}/slots', 'get', 422, tooWide.json());
      const fits = await t.app.inject({ url: `/api/v1/services/${SLUG}/slots?from=2026-12-01&to=2026-12-17` });
      expect(fits.statusCode).toBe(200);
      expect((fits.json() as unknown[]).length).toBe(17 * 288);
      // The service page (14 days) still shows its slots.
      expect((await t.app.inject(`/services/${SLUG}`)).statusCode).toBe(200);
    });
  });
});

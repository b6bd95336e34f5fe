import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fieldErrorOf, formValues, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { createTestApp, customer, TEST_NOW, type TestApp } from '../../../test/support/app.js';
import { countRows } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';

/**
 * Group sessions and places over HTTP: the public pages and form without JavaScript, the
 * JSON API, and the owner's session pages in the back office.
 */
const WORKSHOP = '/services/atelier-numerique';
const FORM = `${WORKSHOP}/reserver`;
const FIRST = '2026-12-02T14:00:00+01:00';

function control(html: string, name: string): string | undefined {
  return html.match(new RegExp(`<input(?:[^>"]|"[^"]*")*\\sname="${name}"(?:[^>"]|"[^"]*")*>`))?.[0];
}

function filledForm(overrides: Record<string, string | undefined> = {}): string {
  const c = customer();
  const fields: Record<string, string | undefined> = {
    start: FIRST,
    'customer.lastName': c.lastName,
    'customer.firstName': c.firstName,
    'customer.country': c.country,
    'customer.email': c.email,
    'customer.phone': c.phone,
    acceptTerms: 'on',
    ...overrides,
  };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) params.append(name, value);
  return params.toString();
}

describeEachDialect('group sessions over HTTP', (dialect: DialectName) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(() => t?.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const postForm = (url: string, overrides: Record<string, string | undefined> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: filledForm(overrides) });
  const postJson = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const apiBody = (quantity?: unknown, email = 'api@example.fr') => ({ service: 'atelier-numerique', start: FIRST, customer: customer({ email }), ...(quantity === undefined ? {} : { quantity }) });

  describe('public pages', () => {
    it('lists the sessions on the service page, with the places left', async () => {
      await postJson(apiBody(2));
      const page = await get(`${WORKSHOP}?date=2026-12-02`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`href="${FORM}?start=${encodeURIComponent(FIRST)}"`);
      expect(pageText(page.body)).toContain('14\u00a0h 4 places');
      // Monday is open, but there is no session then.
      expect(page.body).not.toContain(encodeURIComponent('2026-11-30T14:00:00+01:00'));
      expect(pageText(page.body)).toContain('35,00\u00a0€ TTC (TVA 20\u00a0% incluse) par place');
    });

    it('asks for a number of places in the form, bounded by the service’s maximum and the places left', async () => {
      const form = await get(`${FORM}?start=${encodeURIComponent(FIRST)}`);
      expect(form.statusCode).toBe(200);
      const field = control(form.body, 'quantity')!;
      expect(field).toMatch(/type="number"/);
      expect(field).toMatch(/min="1"/);
      expect(field).toMatch(/max="4"/);
      expect(field).toMatch(/value="1"/);
      expect(form.body).toMatch(/<label[^>]*for="f-quantity"[^>]*>Nombre de places/);
      await postJson(apiBody(4));
      expect(control((await get(`${FORM}?start=${encodeURIComponent(FIRST)}`)).body, 'quantity')).toMatch(/max="2"/);
      // A one-place service shows no such field.
      const checkUp = await get(`/services/diagnostic-informatique/reserver?start=${encodeURIComponent('2026-11-30T10:00:00+01:00')}`);
      expect(control(checkUp.body, 'quantity')).toBeUndefined();
    });

    it('books three places through the form and shows them with the price on the booking page', async () => {
      const response = await postForm(FORM, { quantity: '3' });
      expect(response.statusCode, pageText(response.body).slice(0, 500)).toBe(303);
      const page = await get(String(response.headers.location));
      expect(pageText(page.body)).toContain('105,00\u00a0€ TTC (TVA 20\u00a0% incluse) · 3\u00a0places × 35,00\u00a0€');
      const slots = (await get('/api/v1/services/atelier-numerique/slots?from=2026-12-02&to=2026-12-02')).json();
      expect(slots).toEqual([{ start: FIRST, end: '2026-12-02T16:00:00+01:00', remaining: 3 }]);
    });

    it('explains a wrong number of places beside the field, and too many for the places left, writing nothing', async () => {
      for (const quantity of ['0', '-2', '1,5', 'trois']) {
        const response = await postForm(FORM, { quantity });
        expect(response.statusCode, quantity).toBe(422);
        expect(fieldErrorOf(response.body, 'quantity')).toBe('Indiquez un nombre de places entier, au moins 1.');
      }
      const above = await postForm(FORM, { quantity: '5' });
      expect([above.statusCode, fieldErrorOf(above.body, 'quantity')]).toEqual([422, 'Vous pouvez réserver au plus 4\u00a0places à la fois.']);
      await postJson(apiBody(4));
      const tooMany = await postForm(FORM, { quantity: '3', 'customer.email': 'late@example.fr' });
      expect(tooMany.statusCode).toBe(409);
      expect(fieldErrorOf(tooMany.body, 'quantity')).toMatch(/^Il ne reste plus assez de places/);
      expect(control(tooMany.body, 'quantity')).toMatch(/value="3"/);
      expect(await countRows(t, 'bookings')).toBe(1);
    });
  });

  describe('API', () => {
    it('books several places, 409 when they are gone, 422 out of range, in the documented shapes', async () => {
      const created = await postJson(apiBody(3));
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ service: 'atelier-numerique', quantity: 3, start: FIRST });
      const notEnough = await postJson(apiBody(4, 'b@example.fr'));
      expect(notEnough.statusCode).toBe(409);
      expect(notEnough.json()).toEqual({ error: { code: 'NOT_ENOUGH_PLACES', message: expect.stringMatching(/^Il ne reste plus assez de places/) } });
      expect((await postJson(apiBody(3, 'c@example.fr'))).statusCode).toBe(201);
      const gone = await postJson(apiBody(undefined, 'd@example.fr'));
      expect([gone.statusCode, gone.json().error.code]).toEqual([409, 'SLOT_TAKEN']);
      for (const quantity of [0, -1, 2.5, '2', 5]) {
        const invalid = await postJson(apiBody(quantity, 'e@example.fr'));
        expect(invalid.statusCode, String(quantity)).toBe(422);
        expect(invalid.json().errors).toEqual([{ field: 'quantity', message: expect.any(String) }]);
      }
      expect(await countRows(t, 'bookings')).toBe(2);
    });
  });

  describe('back office', () => {
    it('shows a scheduled session in the agenda before anyone books it, then the places taken, not the bookings', async () => {
      const owner = await loggedInOwner(t);
      const day = '/admin/agenda?date=2026-12-02';
      const before = pageText((await owner.get(day)).body);
      expect(before).toContain('14\u00a0h–16\u00a0h Atelier numérique en petit groupe 0/6 0\u00a0place prise sur 6 Séance programmée, personne n’est encore inscrit.');
      expect((await postJson(apiBody(3, 'famille@example.fr'))).statusCode).toBe(201);
      expect((await postJson(apiBody(1, 'seule@example.fr'))).statusCode).toBe(201);
      const after = pageText((await owner.get(day)).body);
      expect(after).toContain('Atelier numérique en petit groupe 4/6 4\u00a0places prises sur 6');
      expect(after).not.toContain('personne n’est encore inscrit');
      // The week's list (what a phone shows) says the same.
      expect(pageText((await owner.get(`${day}&vue=semaine`)).body)).toContain('Mercredi 2 décembre 2026 Ouvert');
    });

    it('lists a service’s sessions with places booked, schedules one and refuses mistakes, without JavaScript', async () => {
      const owner = await loggedInOwner(t);
      await postJson(apiBody(2));
      const workshop = await t.services.catalog.serviceBySlug('atelier-numerique');
      const listUrl = `/admin/prestations/${workshop.id}/seances`;
      const list = await owner.get(listUrl);
      expect(list.statusCode).toBe(200);
      const text = pageText(list.body);
      expect(text).toContain('Séances\u00a0: Atelier numérique en petit groupe');
      expect(text).toContain('mercredi 2 décembre 2026 à 14\u00a0h 2/6 3');
      const services = await owner.get('/admin/prestations');
      expect(services.body).toContain(`href="${listUrl}"`);

      const refused = await owner.post(listUrl, { date: '2026-12-10', time: '9h', places: '8', minParticipants: '3', decisionDate: '', decisionTime: '' });
      expect(refused.statusCode).toBe(422);
      expect(fieldErrorOf(refused.body, 'decisionDate')).toBe('Avec un minimum de participants, indiquez quand décider si la séance a lieu.');
      expect(formValues(refused.body, listUrl)).toMatchObject({ date: '2026-12-10', time: '9h', places: '8', minParticipants: '3' });

      const added = await owner.post(listUrl, { date: '2026-12-10', time: '9h', places: '8', minParticipants: '3', decisionDate: '2026-12-08', decisionTime: '18:00' });
      expect(added.statusCode).toBe(303);
      const sessionUrl = String(added.headers.location);
      expect(pageText((await owner.get(sessionUrl)).body)).toContain('Séance du jeudi 10 décembre 2026 à 9\u00a0h');
      const slots = (await get('/api/v1/services/atelier-numerique/slots?from=2026-12-10&to=2026-12-10')).json();
      expect(slots).toEqual([{ start: '2026-12-10T09:00:00+01:00', end: '2026-12-10T11:00:00+01:00', remaining: 8 }]);
      const twice = await owner.post(listUrl, { date: '2026-12-10', time: '09:00', places: '8' });
      expect([twice.statusCode, fieldErrorOf(twice.body, 'date')]).toEqual([409, 'Une séance de cette prestation est déjà prévue à cette date et à cette heure.']);
    });

    it('changes the places and cancels a session after a confirmation page; the participants are told', async () => {
      const owner = await loggedInOwner(t);
      const booked = await postJson(apiBody(2, 'participant@example.fr'));
      const workshop = await t.services.catalog.serviceBySlug('atelier-numerique');
      const [session] = await t.services.catalog.sessions.ofService(workshop.id, TEST_NOW, '2026-12-03T00:00:00Z');
      const sessionUrl = `/admin/seances/${session!.id}`;
      const page = await owner.get(sessionUrl);
      expect(pageText(page.body)).toContain('Claire Martin 2');
      for (const html of [page.body, (await owner.get(`${sessionUrl}/annuler`)).body, (await owner.get(`/admin/prestations/${workshop.id}/seances`)).body]) {
        const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
        expect(ids.length, 'ids').toBe(new Set(ids).size);
        expect(html).not.toMatch(/\\u00a0/);
      }

      const below = await owner.post(sessionUrl, { places: '1' });
      expect([below.statusCode, fieldErrorOf(below.body, 'places')]).toEqual([422, 'Des participants ont déjà réservé plus de places que ce nombre.']);
      expect((await owner.post(sessionUrl, { places: '10' })).statusCode).toBe(303);
      expect((await get('/api/v1/services/atelier-numerique/slots?from=2026-12-02&to=2026-12-02')).json()[0].remaining).toBe(8);

      const confirm = await owner.get(`${sessionUrl}/annuler`);
      expect(confirm.statusCode).toBe(200);
      expect(pageText(confirm.body)).toContain('1\u00a0réservation sera annulée et chaque participant prévenu par e-mail.');
      expect(await countRows(t, 'outbox_messages')).toBe(2);
      const cancelled = await owner.post(`${sessionUrl}/annuler`, { reason: 'Salle indisponible' });
      expect([cancelled.statusCode, cancelled.headers.location]).toEqual([303, sessionUrl]);
      expect(pageText((await owner.get(sessionUrl)).body)).toContain('Cette séance est annulée.');
      const reference = booked.json().reference as string;
      const bookingRow = await t.db.database.db.selectFrom('bookings').select(['status', 'cancellation_reason', 'id']).where('reference', '=', reference).executeTakeFirstOrThrow();
      expect(bookingRow).toMatchObject({ status: 'cancelled', cancellation_reason: 'Salle indisponible' });
      const mails = await t.services.outbox.forBooking(bookingRow.id);
      expect(mails.map((m) => m.kind)).toContain('booking-cancelled');
      // Sent again (a second click): the same page, nothing more.
      expect((await owner.post(`${sessionUrl}/annuler`, {})).statusCode).toBe(303);
      expect((await t.services.outbox.forBooking(bookingRow.id)).filter((m) => m.kind === 'booking-cancelled')).toHaveLength(1);
    });

    it('turns a service into a session service from its form, with the places one booking may take', async () => {
      const owner = await loggedInOwner(t);
      const checkUp = await t.services.catalog.serviceBySlug('diagnostic-informatique');
      const url = `/admin/prestations/${checkUp.id}`;
      const page = await owner.get(url);
      const values = formValues(page.body, url);
      expect(values).toMatchObject({ scheduling: 'open_hours', maxPlacesPerBooking: '1' });
      expect(page.body).not.toContain(`href="${url}/seances"`);
      const wrong = await owner.post(url, { ...values, scheduling: 'weekly', maxPlacesPerBooking: '0' });
      expect(wrong.statusCode).toBe(422);
      expect(fieldErrorOf(wrong.body, 'maxPlacesPerBooking')).toBe('Le nombre de places par réservation est hors des limites permises.');
      expect(fieldErrorOf(wrong.body, 'scheduling')).toBeDefined();
      expect((await owner.post(url, { ...values, scheduling: 'sessions', maxPlacesPerBooking: '3' })).statusCode).toBe(303);
      expect(await t.services.catalog.serviceById(checkUp.id)).toMatchObject({ scheduling: 'sessions', maxPlacesPerBooking: 3 });
      expect((await owner.get(url)).body).toContain(`href="${url}/seances"`);
      // No session yet: nothing to book, and the opening hours no longer offer it.
      expect((await get('/api/v1/services/diagnostic-informatique/slots?from=2026-11-30&to=2026-12-06')).json()).toEqual([]);
    });

    it('refuses anonymous visitors and answers an unknown session with 404', async () => {
      const workshop = await t.services.catalog.serviceBySlug('atelier-numerique');
      for (const url of [`/admin/prestations/${workshop.id}/seances`, '/admin/seances/x', '/admin/seances/x/annuler']) {
        const response = await get(url);
        expect(response.statusCode, url).toBe(303);
        expect(String(response.headers.location)).toMatch(/^\/admin\/connexion/);
      }
      const owner = await loggedInOwner(t);
      expect((await owner.get('/admin/seances/unknown')).statusCode).toBe(404);
      expect((await owner.get(`/admin/seances/${'x'.repeat(90)}`)).statusCode).toBe(404);
    });
  });
});

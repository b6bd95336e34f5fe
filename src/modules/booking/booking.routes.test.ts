import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, customer, MONDAY_10, TEST_SECRET, type TestApp } from '../../../test/support/app.js';
import { workshopAtOpenHours } from '../../../test/support/sessions.js';
import { countRows, FRENCH_SPACING_MISTAKE, icsProperties } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import { sign } from '../../platform/ids.js';
import { demoServices } from '../catalog/index.js';

/**
 * The booking flow over HTTP, as a browser without JavaScript and an API client see it:
 * pages, forms posted as application/x-www-form-urlencoded, redirects, and JSON.
 */
const NBSP = '\u00a0';
const SLUG = 'diagnostic-informatique';
const FORM = `/services/${SLUG}/reserver`;
const EN_FORM = `/en/services/${SLUG}/book`;
const KEY = 'form-key-0123456789abcdef';
const monday = (hhmm: string) => `2026-11-30T${hhmm}:00+01:00`;
const token = (reference: string) => sign(TEST_SECRET, `booking:${reference}`, 32);

// ── Reading pages ────────────────────────────────────────────────────────────

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, NBSP)
    .replace(/&amp;/g, '&');
}

/** The visible text of a page: no tags, scripts or island props, entities decoded, spaces collapsed (non-breaking ones kept). */
function textOf(html: string): string {
  return decode(
    html
      .replace(/<script[\s\S]*?<\/script>/g, ' ')
      .replace(/<style[\s\S]*?<\/style>/g, ' ')
      .replace(/<[^>]*>/g, ' '),
  ).replace(/[ \t\r\n]+/g, ' ');
}

/** Every value of an attribute in the page, decoded. */
function attributes(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => decode(m[1]!));
}

/** The opening tag of the form control named `name`. */
function control(html: string, name: string): string | undefined {
  const attribute = '(?:[^>"]|"[^"]*")*';
  return html.match(new RegExp(`<(?:input|select|textarea)${attribute}\\sname="${name.replace(/\./g, '\\.')}"${attribute}>`))?.[0];
}

function valueOf(html: string, name: string): string | undefined {
  const tag = control(html, name);
  const value = tag?.match(/\svalue="([^"]*)"/)?.[1];
  return value === undefined ? undefined : decode(value);
}

/** The message shown beside a field (its .field-error paragraph). */
function errorBeside(html: string, field: string): string | undefined {
  const id = `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}-error`;
  const match = html.match(new RegExp(`<p class="field-error" id="${id}">([\\s\\S]*?)</p>`));
  return match ? textOf(match[1]!).trim() : undefined;
}

/** The error summary at the top of a form: link target → message. */
function errorSummary(html: string): Record<string, string> {
  const summary = html.match(/<div class="error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '';
  return Object.fromEntries([...summary.matchAll(/<a href="#([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => [m[1]!, textOf(m[2]!).trim()]));
}

function formBody(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) params.append(name, value);
  return params.toString();
}

/** What a browser posts from the details form, for the demo check-up at MONDAY_10. */
function filledForm(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const c = customer();
  return {
    start: MONDAY_10,
    idempotencyKey: KEY,
    'customer.lastName': c.lastName,
    'customer.firstName': c.firstName,
    'customer.company': '',
    'customer.country': c.country,
    'customer.email': c.email,
    'customer.phone': c.phone,
    'customer.address.line1': '',
    'customer.address.line2': '',
    'customer.address.postalCode': '',
    'customer.address.city': '',
    'customer.address.country': '',
    acceptTerms: 'on',
    // MONDAY_10 is inside the withdrawal period: the customer asks for the early start.
    requestEarlyPerformance: 'on',
    ...overrides,
  };
}

describeEachDialect('booking pages and API', (dialect: DialectName) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    // These tests share the workshop's places within opening hours; sessions.routes.test.ts tests its sessions.
    await workshopAtOpenHours(t);
  });
  afterEach(() => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const postForm = (url: string, fields: Record<string, string | undefined>) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody(fields) });
  const postJson = (body: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
  /** Books through the form and returns the booking page's path (without the query). */
  async function bookThroughForm(overrides: Record<string, string | undefined> = {}, url = FORM): Promise<{ path: string; reference: string; token: string }> {
    const response = await postForm(url, filledForm(overrides));
    expect(response.statusCode, textOf(response.body).slice(0, 2000)).toBe(303);
    const location = String(response.headers.location);
    const match = location.match(/^(?:\/en)?\/(?:reservation|booking)\/([0-9A-Z-]+)\/([A-Za-z0-9_-]+)\?confirmee=1$/);
    expect(match, location).not.toBeNull();
    return { path: location.split('?')[0]!, reference: match![1]!, token: match![2]! };
  }

  // ── The service page: day → slot ──────────────────────────────────────────

  describe('service page', () => {
    it('shows fourteen days from today and the first day’s slots as plain links', async () => {
      const response = await get(`/services/${SLUG}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      const hrefs = attributes(response.body, 'href');
      // Thursday 26 is today: with two hours' notice, its first slot is at 10:00.
      expect(hrefs).toContain(`/services/${SLUG}?from=2026-11-26&date=2026-11-30`);
      expect(hrefs).toContain(`/services/${SLUG}?from=2026-11-26&date=2026-12-09`);
      expect(hrefs).not.toContain(`/services/${SLUG}?from=2026-11-26&date=2026-12-10`);
      expect(hrefs).not.toContain(`/services/${SLUG}?from=2026-11-26&date=2026-11-29`); // Sunday: closed
      const slotLinks = hrefs.filter((h) => h.startsWith(`${FORM}?start=`)).map((h) => decodeURIComponent(h.slice(FORM.length + 7)));
      expect(slotLinks[0]).toBe('2026-11-26T10:00:00+01:00');
      expect(slotLinks.at(-1)).toBe('2026-11-26T17:30:00+01:00');
      expect(hrefs).toContain(`/services/${SLUG}?from=2026-12-10`);
      expect(textOf(response.body)).toContain('jeudi 26 novembre 2026');
    });

    it('shows the chosen day’s free slots, without the taken ones and those their buffer blocks', async () => {
      await bookThroughForm();
      const response = await get(`/services/${SLUG}?date=2026-11-30`);
      expect(response.statusCode).toBe(200);
      const starts = attributes(response.body, 'href')
        .filter((h) => h.startsWith(`${FORM}?start=`))
        .map((h) => decodeURIComponent(h.slice(FORM.length + 7)).slice(11, 16));
      expect(starts).toEqual(['11:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00', '17:30']);
    });

    it('shows the places left of a group session', async () => {
      await bookThroughForm({ start: monday('14:00') }, '/services/atelier-numerique/reserver');
      const text = textOf((await get('/services/atelier-numerique?date=2026-11-30')).body);
      expect(text).toContain('Places par séance 6');
      expect(text).toMatch(/14\u00a0h 5 places/);
      expect(text).toMatch(/16\u00a0h 6 places/);
    });

    it('exists in English, with English links', async () => {
      const response = await get(`/en/services/${SLUG}?date=2026-11-30`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<html lang="en"');
      expect(attributes(response.body, 'href')).toContain(`${EN_FORM}?start=${encodeURIComponent(monday('09:00'))}`);
      expect(textOf(response.body)).toContain('Monday, 30 November 2026');
    });

    it('answers an unknown service with a 404 page', async () => {
      const response = await get('/services/vol-en-montgolfiere');
      expect(response.statusCode).toBe(404);
      expect(textOf(response.body)).toContain('Cette prestation n’existe pas ou n’est plus proposée.');
    });
  });

  // ── The details form ──────────────────────────────────────────────────────

  describe('details form', () => {
    it('shows the slot, every field named as the API names it, the art. 13 notice and the privacy policy link', async () => {
      const response = await get(`${FORM}?start=${encodeURIComponent(MONDAY_10)}`);
      expect(response.statusCode).toBe(200);
      const html = response.body;
      expect(html).toMatch(new RegExp(`<form method="post" action="${FORM}"`));
      expect(valueOf(html, 'start')).toBe(MONDAY_10);
      expect(valueOf(html, 'idempotencyKey')).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
      for (const name of ['customer.lastName', 'customer.firstName', 'customer.company', 'customer.country', 'customer.email', 'customer.phone', 'customer.address.line1', 'customer.address.line2', 'customer.address.postalCode', 'customer.address.city', 'customer.address.country', 'acceptTerms']) {
        expect(control(html, name), name).toBeDefined();
      }
      const text = textOf(html);
      expect(text).toContain('lundi 30 novembre 2026 à 10\u00a0h');
      expect(text).toContain(t.services.privacy.collectionNotice('bookings', 'fr'));
      expect(attributes(html, 'href')).toContain('/politique-de-confidentialite');
      expect(attributes(html, 'href')).toContain(`/conditions-generales-de-vente?version=${t.services.legal.terms.version}`);
      expect(text).toContain('Vous disposez de 14 jours à compter de la réservation pour vous rétracter');
      // Two forms shown to two people do not share a key.
      expect(valueOf((await get(`${FORM}?start=${encodeURIComponent(MONDAY_10)}`)).body, 'idempotencyKey')).not.toBe(valueOf(html, 'idempotencyKey'));
    });

    it('exists in English', async () => {
      const response = await get(`${EN_FORM}?start=${encodeURIComponent(MONDAY_10)}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toMatch(new RegExp(`<form method="post" action="${EN_FORM}"`));
      const text = textOf(response.body);
      expect(text).toContain('Your details');
      expect(text).toContain('Monday, 30 November 2026 at 10:00');
      expect(text).toContain(t.services.privacy.collectionNotice('bookings', 'en'));
      expect(attributes(response.body, 'href')).toContain('/en/privacy-policy');
    });

    it('states the exclusion of the withdrawal right for a dated leisure workshop', async () => {
      const text = textOf((await get(`/services/atelier-numerique/reserver?start=${encodeURIComponent(monday('14:00'))}`)).body);
      expect(text).toContain('Pas de droit de rétractation');
      expect(text).toContain('L221-28, 12°');
      expect(text).not.toContain('Vous disposez de 14 jours');
    });

    it('sends a taken or unknown start back to the slot picker with a message', async () => {
      await bookThroughForm();
      const taken = await get(`${FORM}?start=${encodeURIComponent(MONDAY_10)}`);
      expect(taken.statusCode).toBe(409);
      expect(textOf(taken.body)).toContain('Ce créneau vient d’être réservé ou n’est plus disponible. Choisissez un autre horaire.');
      for (const start of [monday('10:15'), '2026-11-30T10:00:00', 'demain', '']) {
        const response = await get(`${FORM}?start=${encodeURIComponent(start)}`);
        expect(response.statusCode, start).toBe(422);
        expect(textOf(response.body)).toContain('Cet horaire n’est pas ou plus proposé. Choisissez l’un des créneaux ci-dessous.');
      }
      expect((await get(FORM)).statusCode).toBe(422);
    });
  });

  // ── Posting the form ──────────────────────────────────────────────────────

  describe('posting the form', () => {
    it('books and redirects (303) to the booking’s private page, which shows it', async () => {
      const response = await postForm(FORM, filledForm());
      expect(response.statusCode).toBe(303);
      expect(response.headers['set-cookie']).toBeUndefined();
      const { path, reference } = await bookThroughForm({}, FORM); // the same key: the same booking
      expect(response.headers.location).toBe(`${path}?confirmee=1`);
      expect(path).toBe(`/reservation/${reference}/${token(reference)}`);

      const page = await get(`${path}?confirmee=1`);
      expect(page.statusCode).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['x-robots-tag']).toBe('noindex, nofollow');
      const text = textOf(page.body);
      expect(text).toContain(`C’est réservé${NBSP}! Une confirmation part à l’adresse claire.martin@example.fr.`);
      expect(text).toContain(reference);
      expect(text).toContain('Diagnostic informatique');
      expect(text).toContain('lundi 30 novembre 2026 à 10\u00a0h');
      expect(text).toContain('+33 6 12 34 56 78');
      expect(attributes(page.body, 'href')).toContain(`${path}/calendar.ics`);
      expect(attributes(page.body, 'href')).toContain(`${path}/annuler`);

      const [booking] = await t.services.booking.startingBetween('2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z');
      expect(booking).toMatchObject({ reference, source: 'web', locale: 'fr', status: 'confirmed' });
      expect(await countRows(t, 'bookings')).toBe(1);
    });

    it('shows each problem beside its field and in a summary, keeps what was typed, and books nothing', async () => {
      const response = await postForm(FORM, filledForm({ 'customer.email': 'claire@', 'customer.lastName': '', 'customer.firstName': 'Zoé <b>', 'customer.phone': '12', acceptTerms: undefined, 'customer.address.city': 'Paris', 'customer.address.postalCode': '7500' }));
      expect(response.statusCode).toBe(422);
      const html = response.body;
      const expected = {
        'customer.email': 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
        'customer.lastName': 'Indiquez votre nom.',
        // A name holds letters, not markup: refused, and what was typed is shown back escaped.
        'customer.firstName': 'Votre prénom ne peut contenir que des lettres (accentuées ou non), des espaces, des traits d’union, des apostrophes et des points.',
        'customer.phone': 'Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.',
        'customer.address.line1': 'Indiquez votre adresse (numéro et rue).',
        'customer.address.country': 'Indiquez le pays de votre adresse.',
        acceptTerms: 'Cochez la case pour accepter les conditions générales de vente.',
      };
      for (const [field, message] of Object.entries(expected)) {
        expect(errorBeside(html, field), field).toBe(message);
        expect(control(html, field), field).toMatch(/aria-invalid="true"/);
      }
      expect(errorSummary(html)).toEqual(Object.fromEntries(Object.entries(expected).map(([field, message]) => [`f-${field.replace(/\./g, '-')}`, message])));
      expect(textOf(html)).toContain(`Votre réservation n’est pas encore enregistrée${NBSP}: corrigez les points suivants`);
      expect(valueOf(html, 'customer.email')).toBe('claire@');
      expect(valueOf(html, 'customer.firstName')).toBe('Zoé <b>');
      expect(html).not.toContain('Zoé <b>');
      expect(valueOf(html, 'customer.address.city')).toBe('Paris');
      expect(valueOf(html, 'customer.address.postalCode')).toBe('7500');
      expect(control(html, 'customer.country')).toBeDefined();
      expect(html).toMatch(/<option value="FR" selected/);
      expect(valueOf(html, 'start')).toBe(MONDAY_10);
      // The same key is kept, so that the corrected form still cannot book twice.
      expect(valueOf(html, 'idempotencyKey')).toBe(KEY);
      expect(await countRows(t, 'bookings')).toBe(0);
    });

    it('asks for the terms to be accepted, in English too', async () => {
      const french = await postForm(FORM, filledForm({ acceptTerms: undefined }));
      expect(french.statusCode).toBe(422);
      expect(errorBeside(french.body, 'acceptTerms')).toBe('Cochez la case pour accepter les conditions générales de vente.');
      const english = await postForm(EN_FORM, filledForm({ acceptTerms: 'off', 'customer.email': 'x' }));
      expect(english.statusCode).toBe(422);
      expect(errorBeside(english.body, 'acceptTerms')).toBe('Tick the box to accept the terms of sale.');
      expect(errorBeside(english.body, 'customer.email')).toBe('Enter a valid email address, e.g. name@example.com.');
      expect(await countRows(t, 'bookings')).toBe(0);
    });

    it('books once for a form posted twice (double click, reload)', async () => {
      const first = await bookThroughForm();
      const second = await bookThroughForm();
      expect(second).toEqual(first);
      expect(await countRows(t, 'bookings')).toBe(1);
      expect(await countRows(t, 'outbox_messages')).toBe(2);
    });

    it('says a form that already booked was sent again with other details, and books nothing more', async () => {
      const workshop = '/services/atelier-numerique/reserver';
      const start = monday('14:00');
      await bookThroughForm({ start }, workshop);
      const reused = await postForm(workshop, filledForm({ start, 'customer.email': 'friend@example.fr' }));
      expect(reused.statusCode).toBe(409);
      expect(textOf(reused.body)).toContain('Ce formulaire a déjà servi à une réservation\u00a0: sa confirmation est dans votre boîte e-mail.');
      // Back to the slots, from which a new booking starts with a new form.
      expect(reused.body).toContain('/services/atelier-numerique/reserver?start=');
      expect(await countRows(t, 'bookings')).toBe(1);
    });

    it('ignores a key the form could not have sent, instead of storing it', async () => {
      await bookThroughForm({ idempotencyKey: 'k'.repeat(20_000) });
      const [booking] = await t.db.database.db.selectFrom('bookings').select(['idempotency_key']).execute();
      expect(booking?.idempotency_key ?? null).toBeNull();
    });

    it('answers a slot taken meanwhile with 409 and the slot picker', async () => {
      await bookThroughForm();
      const response = await postForm(FORM, filledForm({ idempotencyKey: 'another-key-0123456789', 'customer.email': 'late@example.fr' }));
      expect(response.statusCode).toBe(409);
      const text = textOf(response.body);
      expect(text).toContain('Ce créneau vient d’être réservé ou n’est plus disponible. Choisissez un autre horaire.');
      expect(text).toContain('Choisissez un horaire');
      expect(attributes(response.body, 'href')).toContain(`${FORM}?start=${encodeURIComponent(monday('11:30'))}`);
      expect(await countRows(t, 'bookings')).toBe(1);
    });

    it('sends a start outside the notice back to the slot picker with the reason', async () => {
      const response = await postForm(FORM, filledForm({ start: '2026-11-26T09:00:00+01:00' }));
      expect(response.statusCode).toBe(422);
      expect(textOf(response.body)).toContain(`Cette prestation se réserve au moins 2${NBSP}heures à l’avance.`);
    });

    it('books in English and shows the English booking page', async () => {
      const response = await postForm(EN_FORM, filledForm());
      expect(response.statusCode).toBe(303);
      const location = String(response.headers.location);
      expect(location).toMatch(/^\/en\/booking\/[0-9A-Z-]+\/[A-Za-z0-9_-]+\?confirmee=1$/);
      const page = await get(location);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<html lang="en"');
      const text = textOf(page.body);
      expect(text).toContain('You are booked! A confirmation is on its way to claire.martin@example.fr.');
      expect(text).toContain('Monday, 30 November 2026 at 10:00');
      expect(text).toContain('You have 14 days from booking to withdraw');
      const [booking] = await t.services.booking.startingBetween('2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z');
      expect(booking?.locale).toBe('en');
    });
  });

  // ── The booking's private page ────────────────────────────────────────────

  describe('booking page', () => {
    it('answers 404 to a wrong token, a wrong reference, and on every page under them', async () => {
      const { reference, token: right } = await bookThroughForm();
      const wrong = `${right.slice(0, -1)}${right.endsWith('A') ? 'B' : 'A'}`;
      for (const url of [
        `/reservation/${reference}/${wrong}`,
        `/reservation/${reference}/x`,
        `/reservation/ZZZZZ-ZZZZZ/${right}`,
        `/reservation/${reference}/${wrong}/calendar.ics`,
        `/reservation/${reference}/${wrong}/annuler`,
        `/en/booking/${reference}/${wrong}`,
      ]) {
        const response = await get(url);
        expect(response.statusCode, url).toBe(404);
        expect(response.body, url).not.toContain('claire.martin@example.fr');
      }
      const post = await postForm(`/reservation/${reference}/${wrong}/annuler`, {});
      expect(post.statusCode).toBe(404);
      expect((await t.services.booking.findForCustomer(reference, right)).booking.status).toBe('confirmed');
    });

    it('asks before cancelling (GET changes nothing), then cancels on POST and frees the slot', async () => {
      const { path, reference, token: secret } = await bookThroughForm();
      const confirm = await get(`${path}/annuler`);
      expect(confirm.statusCode).toBe(200);
      expect(textOf(confirm.body)).toContain(`Annuler cette réservation${NBSP}?`);
      expect(confirm.body).toMatch(new RegExp(`<form method="post" action="${path}/annuler"`));
      expect((await t.services.booking.findForCustomer(reference, secret)).booking.status).toBe('confirmed');

      const cancel = await postForm(`${path}/annuler`, {});
      expect(cancel.statusCode).toBe(303);
      expect(cancel.headers.location).toBe(`${path}?annulee=1`);
      expect((await t.services.booking.findForCustomer(reference, secret)).booking.status).toBe('cancelled');
      const page = await get(`${path}?annulee=1`);
      expect(textOf(page.body)).toContain('Votre réservation est annulée.');
      expect(attributes(page.body, 'href')).not.toContain(`${path}/annuler`);
      expect(attributes(page.body, 'href')).not.toContain(`${path}/calendar.ics`);

      // A second click lands on the same page; the confirmation page now redirects.
      expect((await postForm(`${path}/annuler`, {})).headers.location).toBe(`${path}?annulee=1`);
      const again = await get(`${path}/annuler`);
      expect([again.statusCode, again.headers.location]).toEqual([303, path]);
      const kinds = (await t.services.outbox.list({ limit: 10, offset: 0 })).map((m) => m.kind).sort();
      expect(kinds).toEqual(['booking-cancelled', 'booking-confirmation', 'booking-owner-notice', 'booking-owner-notice']);

      const slots = await t.app.inject(`/api/v1/services/${SLUG}/slots?from=2026-11-30&to=2026-11-30`);
      expect((slots.json() as { start: string }[]).map((s) => s.start)).toContain(MONDAY_10);
    });

    it('does not offer to cancel once the service has started', async () => {
      const { path } = await bookThroughForm();
      t.clock.set('2026-11-30T09:30:00Z');
      const page = await get(path);
      expect(textOf(page.body)).toContain(`La prestation a commencé ou est passée${NBSP}: pour toute question, écrivez-nous.`);
      expect(attributes(page.body, 'href')).not.toContain(`${path}/annuler`);
      const post = await postForm(`${path}/annuler`, {});
      expect(post.statusCode).toBe(409);
      expect(textOf(post.body)).toContain(`Cette prestation a déjà commencé ou est passée${NBSP}: elle ne peut plus être modifiée en ligne. Contactez-nous.`);
    });

    it('offers the calendar file', async () => {
      const { path, reference } = await bookThroughForm();
      const response = await get(`${path}/calendar.ics`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${reference}.ics"`);
      expect(response.headers['cache-control']).toBe('no-store');
      const calendar = icsProperties(response.body);
      expect(calendar.get('DTSTART')).toEqual(['20261130T090000Z']);
      expect(calendar.get('SEQUENCE')).toEqual(['0']);
      expect(calendar.get('UID')?.[0]).toMatch(/@localhost$/);
    });

    it('states the withdrawal right that applied when booking, even after the service changes', async () => {
      const { path } = await bookThroughForm();
      const workshop = await bookThroughForm({ start: monday('16:00'), idempotencyKey: 'workshop-key-0123456789' }, '/services/atelier-numerique/reserver');
      expect(textOf((await get(path)).body)).toContain('Vous disposez de 14 jours à compter de la réservation pour vous rétracter');
      expect(textOf((await get(workshop.path)).body)).toContain('Pas de droit de rétractation');

      const check = await t.services.catalog.serviceBySlug(SLUG);
      await t.services.catalog.updateService(check.id, { ...demoServices[0]!, withdrawalPolicy: 'dated_leisure' });
      const text = textOf((await get(path)).body);
      expect(text).toContain('Vous disposez de 14 jours à compter de la réservation pour vous rétracter');
      expect(text).not.toContain('Pas de droit de rétractation');
    });
  });

  // ── What every public page owes its visitor ───────────────────────────────

  describe('privacy and security of public pages', () => {
    async function publicResponses() {
      const { path } = await bookThroughForm();
      const urls = [
        '/',
        '/services',
        `/services/${SLUG}`,
        `/services/${SLUG}?date=2026-11-30`,
        `${FORM}?start=${encodeURIComponent(monday('14:00'))}`,
        path,
        `${path}?confirmee=1`,
        `${path}/annuler`,
        `${path}/calendar.ics`,
        '/en/',
        `/en/services/${SLUG}`,
        `${EN_FORM}?start=${encodeURIComponent(monday('14:00'))}`,
        '/services/vol-en-montgolfiere',
      ];
      const responses = await Promise.all(urls.map(async (url) => ({ url, response: await get(url) })));
      const posted = await postForm(FORM, filledForm({ 'customer.email': 'bad' }));
      const booked = await postForm(FORM, filledForm({ start: monday('16:00'), idempotencyKey: 'other-key-0123456789' }));
      return [...responses, { url: `POST ${FORM} (errors)`, response: posted }, { url: `POST ${FORM}`, response: booked }];
    }

    it('set no cookie', async () => {
      for (const { url, response } of await publicResponses()) {
        expect(response.statusCode, url).toBeLessThan(500);
        expect(response.headers['set-cookie'], url).toBeUndefined();
      }
    });

    it('reference no other host in src, href or action, and send a Content-Security-Policy', async () => {
      for (const { url, response } of await publicResponses()) {
        if (!String(response.headers['content-type']).startsWith('text/html')) continue;
        const references = ['src', 'href', 'action', 'srcset', 'poster', 'formaction'].flatMap((name) => attributes(response.body, name));
        const foreign = references.filter((ref) => /^(https?:)?\/\//i.test(ref) && !/^(https?:)?\/\/localhost:3000(\/|$)/i.test(ref));
        expect(foreign, url).toEqual([]);
        const csp = String(response.headers['content-security-policy']);
        expect(csp, url).toContain("default-src 'self'");
        expect(csp, url).toContain("script-src 'self'");
        expect(csp, url).toContain("frame-ancestors 'none'");
      }
    });

    it('write French with non-breaking spaces before : ; ! ? and inside « »', async () => {
      const { path } = await bookThroughForm();
      const pages = [
        (await get(`/services/${SLUG}`)).body,
        (await get(`${FORM}?start=${encodeURIComponent(monday('14:00'))}`)).body,
        (await postForm(FORM, filledForm({ start: monday('14:00'), 'customer.email': '', acceptTerms: undefined, idempotencyKey: 'other-key-0123456789' }))).body,
        (await get(`${path}?confirmee=1`)).body,
        (await get(`${path}/annuler`)).body,
        (await get(`/reservation/ZZZZZ-ZZZZZ/x`)).body,
      ];
      // Texts written elsewhere are left out: the demo description (catalog data) and the withdrawal statements (legal module).
      const check = await t.services.catalog.serviceBySlug(SLUG);
      const statements = ['applies', 'dated_leisure', 'performed_at_request'].map((policy) => t.services.booking.withdrawalFor({ ...check, withdrawalPolicy: policy as never }, monday('14:00'), 'fr'));
      const elsewhere = [check.description.fr, ...statements.flatMap((w) => [w.text, w.earlyPerformance?.label ?? w.text])];
      for (const html of pages) {
        const text = elsewhere.reduce((rest, excluded) => rest.split(excluded).join(' '), textOf(html.replace(/<footer[\s\S]*<\/footer>/, '')));
        const mistakes = [...text.matchAll(new RegExp(`.{0,40}(${FRENCH_SPACING_MISTAKE.source}).{0,20}`, 'g'))].map((m) => m[0]);
        expect(mistakes).toEqual([]);
      }
      const api = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'application/json', 'accept-language': 'fr' }, payload: '' });
      expect((api.json() as { error: { message: string } }).error.message).not.toMatch(FRENCH_SPACING_MISTAKE);
    });
  });

  // ── The JSON API ──────────────────────────────────────────────────────────

  describe('JSON API', () => {
    it('lists slots, and explains a bad range with 422 in the asker’s language', async () => {
      const ok = await get(`/api/v1/services/atelier-numerique/slots?from=2026-11-30&to=2026-11-30`);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual([
        { start: monday('09:00'), end: monday('11:00'), remaining: 6 },
        { start: monday('14:00'), end: monday('16:00'), remaining: 6 },
        { start: monday('16:00'), end: monday('18:00'), remaining: 6 },
      ]);
      const missing = await get(`/api/v1/services/${SLUG}/slots?from=2026-11-30`);
      expect(missing.statusCode).toBe(422);
      expect(missing.json()).toEqual({ errors: [{ field: 'to', message: 'Indiquez la date de fin.' }] });
      const reversed = await get(`/api/v1/services/${SLUG}/slots?from=2026-12-02&to=2026-12-01`, { 'accept-language': 'en-GB,en;q=0.9' });
      expect(reversed.statusCode).toBe(422);
      expect(reversed.json()).toEqual({ errors: [{ field: 'to', message: 'The end date must be on or after the start date.' }] });
      const tooLong = await get(`/api/v1/services/${SLUG}/slots?from=2026-12-01&to=2027-03-31`);
      expect(tooLong.statusCode).toBe(422);
      const badDate = await get(`/api/v1/services/${SLUG}/slots?from=2026-11-31&to=2026-12-01`);
      expect(badDate.json()).toEqual({ errors: [{ field: 'from', message: 'Indiquez une date au format AAAA-MM-JJ, par exemple 2026-12-01.' }] });
      for (const query of ['from=0000-01-01&to=0000-01-02', 'from=9999-12-31&to=9999-12-31', 'from=2026-11-30&to=2026-11-30&from=2026-12-01', 'from=2026-11-30&to=2026-11-30&extra=1']) {
        expect((await get(`/api/v1/services/${SLUG}/slots?${query}`)).statusCode, query).toBe(422);
      }
    });

    it('answers an unknown service with 404', async () => {
      const response = await get('/api/v1/services/vol-en-montgolfiere/slots?from=2026-11-30&to=2026-11-30', { 'accept-language': 'en' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: { code: 'SERVICE_NOT_FOUND', message: 'This service does not exist or is no longer offered.' } });
    });

    it('books with 201, refuses a taken slot with 409 and invalid details with 422', async () => {
      const body = { service: SLUG, start: MONDAY_10, customer: customer(), requestEarlyPerformance: true };
      const created = await postJson(body);
      expect(created.statusCode).toBe(201);
      const json = created.json() as { reference: string; manageUrl: string };
      expect(json).toMatchObject({ status: 'confirmed', service: SLUG, start: MONDAY_10, end: monday('11:00') });
      expect(json.manageUrl).toBe(`http://localhost:3000/reservation/${json.reference}/${token(json.reference)}`);
      const taken = await postJson({ ...body, customer: customer({ email: 'other@example.fr' }) }, { 'accept-language': 'en' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json()).toEqual({ error: { code: 'SLOT_TAKEN', message: 'This slot has just been booked or is no longer available. Please choose another time.' } });
      const invalid = await postJson({ ...body, start: monday('14:00'), customer: customer({ email: 'nope', address: { postalCode: '123', country: 'FR', line1: '1 rue Haute', city: 'Paris' } }) });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.json()).toEqual({ errors: [{ field: 'customer.email', message: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.' }] });
      const offGrid = await postJson({ ...body, start: monday('14:10') });
      expect(offGrid.statusCode).toBe(422);
      expect((offGrid.json() as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['start']);
      const english = await postJson({ ...body, locale: 'en', start: monday('14:00') });
      expect(english.statusCode).toBe(201);
      expect(english.json()).toMatchObject({ manageUrl: expect.stringMatching(/^http:\/\/localhost:3000\/en\/booking\//) });
    });

    it('answers malformed JSON with 400 and other media types with 415', async () => {
      const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'application/json' }, payload: '{"service":' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
      const empty = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'application/json' }, payload: '' });
      expect(empty.statusCode).toBe(400);
      const text = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify({ service: SLUG }) });
      expect(text.statusCode).toBe(415);
      expect(text.json()).toMatchObject({ error: { code: 'JSON_REQUIRED' } });
      const form = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'service=x' });
      expect(form.statusCode).toBe(415);
      const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'application/xml' }, payload: '<booking/>' });
      expect(unknown.statusCode).toBe(415);
      const proto = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"admin":true},"service":"x"}' });
      expect(proto.statusCode).toBe(400);
      expect(await countRows(t, 'bookings')).toBe(0);
    });

    it('replays a request with the same Idempotency-Key, and refuses the key for another request', async () => {
      const body = { service: SLUG, start: MONDAY_10, customer: customer(), requestEarlyPerformance: true };
      const first = await postJson(body, { 'idempotency-key': 'api-key-12345678' });
      expect(first.statusCode).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await postJson(body, { 'idempotency-key': 'api-key-12345678' });
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      const other = await postJson({ ...body, customer: customer({ email: 'other@example.fr' }) }, { 'idempotency-key': 'api-key-12345678' });
      expect(other.statusCode).toBe(422);
      expect(other.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      const invalid = await postJson(body, { 'idempotency-key': 'short' });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_INVALID' } });
      expect(await countRows(t, 'bookings')).toBe(1);
    });
  });

  // ── Robustness ────────────────────────────────────────────────────────────

  describe('robustness', () => {
    /** A small deterministic generator, so that a failing request can be replayed. */
    function random(seed: number) {
      let state = seed;
      const next = (n: number) => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        return state % n;
      };
      return { next, pick: <T,>(list: readonly T[]): T => list[next(list.length)]! };
    }

    const oddStrings = [
      '', ' ', '\u0000', '\u0000\u0001\u001f', '\ud800', 'a\u0000b', 'x'.repeat(5000), 'é'.repeat(300), '😀🇫🇷', '\u202eevil', 'null', 'undefined', 'NaN', '-1', '1e309', '0x10',
      '<script>alert(1)</script>', '"><img src=x>', "' or 1=1 --", '%00', '%E0%A4%A', '../../etc/passwd', '__proto__', 'constructor', 'toString',
      '2026-11-30', '2026-11-30T10:00:00+01:00', '2026-11-30T10:00:00+99:99', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z',
      '-271821-04-20T00:00:00Z', '2026-02-30T10:00:00Z', '2026-W49-1T10:00+01:00', '20261130T100000+0100', '0000-01-01', '9999-12-31', '2026-13-45',
    ];
    const oddValues = (r: ReturnType<typeof random>): unknown[] => [
      null, true, false, 0, -1, 1.5, 1e308, -0, [], [r.pick(oddStrings)], {}, { a: 1 }, { __proto__: 'x' }, r.pick(oddStrings), r.pick(oddStrings), [[[]]], { length: 3 },
    ];

    function oddJsonBody(r: ReturnType<typeof random>): string {
      const value = () => r.pick(oddValues(r));
      const shapes: (() => unknown)[] = [
        value,
        () => ({ service: value(), start: value(), customer: value() }),
        () => ({ service: SLUG, start: r.pick([MONDAY_10, value()]), customer: { ...customer(), [r.pick(['email', 'phone', 'lastName', 'country', 'address', 'company'])]: value() } }),
        () => ({ service: SLUG, start: MONDAY_10, customer: { ...customer(), address: { line1: value(), postalCode: value(), city: value(), country: value(), line2: value() } } }),
        () => ({ service: SLUG, start: MONDAY_10, customer: customer(), locale: value(), acceptTerms: value(), requestEarlyPerformance: value() }),
        () => ({ service: r.pick(['atelier-numerique', 'installation-a-domicile', 'appel-decouverte', SLUG]), start: r.pick(oddStrings), customer: customer({ email: `${r.next(1e6)}@example.fr` }) }),
      ];
      const json = JSON.stringify(r.pick(shapes)()) ?? 'null';
      // Keys that try to reach prototypes, written raw so that they reach the parser.
      return r.next(5) === 0 ? json.replace(/^\{/, r.pick(['{"__proto__":{"polluted":1},', '{"constructor":{"prototype":{"polluted":1}},', '{"__proto__":null,'])) : json;
    }

    function oddForm(r: ReturnType<typeof random>): string {
      const fields = filledForm({ idempotencyKey: r.pick([undefined, KEY, r.pick(oddStrings)]) });
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) {
        if (value === undefined || r.next(4) === 0) continue;
        params.append(name, r.next(3) === 0 ? r.pick(oddStrings) : value);
        if (r.next(8) === 0) params.append(name, r.pick(oddStrings)); // the same name twice: an array
      }
      for (let i = r.next(4); i > 0; i--) {
        params.append(r.pick(['__proto__', '__proto__.polluted', 'customer.__proto__.x', 'constructor.prototype.x', 'customer.constructor', 'customer', 'customer.address', 'customer.address.x.y', 'customer..email', '.', 'a'.repeat(500), 'customer.email.x', 'start[]', 'customer[email]', 'customer.hasOwnProperty']), r.pick(oddStrings));
      }
      return params.toString();
    }

    it('never answers 5xx to odd bodies, query strings and paths', async () => {
      const { path, reference } = await bookThroughForm();
      const r = random(20261126);
      const failures: string[] = [];
      // encodeURIComponent refuses a lone surrogate: send it as the invalid UTF-8 it would be.
      const encode = (text: string) => text.split('').map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');
      const pathPart = () => encode(r.pick(oddStrings)).slice(0, 3000) || 'x';
      const requests: (() => { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string })[] = [
        () => ({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'application/json', ...(r.next(3) === 0 ? { 'idempotency-key': r.pick(['valid-key-123456', 'x', '💥💥💥💥💥💥💥💥', 'k'.repeat(100)]) } : {}) }, payload: oddJsonBody(r) }),
        () => ({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': r.pick(['application/json; charset=utf-16', 'application/problem+json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) }, payload: oddJsonBody(r) }),
        () => ({ method: 'GET', url: `/api/v1/services/${r.pick([SLUG, pathPart()])}/slots?${new URLSearchParams({ from: r.pick(oddStrings), to: r.pick(oddStrings) }).toString()}` }),
        () => ({ method: 'GET', url: `/api/v1/services/${SLUG}/slots?${r.pick(['from[]=2026-11-30&to[]=2026-11-30', '__proto__[from]=1', 'from=2026-11-30&to=2026-11-30&from=x', 'constructor[prototype][x]=1', '&&&', '=', 'from', `from=${'9'.repeat(4000)}&to=1`])}` }),
        () => ({ method: 'GET', url: `/services/${r.pick([SLUG, 'atelier-numerique', pathPart()])}?${new URLSearchParams({ date: r.pick(oddStrings), from: r.pick(oddStrings) }).toString()}` }),
        () => ({ method: 'GET', url: `${r.pick([FORM, EN_FORM, '/services/atelier-numerique/reserver'])}?start=${encode(r.pick(oddStrings))}${r.next(4) === 0 ? '&start=x' : ''}` }),
        () => ({ method: 'POST', url: r.pick([FORM, EN_FORM, '/services/installation-a-domicile/reserver', `/services/${pathPart()}/reserver`]), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: oddForm(r) }),
        () => ({ method: 'POST', url: FORM, headers: { 'content-type': r.pick(['application/json', 'text/plain']) }, payload: oddJsonBody(r) }),
        () => ({ method: 'GET', url: `/${r.pick(['reservation', 'en/booking'])}/${r.pick([reference, pathPart()])}/${pathPart()}${r.pick(['', '/calendar.ics', '/annuler', '/cancel'])}` }),
        () => ({ method: 'POST', url: `${r.pick([path, `/reservation/${pathPart()}/${pathPart()}`])}/${r.pick(['annuler', 'cancel'])}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: oddForm(r) }),
        () => ({ method: r.pick(['GET', 'POST'] as const), url: r.pick(['/services/%00', '/services/%E0%A4%A', `/services/${'a'.repeat(8000)}`, '/services/..%2F..%2Fetc%2Fpasswd', '/en/services/%F0%9F%98%80/book?start=%', '/reservation//', `/api/v1/services/${SLUG}/slots?from=%E0%A4%A`, '/api/v1/bookings?__proto__[x]=1']) }),
      ];
      for (let i = 0; i < 400; i++) {
        const request = r.pick(requests)();
        const response = await t.app.inject(request);
        if (response.statusCode >= 500) failures.push(`#${i} ${request.method} ${request.url.slice(0, 200)} ${String(request.payload ?? '').slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`);
      }
      expect(failures).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // The one booking made before is still there, and nothing was booked twice.
      expect(await countRows(t, 'bookings')).toBeGreaterThanOrEqual(1);
      expect((await t.services.booking.findForCustomer(reference, token(reference))).booking.start).toBe('2026-11-30T09:00:00.000Z');
    });
  });
});

import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { loggedInOwner, pageText, type AdminClient } from '../../../test/support/admin-client.js';
import { FRENCH_SPACING_MISTAKE, icsProperties } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { workshopAtOpenHours } from '../../../test/support/sessions.js';
import type { Booking } from './booking.model.js';

/**
 * The owner's agenda over HTTP (inject): the day and week grids, the dashboard, the private
 * calendar feed and its revocation, attendance, the bookings a closure covers, confirmations.
 */
const NBSP = '\u00a0';
const HOUR = 3_600_000;

async function book(t: TestApp, start: string, overrides: Record<string, unknown> = {}, service = 'diagnostic-informatique'): Promise<Booking> {
  const result = await t.services.booking.bookSlot(
    { service, start, customer: customer(overrides), requestEarlyPerformance: true },
    { locale: 'fr', source: 'web', requireTermsAcceptance: false },
  );
  return result.booking;
}

/** The text of the table cell (td) that holds `needle`. */
function cellWith(html: string, needle: string): string {
  const cells = [...html.matchAll(/<td\b[^>]*>[\s\S]*?<\/td>/g)].map((m) => m[0]);
  const found = cells.find((c) => c.includes(needle));
  if (!found) throw new Error(`no cell holds ${needle}`);
  return found;
}

function feedPath(html: string): string {
  const url = /id="feed-url"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*id="feed-url"/.exec(html);
  const value = url?.[1] ?? url?.[2];
  if (!value) throw new Error('no feed URL on the page');
  return new URL(value.replace(/&amp;/g, '&')).pathname;
}

/** The VEVENT blocks of a calendar text, each as property name → values. */
function events(ics: string): Map<string, string[]>[] {
  return [...ics.matchAll(/BEGIN:VEVENT\r\n[\s\S]*?END:VEVENT\r\n/g)].map((m) => icsProperties(m[0]));
}

/** Runs `body` with the clock at `instant` and a client logged in then (sessions end after 12 idle hours); puts the clock back. */
async function at(t: TestApp, instant: string, body: (browser: AdminClient) => Promise<void>): Promise<void> {
  const saved = t.clock.now().toISOString();
  t.clock.set(instant);
  try {
    await body(await loggedInOwner(t));
  } finally {
    t.clock.set(saved);
  }
}

describeEachDialect('owner agenda', (dialect) => {
  let t: TestApp;
  let browser: AdminClient;
  let monday: Booking;
  let group: Booking[];
  let workshopStart: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await workshopAtOpenHours(t);
    browser = await loggedInOwner(t);
    monday = await book(t, MONDAY_10, { lastName: 'Lundi', email: 'lundi@example.fr', phone: '06 11 22 33 44' });
    const slots = (await t.app.inject('/api/v1/services/atelier-numerique/slots?from=2026-12-01&to=2026-12-01')).json() as { start: string }[];
    workshopStart = slots[0]!.start;
    group = [];
    for (const name of ['Un', 'Deux', 'Trois']) group.push(await book(t, workshopStart, { lastName: name, email: `${name.toLowerCase()}@example.fr` }, 'atelier-numerique'));
  });
  afterAll(() => t?.close());

  describe('grid', () => {
    it('shows a day as a time grid: time, service, customer, phone as a tel: link, place', async () => {
      const page = await browser.get('/admin/agenda?date=2026-11-30&vue=jour');
      expect(page.statusCode).toBe(200);
      const cell = cellWith(page.body, 'Claire Lundi');
      // The payments module's badge follows the name: nothing received yet, and one tap to record the money taken on site.
      expect(pageText(cell)).toBe('10 h–11 h Diagnostic informatique Claire Lundi Non payé Encaisser · +33 6 11 22 33 44 17 allée Edgar Brandt, 92320 Châtillon');
      expect(cell).toContain(`href="/admin/reservations/${monday.id}#paiements" aria-label="Encaisser le paiement de Claire Lundi">Encaisser</a>`);
      expect(cell).toContain('href="tel:+33611223344"');
      expect(cell).toContain(`href="/admin/reservations/${monday.id}"`);
      // And back: the booking's page links to its day in the agenda.
      expect((await browser.get(`/admin/reservations/${monday.id}`)).body).toContain('href="/admin/agenda?date=2026-11-30&amp;vue=jour">Voir ce jour dans l’agenda</a>');
      // The booking spans its hour: four quarter-hour rows.
      expect(cell).toMatch(/<td rowspan="4" class="agenda-slot agenda-slot--booked">/);
      const text = pageText(page.body);
      expect(text).toContain('Lundi 30 novembre 2026');
      expect(text).toContain('Heure Lun. 30 nov.');
      expect(text).toMatch(/9\sh Libre de 9\sh à 10\sh 10\sh 10\sh–11\sh/);
    });

    it('shades the hours outside opening times, with a text equivalent', async () => {
      const page = await browser.get('/admin/agenda?date=2026-11-30');
      const lunch = cellWith(page.body, 'de 12\u00a0h\u00a030 à 14\u00a0h');
      expect(lunch).toMatch(/class="agenda-slot agenda-slot--closed"/);
      expect(pageText(lunch)).toBe('Hors des horaires d’ouverture, de 12\u00a0h\u00a030 à 14\u00a0h');
      expect(lunch).toContain('class="visually-hidden"');
      expect(pageText(page.body)).toContain('Les zones hachurées sont fermées');
    });

    it('shows a group session once with its places taken, "3/6"', async () => {
      const page = await browser.get('/admin/agenda?date=2026-12-01');
      const cell = cellWith(page.body, 'Claire Un');
      const text = pageText(cell);
      expect(text).toContain(`3/6 3${NBSP}places prises sur 6`);
      for (const b of group) expect(cell).toContain(`href="/admin/reservations/${b.id}"`);
      expect(text.match(/Atelier numérique en petit groupe/g)).toHaveLength(1);
    });

    it('shows a week from Monday, days across, with links around it and a list for phones', async () => {
      const page = await browser.get('/admin/agenda?date=2026-12-02&vue=semaine');
      expect(page.statusCode).toBe(200);
      const text = pageText(page.body);
      expect(text).toContain('Semaine du lundi 30 novembre 2026 au dimanche 6 décembre 2026');
      const header = /<thead>[\s\S]*?<\/thead>/.exec(page.body)![0];
      expect(pageText(header)).toBe('Heure Lun. 30 nov. Mar. 1er déc. Mer. 2 déc. Jeu. 3 déc. Ven. 4 déc. Sam. 5 déc. Dim. 6 déc.');
      expect(page.body).toContain('href="/admin/agenda?date=2026-11-25&amp;vue=semaine"');
      expect(page.body).toContain('href="/admin/agenda?date=2026-12-09&amp;vue=semaine"');
      expect(page.body).toContain('href="/admin/agenda?date=2026-11-26&amp;vue=semaine"');
      // Sunday is closed all day; the list says so too.
      expect(text).toContain('Dimanche 6 décembre 2026 Fermé ce jour-là. Aucune réservation.');
      expect(text).toContain('Lundi 30 novembre 2026 Ouvert 9\u00a0h–12\u00a0h\u00a030, 14\u00a0h–18\u00a0h\u00a030 10 h–11 h Diagnostic informatique Claire Lundi');
      // The date field works without JavaScript: a GET form keeping the view.
      expect(page.body).toMatch(/<form method="get" action="\/admin\/agenda" class="agenda-date-form">/);
      expect(page.body).toContain('<input type="hidden" name="vue" value="semaine"/>');
    });

    it('puts non-breaking spaces where French typography wants them', async () => {
      for (const url of ['/admin', '/admin/agenda', '/admin/agenda?vue=semaine', '/admin/agenda?date=x', '/admin/agenda?vue=x', `/admin/reservations/${monday.id}/annuler`]) {
        expect(pageText((await browser.get(url)).body), url).not.toMatch(FRENCH_SPACING_MISTAKE);
      }
    });

    it('opens today (Europe/Paris, from the clock) by default', async () => {
      const page = await browser.get('/admin/agenda');
      expect(page.statusCode).toBe(200);
      expect(pageText(page.body)).toContain('Jeudi 26 novembre 2026');
      await at(t, '2026-11-26T23:30:00.000Z', async (late) => {
        expect(pageText((await late.get('/admin/agenda')).body)).toContain('Vendredi 27 novembre 2026');
      });
    });

    it('answers a bad date or view with a clear French message and today’s agenda, never a 5xx', async () => {
      for (const query of ['date=2026-02-30', 'date=demain', 'date=0000-01-01', 'date=10000-01-01', 'date=2026-12-01&date=2026-12-02']) {
        const page = await browser.get(`/admin/agenda?${query}`);
        expect(page.statusCode, query).toBe(400);
        expect(pageText(page.body), query).toContain('Cette date n’est pas valide. Indiquez-la au format AAAA-MM-JJ, par exemple 2026-12-01.');
        expect(pageText(page.body), query).toContain('Jeudi 26 novembre 2026');
      }
      const view = await browser.get('/admin/agenda?date=2026-12-01&vue=mois');
      expect(view.statusCode).toBe(400);
      expect(pageText(view.body)).toContain(`Cette vue n’existe pas. Choisissez «${NBSP}jour${NBSP}» ou «${NBSP}semaine${NBSP}».`);
      const empty = await browser.get('/admin/agenda?date=&vue=');
      expect(empty.statusCode).toBe(200);
      expect((await browser.get('/admin/agenda?vue=jour&vue=semaine')).statusCode).toBe(400);
      // The first and last days the agenda deals in, and their weeks, which reach outside them.
      for (const query of ['date=1970-01-01&vue=semaine', 'date=8999-12-31&vue=semaine', 'date=1970-01-01', 'date=8999-12-31']) {
        expect((await browser.get(`/admin/agenda?${query}`)).statusCode, query).toBe(200);
      }
    });

    it('shows today’s agenda and the next bookings on the dashboard', async () => {
      const page = await browser.get('/admin');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('class="agenda-table agenda-table--day"');
      const next = pageText(/id="next-heading"[\s\S]*?<\/section>/.exec(page.body)![0]);
      expect(next).toContain('lundi 30 novembre 2026 à 10 h — Diagnostic informatique — Claire Lundi · +33 6 11 22 33 44');
      expect(next.indexOf('Claire Lundi')).toBeLessThan(next.indexOf('Claire Un'));
    });
  });

  describe('calendar feed', () => {
    it('serves every upcoming booking with customer, phone and place, stable UIDs, and drops a cancelled one', async () => {
      const page = await browser.get('/admin/agenda');
      const path = feedPath(page.body);
      expect(page.body).toMatch(/href="webcal:\/\/localhost:3000\/agenda\/[A-Za-z0-9_-]{43}\/reservations\.ics"/);
      const feed = await t.app.inject(path);
      expect(feed.statusCode).toBe(200);
      expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
      // A provider polling an unchanged feed gets a 304.
      const etag = feed.headers.etag as string;
      expect((await t.app.inject({ url: path, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
      expect(feed.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      expect(feed.body.endsWith('END:VCALENDAR\r\n')).toBe(true);
      expect(feed.body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      for (const line of feed.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      const list = events(feed.body);
      expect(list).toHaveLength(4);
      const first = list.find((e) => e.get('UID')![0] === `owner-${monday.id}@localhost`)!;
      expect(first.get('DTSTART')).toEqual(['20261130T090000Z']);
      expect(first.get('SUMMARY')).toEqual(['Diagnostic informatique · Claire Lundi']);
      expect(first.get('LOCATION')).toEqual(['17 allée Edgar Brandt\\, 92320 Châtillon']);
      expect(first.get('DESCRIPTION')![0]).toContain('Téléphone\u00a0: +33 6 11 22 33 44');
      expect(first.get('SEQUENCE')).toEqual(['0']);
      expect(first.get('STATUS')).toEqual(['CONFIRMED']);

      // Read back by an independent parser (Mozilla's ical.js, used by Thunderbird): what a calendar app sees.
      const calendar = new ICAL.Component(ICAL.parse(feed.body));
      expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('W Services · Réservations');
      const parsed = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(parsed.map((e) => e.uid).sort()).toEqual([monday, ...group].map((b) => `owner-${b.id}@localhost`).sort());
      const mine = parsed.find((e) => e.uid === `owner-${monday.id}@localhost`)!;
      expect(mine.startDate.toJSDate().toISOString()).toBe('2026-11-30T09:00:00.000Z');
      expect(mine.endDate.toJSDate().toISOString()).toBe('2026-11-30T10:00:00.000Z');
      expect(mine.summary).toBe('Diagnostic informatique · Claire Lundi');
      expect(mine.location).toBe('17 allée Edgar Brandt, 92320 Châtillon');
      expect(mine.description).toContain(`Téléphone${NBSP}: +33 6 11 22 33 44\nE-mail${NBSP}: lundi@example.fr`);
      expect(mine.sequence).toBe(0);

      // Moved: same UID, higher SEQUENCE. Cancelled: gone from the feed.
      const other = await book(t, '2026-12-03T10:00:00+01:00', { lastName: 'Deplacee', email: 'moved@example.fr' });
      await t.services.booking.moveByOwner(other.id, '2026-12-03T11:00:00+01:00', null, 'fr');
      const victim = await book(t, '2026-12-03T15:00:00+01:00', { lastName: 'Annulee', email: 'gone@example.fr' });
      await t.services.booking.cancelByOwner(victim.id, null);
      const again = events((await t.app.inject(path)).body);
      const moved = again.find((e) => e.get('UID')![0] === `owner-${other.id}@localhost`)!;
      expect(moved.get('SEQUENCE')).toEqual(['1']);
      expect(moved.get('DTSTART')).toEqual(['20261203T100000Z']);
      expect(again.some((e) => e.get('UID')![0] === `owner-${victim.id}@localhost`)).toBe(false);
      expect(again).toHaveLength(5);
      const changed = await t.app.inject({ url: path, headers: { 'if-none-match': etag } });
      expect(changed.statusCode).toBe(200);
      const reparsed = new ICAL.Component(ICAL.parse((await t.app.inject(path)).body)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(reparsed.find((e) => e.uid === `owner-${other.id}@localhost`)!.sequence).toBe(1);
    });

    it('keeps the last 30 days and leaves older bookings out', async () => {
      const path = feedPath((await browser.get('/admin/agenda')).body);
      t.clock.set('2026-12-20T07:00:00.000Z');
      try {
        expect(events((await t.app.inject(path)).body).length).toBeGreaterThan(0);
        t.clock.set('2027-01-08T07:00:00.000Z');
        expect(events((await t.app.inject(path)).body)).toHaveLength(0);
      } finally {
        t.clock.set('2026-11-26T07:00:00.000Z');
      }
    });

    it('makes a new address on request; the old one answers 404', async () => {
      const before = feedPath((await browser.get('/admin/agenda')).body);
      const renewed = await browser.post('/admin/agenda/flux/renouveler', { retour: '/admin/agenda?date=2026-11-30&vue=jour' });
      expect(renewed.statusCode).toBe(303);
      expect(renewed.headers.location).toBe('/admin/agenda?date=2026-11-30&vue=jour&nouvelle=1#feed-heading');
      const page = await browser.get('/admin/agenda?nouvelle=1');
      expect(pageText(page.body)).toContain('Nouvelle adresse générée.');
      const after = feedPath(page.body);
      expect(after).not.toBe(before);
      const old = await t.app.inject(before);
      expect(old.statusCode).toBe(404);
      expect(old.body).not.toContain('BEGIN:VCALENDAR');
      expect((await t.app.inject(after)).statusCode).toBe(200);
      for (const wrong of ['/agenda/x/reservations.ics', `/agenda/${'A'.repeat(43)}/reservations.ics`]) expect((await t.app.inject(wrong)).statusCode).toBe(404);
      // An outside address for the feed is refused as a way back.
      const outside = await browser.post('/admin/agenda/flux/renouveler', { retour: '//evil.example/admin' });
      expect(outside.headers.location).toBe('/admin/agenda?nouvelle=1#feed-heading');
    });

    it('attaches the owner’s calendar event to the new-booking notice', async () => {
      const notice = (await t.services.outbox.forBooking(monday.id)).find((m) => m.kind === 'booking-owner-notice')!;
      expect(notice.attachments).toHaveLength(1);
      const ics = icsProperties(notice.attachments[0]!.content);
      expect(ics.get('UID')).toEqual([`owner-${monday.id}@localhost`]);
      expect(ics.get('METHOD')).toEqual(['PUBLISH']);
      expect(ics.get('DESCRIPTION')![0]).toContain('Claire Lundi');
    });
  });

  describe('attendance', () => {
    it('refuses to mark a booking that has not started, then records honoured or no-show in its history', async () => {
      const early = await browser.post(`/admin/reservations/${monday.id}/presence`, { attendance: 'honoured' });
      expect(early.statusCode).toBe(409);
      expect(pageText(early.body)).toContain('Cette réservation n’a pas encore commencé');
      expect(pageText((await browser.get(`/admin/reservations/${monday.id}`)).body)).not.toContain('Présence');

      await at(t, new Date(Date.parse(monday.start) + HOUR).toISOString(), async (browser) => {
        const detail = await browser.get(`/admin/reservations/${monday.id}`);
        expect(pageText(detail.body)).toContain('La prestation a-t-elle eu lieu');
        const bad = await browser.post(`/admin/reservations/${monday.id}/presence`, { attendance: 'peut-être' });
        expect(bad.statusCode).toBe(422);
        expect((await t.services.booking.getById(monday.id)).attendance).toBeNull();

        const done = await browser.post(`/admin/reservations/${monday.id}/presence`, { attendance: 'no_show', retour: '/admin/agenda?date=2026-11-30&vue=jour' });
        expect(done.statusCode).toBe(303);
        expect(done.headers.location).toBe('/admin/agenda?date=2026-11-30&vue=jour');
        expect((await t.services.booking.getById(monday.id)).attendance).toBe('no_show');
        const agenda = await browser.get('/admin/agenda?date=2026-11-30');
        expect(pageText(cellWith(agenda.body, 'Claire Lundi'))).toContain('absent');

        await browser.get(`/admin/reservations/${monday.id}`);
        expect((await browser.post(`/admin/reservations/${monday.id}/presence`, { attendance: 'honoured' })).statusCode).toBe(303);
        const history = pageText((await browser.get(`/admin/reservations/${monday.id}`)).body);
        expect(history).toContain('Marquée absent par vous');
        expect(history).toContain('Marquée effectuée par vous');
        expect(history).toContain('Présence Effectuée');
      });
    });

    it('refuses attendance on a cancelled booking', async () => {
      const gone = await book(t, '2026-11-27T10:00:00+01:00', { lastName: 'Partie', email: 'partie@example.fr' });
      await t.services.booking.cancelByOwner(gone.id, null);
      await at(t, '2026-11-28T07:00:00.000Z', async (browser) => {
        await browser.get('/admin');
        const refused = await browser.post(`/admin/reservations/${gone.id}/presence`, { attendance: 'honoured' });
        expect(refused.statusCode).toBe(409);
        expect(pageText(refused.body)).toContain('Cette réservation est déjà annulée.');
        expect((await t.services.booking.getById(gone.id)).attendance).toBeNull();
      });
    });
  });

  describe('safe changes', () => {
    it('lists the bookings a new closure covers, and cancels one after confirmation, telling the customer', async () => {
      const covered = await book(t, '2026-12-04T10:00:00+01:00', { lastName: 'Couverte', email: 'couverte@example.fr' });
      await browser.get('/admin/fermetures');
      const added = await browser.post('/admin/fermetures', { startDate: '2026-12-04', endDate: '2026-12-05', label: 'Congés' });
      expect(added.statusCode).toBe(303);
      const list = await browser.get(added.headers.location as string);
      const text = pageText(list.body);
      expect(text).toContain(`La fermeture du 4 au 5${NBSP}décembre${NBSP}2026 inclus (Congés) est enregistrée`);
      expect(text).toContain(`1${NBSP}réservation tombe pendant cette fermeture.`);
      expect(text).toContain('vendredi 4 décembre 2026 à 10 h — Diagnostic informatique — Claire Couverte');
      expect(list.body).toContain(`href="/admin/reservations/${covered.id}"`);
      const cancelLink = new RegExp(`href="(/admin/reservations/${covered.id}/annuler\\?[^"]+)"`).exec(list.body)![1]!.replace(/&amp;/g, '&');

      // GET shows the confirmation and changes nothing.
      const confirm = await browser.get(cancelLink);
      expect(confirm.statusCode).toBe(200);
      expect(pageText(confirm.body)).toContain('Annuler cette réservation');
      expect(confirm.body).toContain(`Fermeture${NBSP}: Congés</textarea>`);
      expect((await t.services.booking.getById(covered.id)).status).toBe('confirmed');

      const done = await browser.post(`/admin/reservations/${covered.id}/annuler`, { reason: `Fermeture${NBSP}: Congés`, retour: added.headers.location as string });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe(added.headers.location);
      expect((await t.services.booking.getById(covered.id)).status).toBe('cancelled');
      const mail = (await t.services.outbox.forBooking(covered.id)).find((m) => m.kind === 'booking-cancelled')!;
      expect(mail.text).toContain('Motif\u00a0: Fermeture\u00a0: Congés');
      expect(pageText((await browser.get(added.headers.location as string)).body)).toContain('Aucune réservation n’est concernée.');
    });

    it('reads closures as inclusive dates on the closures page and in the week list', async () => {
      await browser.get('/admin/fermetures');
      await browser.post('/admin/fermetures', { startDate: '2026-12-24', endDate: '2027-01-02', label: 'Fêtes' });
      const page = pageText((await browser.get('/admin/fermetures')).body);
      expect(page).toContain(`Du 24${NBSP}décembre${NBSP}2026 au 2${NBSP}janvier${NBSP}2027 inclus — Fêtes`);
      const week = await browser.get('/admin/agenda?date=2026-12-28&vue=semaine');
      expect(pageText(week.body)).toContain(`Fermeture du 24${NBSP}décembre${NBSP}2026 au 2${NBSP}janvier${NBSP}2027 inclus (Fêtes)`);
      const day = await browser.get('/admin/agenda?date=2026-12-28');
      expect(cellWith(day.body, 'Fermeture (Fêtes)')).toContain('agenda-slot--closure');
    });

    it('asks for confirmation before cancelling from the booking page', async () => {
      const b = await book(t, '2026-12-07T10:00:00+01:00', { lastName: 'Confirmer', email: 'confirmer@example.fr' });
      const detail = await browser.get(`/admin/reservations/${b.id}`);
      expect(detail.body).toContain(`<form method="get" action="/admin/reservations/${b.id}/annuler">`);
      const confirm = await browser.get(`/admin/reservations/${b.id}/annuler?motif=Imprévu`);
      expect(confirm.statusCode).toBe(200);
      expect(confirm.body).toContain(`<form method="post" action="/admin/reservations/${b.id}/annuler">`);
      expect(confirm.body).toContain('Imprévu</textarea>');
      expect((await t.services.booking.getById(b.id)).status).toBe('confirmed');
      const tooLong = await browser.post(`/admin/reservations/${b.id}/annuler`, { reason: 'x'.repeat(501) });
      expect(tooLong.statusCode).toBe(422);
      expect(pageText(tooLong.body)).toContain('Annuler cette réservation');
      expect((await t.services.booking.getById(b.id)).status).toBe('confirmed');
    });

    it('asks for confirmation before deleting a service, and refuses to delete one with bookings', async () => {
      const services = await t.services.catalog.listServices({ activeOnly: false });
      const unused = services.find((s) => s.slug === 'appel-decouverte')!;
      const used = services.find((s) => s.slug === 'diagnostic-informatique')!;
      expect((await browser.get(`/admin/prestations/${unused.id}`)).body).toContain(`href="/admin/prestations/${unused.id}/supprimer"`);
      const confirm = await browser.get(`/admin/prestations/${unused.id}/supprimer`);
      expect(confirm.statusCode).toBe(200);
      expect(pageText(confirm.body)).toContain(`Supprimer la prestation «${NBSP}Appel découverte`);
      expect((await t.services.catalog.listServices({ activeOnly: false })).some((s) => s.id === unused.id)).toBe(true);
      const deleted = await browser.post(`/admin/prestations/${unused.id}/supprimer`);
      expect(deleted.statusCode).toBe(303);
      expect((await t.services.catalog.listServices({ activeOnly: false })).some((s) => s.id === unused.id)).toBe(false);

      await browser.get(`/admin/prestations/${used.id}/supprimer`);
      const refused = await browser.post(`/admin/prestations/${used.id}/supprimer`);
      expect(refused.statusCode).toBe(409);
      expect(pageText(refused.body)).toContain('Cette prestation a des réservations, passées ou à venir');
      expect((await t.services.catalog.listServices({ activeOnly: false })).some((s) => s.id === used.id)).toBe(true);
    });

    it('refuses to move a booking to the time it already has', async () => {
      const b = await book(t, '2026-12-08T10:00:00+01:00', { lastName: 'Immobile', email: 'immobile@example.fr' });
      await browser.get(`/admin/reservations/${b.id}`);
      const before = (await t.services.outbox.forBooking(b.id)).length;
      const same = await browser.post(`/admin/reservations/${b.id}/deplacer`, { start: '2026-12-08T10:00:00+01:00' });
      expect(same.statusCode).toBe(422);
      expect(pageText(same.body)).toContain('La réservation est déjà à cet horaire.');
      const sameInstant = await browser.post(`/admin/reservations/${b.id}/deplacer`, { start: '2026-12-08T09:00:00Z' });
      expect(sameInstant.statusCode).toBe(422);
      expect((await t.services.outbox.forBooking(b.id)).length).toBe(before);
      expect((await t.services.booking.events(b.id)).map((e) => e.type)).toEqual(['created']);
    });
  });
});

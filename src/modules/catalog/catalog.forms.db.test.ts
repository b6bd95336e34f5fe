import { afterEach, beforeEach, expect, it } from 'vitest';
import { fieldErrorOf, formValues, loggedInOwner, pageText, type AdminClient } from '../../../test/support/admin-client.js';
import { createTestApp, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import { parseDayIntervals } from './catalog.schemas.js';
import { openingHoursSummary } from './views/opening-hours-summary.js';

/**
 * French and forms an owner does not fight (issue 5, item 12): what the owner types in the
 * service and opening-hours forms, and how the public site and the mails then read.
 */
const NBSP = '\u00a0';
const NNBSP = '\u202f';

describeEachDialect('French and forms an owner does not fight', (dialect: DialectName) => {
  let t: TestApp;
  let owner: AdminClient;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    owner = await loggedInOwner(t);
  });
  afterEach(() => t?.close());

  const service = {
    nameFr: 'Réparation d’écran: express!',
    descriptionFr: 'Votre écran est cassé? Nous le remplaçons «vite» ; voir https://www.exemple.fr/tarifs?id=1 à 14:30.',
    durationMinutes: '1 h 30',
    price: '0',
    vatRate: '20',
    capacity: '1',
    bufferBeforeMinutes: '15 min',
    bufferAfterMinutes: '0',
    minNoticeMinutes: '1 j',
    horizonDays: '60',
    slotStepMinutes: '30 min',
    requiredFields: ['lastName'],
    withdrawalPolicy: 'applies',
    location: 'business',
    active: 'on',
    position: '5',
  };

  it('makes the slug from the name, reads durations in hours and minutes, and saves French typography', async () => {
    await owner.get('/admin/prestations/nouvelle');
    const created = await owner.post('/admin/prestations/nouvelle', service);
    expect(created.statusCode, pageText(created.body).slice(0, 500)).toBe(303);
    const saved = await t.services.catalog.serviceBySlug('reparation-d-ecran-express');
    expect(saved).toMatchObject({
      name: { fr: `Réparation d’écran${NBSP}: express${NNBSP}!`, en: `Réparation d’écran${NBSP}: express${NNBSP}!` },
      english: { name: false, description: false },
      durationMinutes: 90,
      bufferBeforeMinutes: 15,
      minNoticeMinutes: 1440,
      slotStepMinutes: 30,
      priceCents: 0,
    });
    expect(saved.description.fr).toBe(
      `Votre écran est cassé${NNBSP}? Nous le remplaçons «${NBSP}vite${NBSP}»${NNBSP}; voir https://www.exemple.fr/tarifs?id=1 à 14:30.`,
    );

    // The form shows them back as they were typed, English left empty.
    const page = `/admin/prestations/${saved.id}`;
    const shown = formValues((await owner.get(page)).body, page);
    expect(shown).toMatchObject({ slug: 'reparation-d-ecran-express', nameEn: '', descriptionEn: '', durationMinutes: `1${NBSP}h${NBSP}30`, bufferBeforeMinutes: `15${NBSP}min`, minNoticeMinutes: `1${NBSP}j`, slotStepMinutes: `30${NBSP}min` });
    // Saved again unchanged, it stays the same (the typography is not added twice).
    expect((await owner.post(page, shown)).statusCode).toBe(303);
    expect(await t.services.catalog.serviceById(saved.id)).toEqual(saved);
  });

  it('shows the French texts on the English site when the English ones are left empty', async () => {
    await owner.get('/admin/prestations/nouvelle');
    await owner.post('/admin/prestations/nouvelle', { ...service, slug: 'ecran' });
    const english = pageText((await t.app.inject('/en/services/ecran')).body);
    expect(english).toContain(`Réparation d’écran${NBSP}: express${NNBSP}!`);
    const api = (await t.app.inject({ url: '/api/v1/services', headers: { 'accept-language': 'en' } })).json() as { slug: string; name: string }[];
    expect(api.find((s) => s.slug === 'ecran')?.name).toBe(`Réparation d’écran${NBSP}: express${NNBSP}!`);
    // Written, the English text is used.
    const saved = await t.services.catalog.serviceBySlug('ecran');
    const page = `/admin/prestations/${saved.id}`;
    await owner.post(page, { ...formValues((await owner.get(page)).body, page), nameEn: 'Screen repair', descriptionEn: 'We replace it.' });
    expect(pageText((await t.app.inject('/en/services/ecran')).body)).toContain('Screen repair');
  });

  it('refuses a duration it cannot read and a name it cannot make a slug from, changing nothing', async () => {
    await owner.get('/admin/prestations/nouvelle');
    const refused = await owner.post('/admin/prestations/nouvelle', { ...service, nameFr: '!!!', durationMinutes: 'une heure et demie', minNoticeMinutes: '3 semaines' });
    expect(refused.statusCode).toBe(422);
    expect(fieldErrorOf(refused.body, 'durationMinutes')).toBe('Saisissez la durée en heures et minutes, par exemple 1 h 30, 45 min ou 2 h.');
    expect(fieldErrorOf(refused.body, 'minNoticeMinutes')).toBe('Saisissez le délai de prévenance en heures et minutes, par exemple 1 h 30, 45 min ou 2 h.');
    const noSlug = await owner.post('/admin/prestations/nouvelle', { ...service, nameFr: '!!!' });
    expect(noSlug.statusCode).toBe(422);
    expect(fieldErrorOf(noSlug.body, 'slug')).toBe(`Le nom ne contient ni lettre ni chiffre pour en faire un identifiant d’adresse${NBSP}: saisissez-en un.`);
    const tooLong = await owner.post('/admin/prestations/nouvelle', { ...service, durationMinutes: '25 h' });
    expect(fieldErrorOf(tooLong.body, 'durationMinutes')).toBe('La durée est hors des limites permises.');
    expect((await t.services.catalog.listServices({ activeOnly: false })).map((s) => s.slug)).not.toContain('reparation-d-ecran-express');
  });

  it('says « Gratuit » where the price is 0, in the mails too', async () => {
    const { booking } = await t.services.booking.bookSlot(bookingRequest({ service: 'appel-decouverte', start: MONDAY_10 }), apiOptions());
    const [confirmation, notice] = await t.services.outbox.forBooking(booking.id);
    expect(confirmation!.text).toContain(`Prix${NBSP}: Gratuit`);
    expect(notice!.text).toContain(`Prix${NBSP}: Gratuit`);
    expect(confirmation!.text).not.toMatch(/0,00/);
    expect(pageText((await t.app.inject('/services/appel-decouverte')).body)).toContain('Prix Gratuit');
  });

  it('accepts opening hours as 9h-12h30, names the day whose ranges overlap, and lists opening days on the home page', async () => {
    await owner.get('/admin/horaires');
    const overlap = await owner.post('/admin/horaires', { day1: '9h-12h30, 14h-18h30', day3: '9h-12h, 11h30-13h' });
    expect(overlap.statusCode).toBe(422);
    expect(fieldErrorOf(overlap.body, 'day3')).toBe(`Deux plages du mercredi se chevauchent${NBSP}: séparez-les ou réunissez-les en une seule.`);
    expect(pageText(overlap.body)).toContain('Deux plages du mercredi se chevauchent');
    const saved = await owner.post('/admin/horaires', { day1: '9h-12h30, 14h-18h30', day2: '09:00-12:30, 14:00-18:30', day4: '9 h - 12 h 30 et 14 h - 18 h 30', day5: '9h à 12h30 ; 14h à 18h30', day6: '10h-12h' });
    expect(saved.statusCode).toBe(303);
    const home = pageText((await t.app.inject('/')).body);
    expect(home).toContain(`lundi, mardi, jeudi et vendredi 9${NBSP}h – 12${NBSP}h${NBSP}30, 14${NBSP}h – 18${NBSP}h${NBSP}30`);
    expect(home).toContain(`samedi 10${NBSP}h – 12${NBSP}h`);
    const english = pageText((await t.app.inject('/en/')).body);
    expect(english).toContain('Monday, Tuesday, Thursday and Friday 09:00–12:30, 14:00–18:30');
    // The cards say where a service happens when it is not at the shop.
    expect(home).toMatch(/Installation à domicile 1\u00a0h\u00a030 · 89,00[\u00a0\u202f]€\u00a0TTC · chez vous/);
    expect(home).toMatch(/Appel découverte 20\u00a0min · Gratuit · par téléphone/);
    expect(english).toMatch(/Discovery call 20\u00a0min · Free · by phone/);
  });
});

it('reads opening hours as owners write them', () => {
  const read = (value: string) => parseDayIntervals(1, value);
  expect(read('9h-12h30')).toEqual([{ weekday: 1, opensAt: '09:00', closesAt: '12:30' }]);
  expect(read('9 h 30 - 12 h')).toEqual([{ weekday: 1, opensAt: '09:30', closesAt: '12:00' }]);
  expect(read('14h-24h')).toEqual([{ weekday: 1, opensAt: '14:00', closesAt: '24:00' }]);
  expect(read('8h-12h et 13h-17h')).toEqual([
    { weekday: 1, opensAt: '08:00', closesAt: '12:00' },
    { weekday: 1, opensAt: '13:00', closesAt: '17:00' },
  ]);
  for (const bad of ['le matin', '9:-12', '25h-26h', '9h60-10h', '9h']) expect(read(bad), bad).toBe('invalid');
  expect(read('12h-9h')).toBe('order');
  expect(read('9h-12h, 11h-13h')).toBe('overlap');
});

it('groups days with the same hours: three or more in a row as a range, others as a list', () => {
  const day = (weekday: number, opensAt = '09:00', closesAt = '12:00') => ({ weekday, opensAt, closesAt });
  expect(openingHoursSummary([1, 2, 3, 4, 5].map((d) => day(d)), 'fr')).toEqual([{ days: 'du lundi au vendredi', hours: `9${NBSP}h – 12${NBSP}h` }]);
  expect(openingHoursSummary([day(1), day(2), day(4), day(5), day(6, '10:00')], 'fr').map((r) => r.days)).toEqual(['lundi, mardi, jeudi et vendredi', 'samedi']);
  expect(openingHoursSummary([day(1), day(3)], 'en').map((r) => r.days)).toEqual(['Monday and Wednesday']);
  expect(openingHoursSummary([day(6), day(7)], 'fr').map((r) => r.days)).toEqual(['samedi et dimanche']);
});

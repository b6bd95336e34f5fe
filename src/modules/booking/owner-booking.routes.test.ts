import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { AdminClient, fieldErrorOf, formValues as anyFormValues, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import { parseClockTime } from './owner-booking.admin.routes.js';

const PAGE = '/admin/reservations/nouvelle';
const MONDAY = '2026-11-30';

/** What the page's booking form (the one that posts; the others search) would send. */
function formValues(html: string, action: string) {
  const at = html.indexOf(`<form method="post" action="${action}"`);
  expect(at).toBeGreaterThan(-1);
  return anyFormValues(html.slice(at), action);
}

it('reads times as people write them', () => {
  expect(['9h30', '9h', '09:30', '14 h 00', '23:59', '0h00'].map(parseClockTime)).toEqual([570, 540, 570, 840, 1439, 0]);
  expect(['9', '24h', '9h60', '9:', 'midi', '', '9h30x'].map(parseClockTime)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
});

describeEachDialect('bookings taken by the owner', (dialect: DialectName) => {
  let t: TestApp;
  let owner: AdminClient;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    owner = await loggedInOwner(t);
  });
  afterEach(() => t?.close());

  const dayPage = (extra = '') => `${PAGE}?prestation=diagnostic-informatique&jour=${MONDAY}${extra}`;
  const details = {
    'customer.lastName': 'Lefèvre',
    'customer.firstName': 'Jacqueline',
    'customer.email': 'jacqueline.lefevre@example.fr',
    'customer.phone': '01 46 12 34 56',
  };
  async function formFor(url: string): Promise<Record<string, string | string[]>> {
    const page = await owner.get(url);
    expect(page.statusCode).toBe(200);
    return formValues(page.body, PAGE);
  }

  it('is for signed-in accounts only', async () => {
    const anonymous = new AdminClient(t);
    expect((await anonymous.get(PAGE)).statusCode).toBe(303);
    const post = await anonymous.post(PAGE, { service: 'diagnostic-informatique', start: MONDAY_10, ...details });
    expect(post.statusCode).toBe(303);
    expect(await t.db.database.db.selectFrom('bookings').selectAll().execute()).toEqual([]);
  });

  it('books a free slot for a new customer, who is mailed the confirmation; the owner gets no notice', async () => {
    const page = await owner.get(dayPage());
    expect(pageText(page.body)).toContain('Horaires du lundi 30 novembre 2026');
    const ids = [...page.body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const form = formValues(page.body, PAGE);
    expect(form.start).toBe('2026-11-30T09:00:00+01:00');
    expect(form.notify).toBe('on');
    expect(form.locale).toBe('fr');
    const response = await owner.post(PAGE, { ...form, start: MONDAY_10, ...details, locale: 'en' });
    expect(response.statusCode, pageText(response.body).slice(0, 600)).toBe(303);
    const id = String(response.headers.location).split('/').pop()!;
    const booking = await t.services.booking.getById(id);
    expect(booking).toMatchObject({ source: 'owner', locale: 'en', start: '2026-11-30T09:00:00.000Z', customer: { lastName: 'Lefèvre', email: 'jacqueline.lefevre@example.fr', phone: '+33146123456' } });
    expect((await t.services.customers.get(booking.customerId!)).firstName).toBe('Jacqueline');
    expect((await t.services.outbox.forBooking(id)).map((m) => [m.kind, m.recipient])).toEqual([['booking-confirmation', 'jacqueline.lefevre@example.fr']]);
    expect(await t.services.booking.events(id)).toMatchObject([{ type: 'created', actor: 'owner', details: { source: 'owner' } }]);
    expect(pageText((await owner.get(response.headers.location as string)).body)).toContain('prise par vous');
  });

  it('finds an existing customer, fills in their details, and mails nobody when the box is unticked', async () => {
    const first = await t.services.booking.bookSlot(
      { service: 'diagnostic-informatique', start: '2026-12-01T10:00:00+01:00', customer: customer({ email: 'Claire.Martin@Example.fr', company: 'Atelier Martin' }), requestEarlyPerformance: true },
      { locale: 'fr', source: 'web', requireTermsAcceptance: false },
    );
    const search = await owner.get(dayPage('&q=atelier'));
    const link = `${PAGE}?prestation=diagnostic-informatique&amp;jour=${MONDAY}&amp;client=${first.booking.customerId}`;
    expect(search.body).toContain(`href="${link}"`);
    const form = await formFor(dayPage(`&client=${first.booking.customerId}`));
    expect(form).toMatchObject({ 'customer.email': 'Claire.Martin@Example.fr', 'customer.company': 'Atelier Martin', 'customer.phone': '+33 6 12 34 56 78' });
    delete form.notify;
    const response = await owner.post(PAGE, { ...form, start: MONDAY_10 });
    expect(response.statusCode).toBe(303);
    const id = String(response.headers.location).split('/').pop()!;
    expect((await t.services.booking.getById(id)).customerId).toBe(first.booking.customerId);
    expect(await t.services.outbox.forBooking(id)).toEqual([]);
  });

  it('warns before booking a full slot or a time outside opening hours, and books it once confirmed', async () => {
    await t.services.booking.bookSlot({ service: 'diagnostic-informatique', start: MONDAY_10, customer: customer(), requestEarlyPerformance: true }, { locale: 'fr', source: 'web', requireTermsAcceptance: false });
    const page = await owner.get(dayPage());
    expect(pageText(page.body)).toContain('10\u00a0h (complet)');
    const form = formValues(page.body, PAGE);

    const full = await owner.post(PAGE, { ...form, start: MONDAY_10, ...details });
    expect(full.statusCode).toBe(409);
    expect(pageText(full.body)).toContain('Ce créneau est complet ou l’agenda est déjà occupé à cette heure.');
    expect(await t.services.booking.startingBetween('2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z')).toHaveLength(1);
    const confirmed = await owner.post(PAGE, formValues(full.body, PAGE));
    expect(confirmed.statusCode, pageText(confirmed.body).slice(300, 800)).toBe(303);
    expect((await t.services.booking.startingBetween('2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z')).map((b) => b.source).sort()).toEqual(['owner', 'web']);

    // A new page, a new form (its key is another booking's).
    const evening = await owner.post(PAGE, { ...(await formFor(dayPage())), start: 'autre', heure: '20h', ...details, 'customer.email': 'soir@example.fr' });
    expect(evening.statusCode).toBe(409);
    expect(pageText(evening.body)).toContain('Cet horaire est en dehors des heures d’ouverture');
    const late = await owner.post(PAGE, formValues(evening.body, PAGE));
    expect(late.statusCode, pageText(late.body).slice(300, 800)).toBe(303);
    const id = String(late.headers.location).split('/').pop()!;
    expect((await t.services.booking.getById(id)).start).toBe('2026-11-30T19:00:00.000Z');
    // The same confirmation sent twice (a double click) makes one booking.
    expect((await owner.post(PAGE, formValues(evening.body, PAGE))).headers.location).toBe(late.headers.location);
  });

  it('books several places of a group session, and warns before going over the places left', async () => {
    const session = `${PAGE}?prestation=atelier-numerique&jour=2026-12-02`;
    const page = await owner.get(session);
    expect(pageText(page.body)).toContain('14\u00a0h (6\u00a0places)');
    const form = formValues(page.body, PAGE);
    expect(form.quantity).toBe('1');
    expect(page.body).toMatch(/<input[^>]*name="quantity"[^>]*max="4"/);

    const three = await owner.post(PAGE, { ...form, ...details, quantity: '3' });
    expect(three.statusCode, pageText(three.body).slice(300, 800)).toBe(303);
    const first = await t.services.booking.getById(String(three.headers.location).split('/').pop()!);
    expect(first).toMatchObject({ quantity: 3, source: 'owner', start: '2026-12-02T13:00:00.000Z' });
    expect(pageText((await owner.get(session)).body)).toContain('14\u00a0h (3\u00a0places)');

    // Beyond the service's maximum per booking: a mistake to correct, never overridden.
    const tooMany = await owner.post(PAGE, { ...(await formFor(session)), ...details, 'customer.email': 'grand.groupe@example.fr', quantity: '5' });
    expect(tooMany.statusCode).toBe(422);
    expect(fieldErrorOf(tooMany.body, 'quantity')).toContain('au plus 4');

    // Four places asked, three left: the owner is warned, then may confirm.
    const four = await owner.post(PAGE, { ...(await formFor(session)), ...details, 'customer.email': 'famille@example.fr', quantity: '4' });
    expect(four.statusCode).toBe(409);
    expect(pageText(four.body)).toContain('Il reste moins de places à cet horaire que le nombre demandé.');
    expect(await t.services.booking.startingBetween('2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z')).toHaveLength(1);
    const confirmed = await owner.post(PAGE, formValues(four.body, PAGE));
    expect(confirmed.statusCode, pageText(confirmed.body).slice(300, 800)).toBe(303);
    const second = await t.services.booking.getById(String(confirmed.headers.location).split('/').pop()!);
    expect(second).toMatchObject({ quantity: 4, customer: { email: 'famille@example.fr' } });
    expect(pageText((await owner.get(session)).body)).toContain('14\u00a0h (complet)');
  });

  it('says what is wrong beside each field and keeps what was typed, the unticked box included', async () => {
    const form = await formFor(dayPage());
    delete form.notify;
    const missing = await owner.post(PAGE, { ...form, start: MONDAY_10, 'customer.lastName': 'Lefèvre', 'customer.phone': '12' });
    expect(missing.statusCode).toBe(422);
    expect(fieldErrorOf(missing.body, 'customer.email')).toBe('Indiquez votre adresse e-mail\u00a0: nous y enverrons la confirmation.');
    expect(fieldErrorOf(missing.body, 'customer.phone')).toMatch(/^Saisissez un numéro de téléphone valide/);
    const kept = formValues(missing.body, PAGE);
    expect(kept['customer.lastName']).toBe('Lefèvre');
    expect(kept.notify).toBeUndefined();
    expect(kept.start).toBe(MONDAY_10);

    const badTime = await owner.post(PAGE, { ...form, start: 'autre', heure: '25h', ...details });
    expect(badTime.statusCode).toBe(422);
    expect(fieldErrorOf(badTime.body, 'heure')).toBe('Indiquez l’heure comme 9h30 ou 14:00.');
    const badService = await owner.get(`${PAGE}?prestation=inconnue&jour=2026-02-30`);
    expect(badService.statusCode).toBe(200);
    expect(fieldErrorOf(badService.body, 'prestation')).toBe('Cette prestation n’existe pas ou n’est plus proposée.');
    expect(badService.body).toContain('href="#f-prestation"');
    expect(badService.body).toContain('id="f-prestation"');
    const forged = await owner.post(PAGE, { ...form, service: 'inconnue', start: MONDAY_10, ...details });
    expect(forged.statusCode).toBe(422);
    expect(await t.db.database.db.selectFrom('bookings').selectAll().execute()).toEqual([]);
  });

  it('corrects the details given for a booking: its snapshot, the customer’s record and both histories', async () => {
    const { booking } = await t.services.booking.bookSlot(
      { service: 'diagnostic-informatique', start: MONDAY_10, customer: customer({ phone: '06 12 34 56 79' }), requestEarlyPerformance: true },
      { locale: 'fr', source: 'web', requireTermsAcceptance: false },
    );
    const url = `/admin/reservations/${booking.id}/client`;
    expect((await new AdminClient(t).post(url, { 'customer.email': 'x@example.fr' })).statusCode).toBe(303);
    expect(pageText((await owner.get(`/admin/reservations/${booking.id}`)).body)).toContain('Corriger les coordonnées données pour cette réservation');
    const page = await owner.get(url);
    expect(page.statusCode).toBe(200);
    const form = anyFormValues(page.body, url);
    expect(form).toMatchObject({ 'customer.email': 'claire.martin@example.fr', 'customer.phone': '+33612345679', 'customer.country': 'FR' });

    const bad = await owner.post(url, { ...form, 'customer.email': 'claire.martin@', 'customer.country': '' });
    expect(bad.statusCode).toBe(422);
    expect(fieldErrorOf(bad.body, 'customer.email')).toBe('Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.');
    expect(fieldErrorOf(bad.body, 'customer.country')).toBe('Indiquez votre pays de résidence.');
    expect((await t.services.booking.getById(booking.id)).customer.phone).toBe('+33612345679');

    t.clock.set('2026-11-26T09:00:00.000Z');
    const saved = await owner.post(url, { ...form, 'customer.phone': '06 12 34 56 78' });
    expect([saved.statusCode, saved.headers.location]).toEqual([303, `/admin/reservations/${booking.id}`]);
    const corrected = await t.services.booking.getById(booking.id);
    expect(corrected.customer.phone).toBe('+33612345678');
    expect(corrected.customerId).toBe(booking.customerId);
    expect(await t.services.booking.events(booking.id)).toContainEqual({ type: 'details', actor: 'owner', details: { fields: 'phone' }, createdAt: '2026-11-26T09:00:00.000Z' });
    expect(pageText((await owner.get(`/admin/reservations/${booking.id}`)).body)).toContain('Coordonnées corrigées par vous');
    expect(await t.services.customers.changes(booking.customerId!)).toContainEqual(
      expect.objectContaining({ field: 'phone', before: '+33612345679', after: '+33612345678', actor: 'owner', adminEmail: 'owner@wservicesparis.com', bookingId: booking.id }),
    );

    // A new address makes the booking another person's.
    await owner.post(url, { ...form, 'customer.email': 'Claire.Pro@Example.fr' });
    const moved = await t.services.booking.getById(booking.id);
    expect(moved.customer.email).toBe('claire.pro@example.fr');
    expect(moved.customerId).not.toBe(booking.customerId);
    expect((await t.services.customers.get(moved.customerId!)).email).toBe('Claire.Pro@Example.fr');
  });
});

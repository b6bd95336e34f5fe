import { afterEach, beforeEach, expect, it } from 'vitest';
import { fieldErrorOf, formValues, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { createTestApp, customer, MONDAY_10, TEST_SECRET, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest, fieldErrorsOf, icsProperties } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import { sign } from '../../platform/ids.js';
import { demoServices, type ServiceLocation } from '../catalog/index.js';
import type { Booking } from './booking.model.js';

/**
 * Where a service happens (issue 5, item 5): the place each service states decides what the
 * form requires, and the confirmation page, every mail and the calendar file all say the same place.
 */
const NBSP = '\u00a0';
const ONLINE_URL = 'https://visio.example.fr/salle?id=12,34;x';
const token = (reference: string) => sign(TEST_SECRET, `booking:${reference}`, 32);

/** A property of a calendar file as its reader gets it: unfolded, then unescaped (RFC 5545 §3.3.11). */
function icsText(ics: string, name: string): string | undefined {
  const raw = icsProperties(ics).get(name)?.[0];
  return raw?.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

describeEachDialect('where a service happens', (dialect: DialectName) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    // Three services like the check-up, that require only a last name themselves: the place adds what it needs.
    const base = { ...demoServices[0]!, requiredFields: ['lastName' as const] };
    await t.services.catalog.createService({ ...base, slug: 'chez-vous', nameFr: 'Dépannage chez vous', nameEn: 'Repair at your place', location: 'customer_address', position: 11 });
    await t.services.catalog.createService({ ...base, slug: 'au-telephone', nameFr: 'Conseil au téléphone', nameEn: 'Advice by phone', location: 'phone', position: 12 });
    await t.services.catalog.createService({ ...base, slug: 'en-ligne', nameFr: 'Cours en visio', nameEn: 'Video lesson', location: 'online', onlineUrl: ONLINE_URL, position: 13 });
  });
  afterEach(() => t?.close());

  const book = (overrides: Parameters<typeof bookingRequest>[0] = {}, options: Parameters<typeof apiOptions>[0] = {}) =>
    t.services.booking.bookSlot(bookingRequest(overrides), apiOptions(options));
  const mails = (booking: Pick<Booking, 'id'>) => t.services.outbox.forBooking(booking.id);
  const address = { line1: '5 rue des Lilas', postalCode: '92320', city: 'Châtillon', country: 'FR' };

  it('requires the service address where the service happens at the customer’s, and the phone for a call', async () => {
    const atHome = await fieldErrorsOf(book({ service: 'chez-vous', customer: { phone: undefined, country: undefined, firstName: undefined } }));
    expect(Object.keys(atHome).sort()).toEqual(['customer.address.city', 'customer.address.country', 'customer.address.line1', 'customer.address.postalCode']);
    const byPhone = await fieldErrorsOf(book({ service: 'au-telephone', customer: { phone: undefined } }, { locale: 'en' }));
    expect(byPhone).toEqual({ 'customer.phone': 'Enter your phone number.' });
    // Neither is needed online.
    const { booking } = await book({ service: 'en-ligne', customer: { phone: undefined, country: undefined, firstName: undefined } });
    expect(booking.customer).toMatchObject({ phone: null, address: null });
  });

  it('labels the address « Adresse d’intervention » on the form, and marks the phone required for a call', async () => {
    const form = await t.app.inject(`/services/chez-vous/reserver?start=${encodeURIComponent(MONDAY_10)}`);
    expect(form.statusCode).toBe(200);
    expect(pageText(form.body)).toContain('Adresse d’intervention');
    expect(form.body).toMatch(/<input[^>]*name="customer\.address\.line1"[^>]*required/);
    const english = await t.app.inject(`/en/services/chez-vous/book?start=${encodeURIComponent(MONDAY_10)}`);
    expect(pageText(english.body)).toContain('Service address');
    const call = await t.app.inject(`/services/au-telephone/reserver?start=${encodeURIComponent(MONDAY_10)}`);
    expect(call.body).toMatch(/<input[^>]*name="customer\.phone"[^>]*required/);
    expect(pageText(call.body)).toContain('Nous vous appelons à ce numéro');
    expect(pageText(form.body)).not.toContain('Nous vous appelons à ce numéro');
  });

  /** Books `slug` at MONDAY_10 and returns what the customer and the owner are told. */
  async function placeSeenBy(slug: string, locale: 'fr' | 'en' = 'fr') {
    const { booking } = await book({ service: slug, locale, customer: { address } });
    const [confirmation, notice] = await mails(booking);
    const ics = confirmation!.attachments[0]!.content;
    const page = await t.app.inject(`${locale === 'en' ? '/en/booking' : '/reservation'}/${booking.reference}/${token(booking.reference)}`);
    expect(page.statusCode).toBe(200);
    return { booking, confirmation: confirmation!, notice: notice!, ics, page: pageText(page.body), downloaded: (await t.app.inject(`${locale === 'en' ? '/en/booking' : '/reservation'}/${booking.reference}/${token(booking.reference)}/calendar.ics`)).body };
  }

  it('at the business: the business address everywhere', async () => {
    const seen = await placeSeenBy('diagnostic-informatique');
    const line = `17 allée Edgar Brandt, 92320 Châtillon`;
    expect(seen.confirmation.text).toContain(`Lieu${NBSP}: ${line}`);
    expect(seen.notice.text).toContain(`Lieu${NBSP}: ${line}`);
    expect(seen.page).toContain(`Lieu ${line}`);
    expect(icsText(seen.ics, 'LOCATION')).toBe(line);
  });

  it('at the customer’s address: that address everywhere, never the shop’s', async () => {
    const seen = await placeSeenBy('chez-vous');
    const line = '5 rue des Lilas, 92320 Châtillon';
    expect(seen.confirmation.text).toContain(`Adresse d’intervention${NBSP}: ${line}`);
    expect(seen.notice.text).toContain(`Adresse d’intervention${NBSP}: ${line}`);
    expect(seen.page).toContain(`Adresse d’intervention ${line}`);
    expect(icsText(seen.ics, 'LOCATION')).toBe(line);
    // The shop's address stays in the mails' signature only.
    for (const text of [seen.confirmation.text, seen.notice.text]) expect(text).not.toMatch(/^Lieu/m);
    expect(seen.ics).not.toContain('Edgar Brandt');

    // The move and the cancellation say the same place.
    const moved = await t.services.booking.moveByOwner(seen.booking.id, '2026-11-30T14:00:00+01:00', null, 'fr');
    await t.services.booking.cancelByOwner(moved.id, 'Imprévu');
    const all = await mails(seen.booking);
    const movedMail = all.find((m) => m.kind === 'booking-moved')!;
    const cancelledMail = all.find((m) => m.kind === 'booking-cancelled')!;
    expect(movedMail.text).toContain(`Adresse d’intervention${NBSP}: ${line}`);
    expect(icsText(movedMail.attachments[0]!.content, 'LOCATION')).toBe(line);
    expect(cancelledMail.text).toContain(`Adresse d’intervention${NBSP}: ${line}`);
    expect(icsText(cancelledMail.attachments[0]!.content, 'LOCATION')).toBe(line);
  });

  it('by phone: the customer’s number, which the owner is told to call', async () => {
    const seen = await placeSeenBy('au-telephone');
    expect(seen.confirmation.text).toContain(`Lieu${NBSP}: Par téléphone${NBSP}: nous vous appelons au +33 6 12 34 56 78`);
    expect(seen.notice.text).toContain(`Lieu${NBSP}: Par téléphone${NBSP}: appeler le client au +33 6 12 34 56 78`);
    expect(seen.page).toContain('Par téléphone');
    expect(icsText(seen.ics, 'LOCATION')).toBe(`Téléphone${NBSP}: +33 6 12 34 56 78`);
    expect(seen.ics).not.toContain('Edgar Brandt');
  });

  it('online: the link, in the confirmation, on the page and as the calendar’s LOCATION', async () => {
    const seen = await placeSeenBy('en-ligne', 'en');
    expect(seen.confirmation.text).toContain(`Online, at the link: ${ONLINE_URL}`);
    expect(seen.confirmation.html).toContain(ONLINE_URL.replace(/&/g, '&amp;'));
    expect(seen.notice.text).toContain(`En ligne, au lien${NBSP}: ${ONLINE_URL}`);
    expect(seen.page).toContain(ONLINE_URL);
    expect(icsText(seen.ics, 'LOCATION')).toBe(ONLINE_URL);
    expect(icsText(seen.downloaded, 'LOCATION')).toBe(ONLINE_URL);
    expect(icsText(seen.ics, 'DESCRIPTION')).toContain(ONLINE_URL);
  });

  it('gives each service’s place in GET /api/v1/services, and never the online link', async () => {
    const response = await t.app.inject('/api/v1/services');
    const places = Object.fromEntries((response.json() as { slug: string; location: ServiceLocation }[]).map((s) => [s.slug, s.location]));
    expect(places).toEqual({
      'diagnostic-informatique': 'business',
      'installation-a-domicile': 'customer_address',
      'atelier-numerique': 'business',
      'appel-decouverte': 'phone',
      'chez-vous': 'customer_address',
      'au-telephone': 'phone',
      'en-ligne': 'online',
    });
    expect(response.body).not.toContain('visio.example.fr');
  });

  it('lets the owner set the place and the link, refusing an online service without an https link', async () => {
    const owner = await loggedInOwner(t);
    const service = await t.services.catalog.serviceBySlug('diagnostic-informatique');
    const page = `/admin/prestations/${service.id}`;
    const form = formValues((await owner.get(page)).body, page);
    expect(form.location).toBe('business');

    const missing = await owner.post(page, { ...form, location: 'online', onlineUrl: '' });
    expect(missing.statusCode).toBe(422);
    expect(fieldErrorOf(missing.body, 'onlineUrl')).toBe(`Une prestation en ligne a besoin de son lien (https://…)${NBSP}: il est envoyé au client dans la confirmation.`);
    for (const bad of ['http://visio.example.fr/salle', 'javascript:alert(1)', 'https://', 'https://a b.fr', 'https://user:pw@visio.example.fr/']) {
      const refused = await owner.post(page, { ...form, location: 'online', onlineUrl: bad });
      expect(refused.statusCode, bad).toBe(422);
      expect(fieldErrorOf(refused.body, 'onlineUrl'), bad).toMatch(/^Saisissez l’adresse complète du lien, commençant par https:\/\//);
    }
    const place = await owner.post(page, { ...form, location: 'lune' });
    expect(place.statusCode).toBe(422);
    expect(fieldErrorOf(place.body, 'location')).toBe('Le lieu de la prestation n’est pas valide.');
    expect((await t.services.catalog.serviceById(service.id)).location).toBe('business');

    const saved = await owner.post(page, { ...form, location: 'online', onlineUrl: ONLINE_URL });
    expect(saved.statusCode).toBe(303);
    expect(await t.services.catalog.serviceById(service.id)).toMatchObject({ location: 'online', onlineUrl: ONLINE_URL });
    // Another place drops the link.
    await owner.post(page, { ...formValues((await owner.get(page)).body, page), location: 'phone' });
    expect(await t.services.catalog.serviceById(service.id)).toMatchObject({ location: 'phone', onlineUrl: null });

    const english = await loggedInOwner(t, { locale: 'en' });
    const refused = await english.post(page, { ...formValues((await english.get(page)).body, page), location: 'online', onlineUrl: 'ftp://x.fr' });
    expect(fieldErrorOf(refused.body, 'onlineUrl')).toMatch(/^Enter the full address of the link, starting with https:\/\//);
  });

  it('shows the place on the service page before booking', async () => {
    const pages = await Promise.all(['chez-vous', 'au-telephone', 'en-ligne', 'diagnostic-informatique'].map(async (slug) => pageText((await t.app.inject(`/services/${slug}`)).body)));
    expect(pages[0]).toContain('Chez vous, à l’adresse que vous indiquez');
    expect(pages[1]).toContain(`Par téléphone${NBSP}: nous vous appelons`);
    expect(pages[2]).toContain(`En ligne${NBSP}: le lien vous est envoyé avec la confirmation`);
    expect(pages[2]).not.toContain('visio.example.fr');
    expect(pages[3]).toContain('17 allée Edgar Brandt, 92320 Châtillon');
  });

  it('keeps the customer’s details out of a customer_address booking’s place when they gave none (earlier bookings)', async () => {
    const { booking } = await book({ service: 'diagnostic-informatique' });
    // The owner turns the service into a home visit afterwards: the booking has no address to show.
    const service = await t.services.catalog.serviceBySlug('diagnostic-informatique');
    await t.services.catalog.updateService(service.id, { ...demoServices[0]!, location: 'customer_address' });
    const ics = await t.services.booking.calendarFor(booking, await t.services.catalog.serviceById(service.id));
    expect(icsProperties(ics).get('LOCATION')).toBeUndefined();
    const page = pageText((await t.app.inject(`/reservation/${booking.reference}/${token(booking.reference)}`)).body);
    expect(page).toContain('À votre adresse (non indiquée');
    expect(customer().email).toBe(booking.customer.email);
  });
});

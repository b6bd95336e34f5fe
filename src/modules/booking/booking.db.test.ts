import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, customer, MONDAY_10, TEST_SECRET, type TestApp } from '../../../test/support/app.js';
import { workshopAtOpenHours } from '../../../test/support/sessions.js';
import { apiOptions, appErrorOf, bookingRequest, countRows, fieldErrorsOf, icsProperties, rejectionOf } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { newId, randomCode, sign } from '../../platform/ids.js';
import { demoServices } from '../catalog/index.js';
import type { Service } from '../catalog/index.js';
import type { Booking } from './booking.model.js';
import { toBookingRow } from './booking.queries.js';

/**
 * The booking service on a real database of each dialect: what bookSlot writes, what it
 * refuses and why, the capacity under concurrency, and the changes that follow a booking.
 */
const NBSP = '\u00a0';
const OWNER_EMAIL = 'contact@wservicesparis.com';
const ZONE = 'Europe/Paris';
/** Monday 30 November 2026, local time in Paris (+01:00). */
const monday = (hhmm: string) => `2026-11-30T${hhmm}:00+01:00`;
const utc = (local: string) => new Date(Date.parse(local)).toISOString();

describeEachDialect('booking service', (dialect: DialectName) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    // These tests share the workshop's places within opening hours; sessions.db.test.ts tests its sessions.
    await workshopAtOpenHours(t);
  });
  afterEach(() => t?.close());

  const book = (overrides: Parameters<typeof bookingRequest>[0] = {}, options: Parameters<typeof apiOptions>[0] = {}) =>
    t.services.booking.bookSlot(bookingRequest(overrides), apiOptions(options));
  const service = (slug: string) => t.services.catalog.serviceBySlug(slug);
  const mails = (booking: Pick<Booking, 'id'>) => t.services.outbox.forBooking(booking.id);
  const token = (reference: string) => sign(TEST_SECRET, `booking:${reference}`, 32);
  /** Local start times ("HH:MM") of the free slots of a service on one day, with the places left. */
  async function freeSlots(slug: string, date: string): Promise<Record<string, number>> {
    const slots = await t.services.booking.slotsOf(await service(slug), date, date);
    return Object.fromEntries(slots.map((s) => [DateTime.fromMillis(s.start, { zone: ZONE }).toFormat('HH:mm'), s.remaining]));
  }

  // ── The happy path ────────────────────────────────────────────────────────

  it('writes the booking, its history and its two mails: the confirmation with a calendar file, and the owner’s notice', async () => {
    const { booking, replayed, service: bookedService } = await book({ customer: { email: 'Claire.Martin@Example.FR' } });
    expect(replayed).toBe(false);
    expect(bookedService.slug).toBe('diagnostic-informatique');
    expect(booking).toMatchObject({
      status: 'confirmed',
      start: '2026-11-30T09:00:00.000Z',
      end: '2026-11-30T10:00:00.000Z',
      priceCents: 4900,
      vatRateBp: 2000,
      currency: 'EUR',
      locale: 'fr',
      source: 'api',
      withdrawalPolicy: 'applies',
      customer: { lastName: 'Martin', firstName: 'Claire', country: 'FR', email: 'claire.martin@example.fr', phone: '+33612345678', company: null, address: null },
    });
    expect(booking.reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(await t.services.booking.getById(booking.id)).toEqual(booking);
    expect(await t.services.booking.events(booking.id)).toEqual([{ type: 'created', actor: 'customer', details: { source: 'api' }, createdAt: '2026-11-26T07:00:00.000Z' }]);

    const [confirmation, notice, ...more] = await mails(booking);
    expect(more).toEqual([]);
    expect(confirmation).toMatchObject({ kind: 'booking-confirmation', recipient: 'claire.martin@example.fr', locale: 'fr', status: 'pending' });
    expect(confirmation!.subject).toBe(`Réservation confirmée${NBSP}: Diagnostic informatique, lundi 30 novembre 2026 à 10\u00a0h`);
    expect(confirmation!.text).toContain(`http://localhost:3000/reservation/${booking.reference}/${token(booking.reference)}`);
    expect(confirmation!.attachments).toHaveLength(1);
    const [ics] = confirmation!.attachments;
    expect(ics).toMatchObject({ filename: `${booking.reference}.ics`, contentType: 'text/calendar; charset=utf-8' });
    const calendar = icsProperties(ics!.content);
    expect(calendar.get('UID')).toEqual([`${booking.id}@localhost`]);
    expect(calendar.get('SEQUENCE')).toEqual(['0']);
    expect(calendar.get('METHOD')).toEqual(['PUBLISH']);
    expect(calendar.get('STATUS')).toEqual(['CONFIRMED']);
    expect(calendar.get('DTSTART')).toEqual(['20261130T090000Z']);
    expect(calendar.get('DTEND')).toEqual(['20261130T100000Z']);

    expect(notice).toMatchObject({ kind: 'booking-owner-notice', recipient: OWNER_EMAIL, locale: 'fr' });
    // The owner's own copy of the event: another UID than the customer's, with the customer's phone.
    expect(notice!.attachments).toHaveLength(1);
    const ownerCalendar = icsProperties(notice!.attachments[0]!.content);
    expect(ownerCalendar.get('UID')![0]).toMatch(/^owner-.+@localhost$/);
    expect(ownerCalendar.get('DESCRIPTION')![0]).toContain('+33 6 12 34 56 78');
    expect(notice!.subject).toBe(`Nouvelle réservation${NBSP}: Diagnostic informatique, lundi 30 novembre 2026 à 10\u00a0h`);
    expect(notice!.text).toContain('+33 6 12 34 56 78');
  });

  it('writes nothing at all when one of the writes fails: booking, history and mails are one transaction', async () => {
    await sql`alter table outbox_messages rename to outbox_messages_away`.execute(t.db.database.db);
    const error = await rejectionOf(book());
    expect(error).not.toBeInstanceOf(ValidationFailed);
    expect(await t.db.database.db.selectFrom('bookings').select('id').execute()).toEqual([]);
    expect(await t.db.database.db.selectFrom('booking_events').select('id').execute()).toEqual([]);
    await sql`alter table outbox_messages_away rename to outbox_messages`.execute(t.db.database.db);
    // The slot was not kept busy by the failed attempt.
    const { booking } = await book();
    expect(await mails(booking)).toHaveLength(2);
    expect(await countRows(t, 'bookings')).toBe(1);
  });

  it('records the versions of the terms and of the privacy policy in force, both published', async () => {
    const { booking } = await book();
    const { legal, privacy } = t.services;
    expect(booking.termsVersion).toBe(legal.terms.version);
    expect(booking.privacyNoticeVersion).toBe(privacy.policy.version);
    expect(booking.termsVersion).toMatch(/^[0-9a-f]{12}$/);
    for (const locale of ['fr', 'en'] as const) {
      expect(await legal.version('terms', booking.termsVersion, locale)).toBeDefined();
      expect(await legal.version('privacy-policy', booking.privacyNoticeVersion, locale)).toBeDefined();
    }
  });

  // ── Validation ────────────────────────────────────────────────────────────

  it('explains each problem in French, on its field', async () => {
    const errors = await fieldErrorsOf(book({ customer: { email: 'claire@', lastName: '  ', phone: '12' } }));
    expect(errors).toEqual({
      'customer.email': 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
      'customer.phone': 'Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.',
      'customer.lastName': 'Indiquez votre nom.',
    });
    const missing = await fieldErrorsOf(book({ customer: { email: '', firstName: undefined } }));
    expect(missing).toEqual({
      'customer.email': `Indiquez votre adresse e-mail${NBSP}: nous y enverrons la confirmation.`,
      'customer.firstName': 'Indiquez votre prénom.',
    });
  });

  it('explains each problem in English', async () => {
    const errors = await fieldErrorsOf(book({ customer: { email: 'claire@', lastName: '' } }, { locale: 'en' }));
    expect(errors).toEqual({ 'customer.email': 'Enter a valid email address, e.g. name@example.com.', 'customer.lastName': 'Enter your last name.' });
    const missing = await fieldErrorsOf(book({ customer: { email: undefined } }, { locale: 'en' }));
    expect(missing).toEqual({ 'customer.email': 'Enter your email address: we will send the confirmation there.' });
  });

  it('writes nothing when the request is invalid', async () => {
    await rejectionOf(book({ customer: { email: 'nope' } }));
    expect(await countRows(t, 'bookings')).toBe(0);
    expect(await countRows(t, 'outbox_messages')).toBe(0);
  });

  it('asks for the address where the service requires it (home setup), field by field', async () => {
    const home = { service: 'installation-a-domicile', start: monday('14:00') };
    expect(await fieldErrorsOf(book(home))).toEqual({
      'customer.address.line1': 'Indiquez votre adresse (numéro et rue).',
      'customer.address.postalCode': 'Indiquez votre code postal.',
      'customer.address.city': 'Indiquez votre ville.',
      'customer.address.country': 'Indiquez le pays de votre adresse.',
    });
    expect(await fieldErrorsOf(book({ ...home, customer: { address: { line1: '3 rue de la Paix', postalCode: '', city: 'Paris', country: 'FR' } } }))).toEqual({
      'customer.address.postalCode': 'Indiquez votre code postal.',
    });
    const address = { line1: '3 rue de la Paix', line2: 'Bâtiment B', postalCode: '75002', city: 'Paris', country: 'fr' };
    const { booking } = await book({ ...home, customer: { address } });
    expect(booking.customer.address).toEqual({ ...address, country: 'FR' });
    expect((await t.services.booking.getById(booking.id)).customer.address).toEqual({ ...address, country: 'FR' });
  });

  it('treats an address as optional where it is, but complete once begun', async () => {
    expect(await fieldErrorsOf(book({ customer: { address: { city: 'Paris' } } }))).toEqual({
      'customer.address.line1': 'Indiquez votre adresse (numéro et rue).',
      'customer.address.postalCode': 'Indiquez votre code postal.',
      'customer.address.country': 'Indiquez le pays de votre adresse.',
    });
    const { booking } = await book({ customer: { address: { line1: '', postalCode: '', city: ' ', country: '' } } });
    expect(booking.customer.address).toBeNull();
  });

  it('asks for the company where the service requires it', async () => {
    const form = { ...demoServices[0]!, slug: 'audit-entreprise', nameFr: 'Audit pour entreprise', nameEn: 'Business audit', requiredFields: ['lastName', 'firstName', 'company', 'country', 'phone'] as Service['requiredFields'], position: 9 };
    await t.services.catalog.createService(form);
    const audit = { service: 'audit-entreprise' };
    expect(await fieldErrorsOf(book(audit))).toEqual({ 'customer.company': 'Indiquez le nom de votre société.' });
    expect(await fieldErrorsOf(book(audit, { locale: 'en' }))).toEqual({ 'customer.company': 'Enter your company name.' });
    const { booking } = await book({ ...audit, customer: { company: 'Atelier Martin SARL' } });
    expect(booking.customer.company).toBe('Atelier Martin SARL');
  });

  it('wants five digits in a French postcode, and leaves other countries’ postcodes alone', async () => {
    const address = (postalCode: string, country: string) => ({ line1: '1 rue Haute', postalCode, city: 'Ville', country });
    for (const postalCode of ['9232', '923200', '92 320', '2A004']) {
      expect(await fieldErrorsOf(book({ customer: { address: address(postalCode, 'FR') } }))).toEqual({
        'customer.address.postalCode': 'Un code postal français compte cinq chiffres, par exemple 92320.',
      });
    }
    expect(await fieldErrorsOf(book({ customer: { address: address('9232', 'FR') } }, { locale: 'en' }))).toEqual({
      'customer.address.postalCode': 'A French postcode has five digits, e.g. 92320.',
    });
    const { booking } = await book({ customer: { address: address('SW1A 1AA', 'GB') } });
    expect(booking.customer.address?.postalCode).toBe('SW1A 1AA');
  });

  it('stores phone numbers in E.164, read in the customer’s country', async () => {
    const phoneOf = async (phone: string, country: string, start: string) => (await book({ start, customer: { phone, country } })).booking.customer.phone;
    expect(await phoneOf('06 12 34 56 78', 'FR', monday('09:00'))).toBe('+33612345678');
    expect(await phoneOf('+33 6.12.34.56.78', 'FR', monday('10:30'))).toBe('+33612345678');
    expect(await phoneOf('07911 123456', 'GB', monday('14:00'))).toBe('+447911123456');
    expect(await phoneOf('+44 7911 123456', 'FR', monday('15:30'))).toBe('+447911123456');
    // A British mobile number read as a French one is not a number at all.
    expect(await fieldErrorsOf(book({ start: monday('17:00'), customer: { phone: '07911 123456', country: 'FR' } }))).toEqual({
      'customer.phone': 'Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.',
    });
  });

  it('says a text is too long in words that agree with any label', async () => {
    const errors = await fieldErrorsOf(book({ customer: { lastName: 'M'.repeat(101), address: { line1: '1 rue Haute', postalCode: '92320', city: 'C'.repeat(101), country: 'FR' } } }));
    expect(errors).toEqual({
      'customer.lastName': 'Le texte saisi pour votre nom est trop long.',
      'customer.address.city': 'Le texte saisi pour votre ville est trop long.',
    });
    expect(await fieldErrorsOf(book({ customer: { lastName: 'M'.repeat(101) } }, { locale: 'en' }))).toEqual({ 'customer.lastName': 'Your last name is too long.' });
  });

  it('asks for the early-performance request where the service is performed at the customer’s request, with every other problem', async () => {
    const form = { ...demoServices[0]!, slug: 'depannage-express', nameFr: 'Dépannage express', nameEn: 'Express repair', withdrawalPolicy: 'performed_at_request' as const, position: 9 };
    await t.services.catalog.createService(form);
    const errors = await fieldErrorsOf(book({ service: 'depannage-express', customer: { email: 'nope' }, requestEarlyPerformance: undefined }, {}));
    expect(errors).toEqual({
      'customer.email': 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
      requestEarlyPerformance: `Cette prestation n’est réservable que si vous demandez qu’elle soit exécutée avant la fin du délai de rétractation${NBSP}: cochez la case correspondante.`,
    });
    const { booking } = await book({ service: 'depannage-express', requestEarlyPerformance: true });
    expect(booking).toMatchObject({ withdrawalPolicy: 'performed_at_request', earlyPerformanceRequested: true });
  });

  it('reports the terms to accept and a malformed time together with the details to fix', async () => {
    const errors = await fieldErrorsOf(
      t.services.booking.bookSlot({ ...bookingRequest({ customer: { email: 'nope' } }), start: 'lundi 10h' }, { ...apiOptions(), source: 'web', requireTermsAcceptance: true }),
    );
    expect(Object.keys(errors).sort()).toEqual(['acceptTerms', 'customer.email', 'start']);
    expect(errors.acceptTerms).toBe('Cochez la case pour accepter les conditions générales de vente.');
    // And a French postcode of four digits with the unticked box.
    const postcode = await fieldErrorsOf(
      t.services.booking.bookSlot(bookingRequest({ customer: { address: { line1: '1 rue Haute', postalCode: '9232', city: 'Châtillon', country: 'FR' } } }), { ...apiOptions(), source: 'web', requireTermsAcceptance: true }),
    );
    expect(Object.keys(postcode).sort()).toEqual(['acceptTerms', 'customer.address.postalCode']);
  });

  it('rejects fields it does not know, at any depth', async () => {
    const errors = await fieldErrorsOf(
      t.services.booking.bookSlot(
        { ...bookingRequest(), price: 0, customer: { ...customer(), nickname: 'Clairette', address: { line1: '1 rue Haute', postalCode: '92320', city: 'Châtillon', country: 'FR', floor: 3 } } },
        apiOptions(),
      ),
    );
    expect(errors).toEqual({
      price: 'Ce champ n’est pas attendu.',
      'customer.nickname': 'Ce champ n’est pas attendu.',
      'customer.address.floor': 'Ce champ n’est pas attendu.',
    });
  });

  it('rejects a request that is not an object, or whose parts have the wrong types', async () => {
    for (const input of [null, 'a string', 42, [], { service: 'diagnostic-informatique', start: MONDAY_10, customer: 'Claire' }]) {
      await expect(t.services.booking.bookSlot(input, apiOptions())).rejects.toBeInstanceOf(ValidationFailed);
    }
    const errors = await fieldErrorsOf(book({ start: 20261130, customer: { lastName: ['Martin'], email: 42 } }));
    expect(Object.keys(errors).sort()).toEqual(['customer.email', 'customer.lastName', 'start']);
    expect(await fieldErrorsOf(book({ service: 'nettoyage-de-vitres' }))).toEqual({ service: 'Cette prestation n’existe pas ou n’est plus proposée.' });
    // A slug no service can have is answered without asking the database (PostgreSQL refuses a NUL byte).
    expect(await fieldErrorsOf(book({ service: 'diagnostic\u0000informatique' }))).toEqual({ service: 'Cette prestation n’existe pas ou n’est plus proposée.' });
    expect((await appErrorOf(t.services.booking.listSlots('a\u0000b', { from: '2026-11-30', to: '2026-11-30' }, 'fr'))).code).toBe('SERVICE_NOT_FOUND');
  });

  // ── The agenda ────────────────────────────────────────────────────────────

  it('fills the six places of a workshop, then says the slot is taken', async () => {
    const workshop = { service: 'atelier-numerique', start: monday('14:00') };
    for (let i = 1; i <= 6; i++) {
      await book({ ...workshop, customer: { email: `participant${i}@example.fr` } });
      expect((await freeSlots('atelier-numerique', '2026-11-30'))['14:00'] ?? 0).toBe(6 - i);
    }
    const error = await appErrorOf(book({ ...workshop, customer: { email: 'seventh@example.fr' } }));
    expect([error.code, error.status, error.field]).toEqual(['SLOT_TAKEN', 409, 'start']);
    expect(error.messageIn('fr')).toBe('Ce créneau vient d’être réservé ou n’est plus disponible. Choisissez un autre horaire.');
    expect(await countRows(t, 'bookings')).toBe(6);
    // The other sessions of the day are untouched.
    expect(await freeSlots('atelier-numerique', '2026-11-30')).toEqual({ '09:00': 6, '16:00': 6 });
    await book({ service: 'atelier-numerique', start: monday('16:00'), customer: { email: 'seventh@example.fr' } });
  });

  it('keeps the agenda busy for the buffers of both services', async () => {
    // Check-up at 10:00: busy 10:00–11:15 (15 min after).
    await book({ start: monday('10:00') });
    // Home setup (90 min, 30 min before and after) at 11:00 would be busy 10:30–13:00.
    expect((await appErrorOf(book({ service: 'installation-a-domicile', start: monday('11:00'), customer: { address: { line1: '1 rue Haute', postalCode: '92320', city: 'Châtillon', country: 'FR' } } }))).code).toBe('SLOT_TAKEN');
    // A discovery call at 11:00 (busy until 11:30) overlaps the buffer; at 11:30 it does not.
    expect((await appErrorOf(book({ service: 'appel-decouverte', start: monday('11:00') }))).code).toBe('SLOT_TAKEN');
    await book({ service: 'appel-decouverte', start: monday('11:30') });
    // Home setup at 14:00: busy 13:30–16:00. A check-up at 15:30 overlaps it; at 16:00 it only touches it.
    await book({ service: 'installation-a-domicile', start: monday('14:00'), customer: { address: { line1: '1 rue Haute', postalCode: '92320', city: 'Châtillon', country: 'FR' } } });
    expect((await appErrorOf(book({ start: monday('15:30') }))).code).toBe('SLOT_TAKEN');
    await book({ start: monday('16:00') });
    expect(Object.keys(await freeSlots('diagnostic-informatique', '2026-11-30'))).toEqual(['17:30']);
  });

  it('refuses a slot during a closure (full day or part of a day) as taken', async () => {
    await t.services.catalog.addClosure({ startDate: '2026-12-01', startTime: '', endDate: '2026-12-01', endTime: '', label: 'Formation' }, 'fr');
    await t.services.catalog.addClosure({ startDate: '2026-12-02', startTime: '14:00', endDate: '2026-12-02', endTime: '15:00', label: 'Rendez-vous' }, 'fr');
    const closed = await appErrorOf(book({ start: '2026-12-01T10:00:00+01:00' }));
    expect([closed.code, closed.status]).toEqual(['SLOT_TAKEN', 409]);
    expect((await appErrorOf(book({ start: '2026-12-02T14:30:00+01:00' }))).code).toBe('SLOT_TAKEN');
    expect(await freeSlots('diagnostic-informatique', '2026-12-01')).toEqual({});
    await book({ start: '2026-12-02T15:00:00+01:00' });
    await book({ start: '2026-12-02T11:30:00+01:00' });
    expect(await countRows(t, 'bookings')).toBe(2);
  });

  it('refuses a start in the past, inside the notice, beyond the horizon or off the grid, on the start field', async () => {
    const startError = async (start: unknown, slug = 'diagnostic-informatique', locale: 'fr' | 'en' = 'fr', address?: object) => {
      const error = await rejectionOf(t.services.booking.bookSlot({ ...bookingRequest({ customer: address ? { address } : {} }), service: slug, start }, apiOptions({ locale })));
      expect(error).toBeInstanceOf(ValidationFailed);
      expect((error as ValidationFailed).status).toBe(422);
      const errors = (error as ValidationFailed).errors;
      expect(errors.map((e) => e.field)).toEqual(['start']);
      return errors[0]!.message;
    };
    expect(await startError('2026-11-25T10:00:00+01:00')).toBe('Cet horaire est déjà passé. Choisissez-en un autre.');
    // Now is Thursday 08:00; the check-up needs two hours' notice.
    expect(await startError('2026-11-26T09:30:00+01:00')).toBe(`Cette prestation se réserve au moins 2${NBSP}heures à l’avance. Choisissez un horaire plus tardif.`);
    expect(await startError('2026-11-26T09:30:00+01:00', undefined, 'en')).toBe('This service must be booked at least 2 hours ahead. Please choose a later time.');
    expect(await startError('2026-11-26T14:00:00+01:00', 'installation-a-domicile', 'fr', { line1: '1 rue Haute', postalCode: '92320', city: 'Châtillon', country: 'FR' })).toMatch(/^Cette prestation se réserve au moins 1\u00a0jour à l’avance\./);
    // 60 days of horizon end on Monday 25 January 2027 at 08:00.
    expect(await startError('2027-01-25T09:00:00+01:00')).toBe(`Cette prestation se réserve au plus 60${NBSP}jours à l’avance.`);
    const offGrid = 'Cet horaire n’est pas proposé pour cette prestation. Choisissez l’un des créneaux affichés.';
    expect(await startError(monday('10:15'))).toBe(offGrid);
    expect(await startError(monday('12:00'))).toBe(offGrid); // would end at 13:00, after the morning closes
    expect(await startError('2026-11-29T10:00:00+01:00')).toBe(offGrid); // Sunday
    const format = 'Indiquez l’horaire au format ISO 8601 avec son décalage, par exemple 2026-12-01T09:00:00+01:00.';
    expect(await startError('2026-11-30T10:00:00')).toBe(format);
    expect(await startError('lundi 10h')).toBe(format);
    expect(await startError('0000-01-01T00:00:00Z')).toBe(format);
    expect(await startError('+275760-09-13T00:00:00Z')).toBe(format);
    expect(await countRows(t, 'bookings')).toBe(0);
    // The edges: exactly at the notice, and the last day inside the horizon.
    await book({ start: '2026-11-26T10:00:00+01:00' });
    await book({ start: '2027-01-22T10:00:00+01:00' });
  });

  it('says "1 jour" and "1 day" for a horizon of one day, and « 1 h 30 » for a notice of an hour and a half', async () => {
    const form = { ...demoServices[3]!, slug: 'appel-express', nameFr: 'Appel express', nameEn: 'Quick call', horizonDays: 1, minNoticeMinutes: 90, position: 9 };
    await t.services.catalog.createService(form);
    const express = (start: string, locale: 'fr' | 'en' = 'fr') => fieldErrorsOf(book({ service: 'appel-express', start }, { locale }));
    expect(await express(monday('10:00'))).toEqual({ start: `Cette prestation se réserve au plus 1${NBSP}jour à l’avance.` });
    expect(await express(monday('10:00'), 'en')).toEqual({ start: 'This service can be booked at most 1 day ahead.' });
    expect(await express('2026-11-26T09:00:00+01:00')).toEqual({ start: `Cette prestation se réserve au moins 1${NBSP}h${NBSP}30 à l’avance. Choisissez un horaire plus tardif.` });
    expect(await express('2026-11-26T09:00:00+01:00', 'en')).toEqual({ start: `This service must be booked at least 1${NBSP}h 30${NBSP}min ahead. Please choose a later time.` });
  });

  it('accepts the start in UTC or in any offset, as long as it is the same instant', async () => {
    const { booking } = await book({ start: '2026-11-30T09:00:00Z' });
    expect(booking.start).toBe(utc(MONDAY_10));
    expect((await appErrorOf(book({ start: '2026-11-30T04:00:00-05:00', customer: { email: 'other@example.fr' } }))).code).toBe('SLOT_TAKEN');
  });

  // ── Idempotency ───────────────────────────────────────────────────────────

  it('answers a repeated request (same idempotency key, same content) with the first booking', async () => {
    const first = await book({}, { idempotencyKey: 'form-key-0123456789abcdef' });
    const again = await book({ customer: { email: 'CLAIRE.MARTIN@example.fr ' } }, { idempotencyKey: 'form-key-0123456789abcdef' });
    expect(again.replayed).toBe(true);
    expect(again.booking).toEqual(first.booking);
    expect(await countRows(t, 'bookings')).toBe(1);
    expect(await countRows(t, 'outbox_messages')).toBe(2);
  });

  it('refuses the same idempotency key for a different request', async () => {
    await book({}, { idempotencyKey: 'form-key-0123456789abcdef' });
    const error = await appErrorOf(book({ customer: { email: 'someone.else@example.fr' } }, { idempotencyKey: 'form-key-0123456789abcdef' }));
    expect([error.code, error.status]).toEqual(['IDEMPOTENCY_KEY_REUSED', 422]);
    const otherSlot = await appErrorOf(book({ start: monday('14:00') }, { idempotencyKey: 'form-key-0123456789abcdef' }));
    expect(otherSlot.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countRows(t, 'bookings')).toBe(1);
  });

  it('creates one booking for ten simultaneous repeats of one request', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => book({}, { idempotencyKey: 'double-click-0123456789' })));
    expect(new Set(results.map((r) => r.booking.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await countRows(t, 'bookings')).toBe(1);
    expect(await countRows(t, 'outbox_messages')).toBe(2);
  });

  // ── Concurrency ───────────────────────────────────────────────────────────

  it('lets exactly one of twenty simultaneous requests have a one-place slot', async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => book({ customer: { email: `racer${i}@example.fr` } })));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code?: string }] : []));
    expect(won).toHaveLength(1);
    expect(lost.map((e) => e.code)).toEqual(Array(19).fill('SLOT_TAKEN'));
    expect(await countRows(t, 'bookings')).toBe(1);
    expect(await countRows(t, 'outbox_messages')).toBe(2);
  });

  it('lets exactly six of twenty simultaneous requests into a six-place workshop', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => book({ service: 'atelier-numerique', start: monday('14:00'), customer: { email: `racer${i}@example.fr` } })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []))).toEqual(Array(14).fill('SLOT_TAKEN'));
    expect(await countRows(t, 'bookings')).toBe(6);
  });

  it('counts, for simultaneous bookings of nearby times, what the earlier ones of the same commit took, reading the agenda fewer times', async () => {
    // Three pairs that cannot both be kept: a check-up (busy until 15 min after its hour) and a call that starts inside it; two calls at 16:00.
    const requests = [
      { start: monday('10:00') },
      { service: 'appel-decouverte', start: monday('11:00') },
      { start: monday('14:00') },
      { service: 'appel-decouverte', start: monday('15:00') },
      { service: 'appel-decouverte', start: monday('16:00') },
      { service: 'appel-decouverte', start: monday('16:00') },
    ];
    t.db.queries.length = 0;
    const results = await Promise.allSettled(requests.map((request, i) => book({ ...request, customer: { email: `neighbour${i}@example.fr` } })));
    for (let pair = 0; pair < 3; pair++) {
      const outcomes = [results[2 * pair]!, results[2 * pair + 1]!];
      expect(outcomes.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []))).toEqual(['SLOT_TAKEN']);
    }
    expect(await countRows(t, 'bookings')).toBe(3);
    // Each booking checks the agenda inside the lock; those of one group commit share the read of a window.
    const agendaReads = t.db.queries.filter((q) => /from "bookings" where "status" = .* and "blocked_from" >= /.test(q));
    expect(agendaReads.length).toBeGreaterThan(0);
    expect(agendaReads.length).toBeLessThan(requests.length);
  });

  // ── Cancelling ────────────────────────────────────────────────────────────

  it('lets the customer cancel with the link’s token only', async () => {
    const { booking } = await book();
    const other = (await book({ start: monday('14:00'), customer: { email: 'other@example.fr' } })).booking;
    const real = token(booking.reference);
    // The real token with its last character changed (to another one, whatever it was).
    const lastChanged = real.slice(0, -1) + (real.endsWith('0') ? '1' : '0');
    for (const wrong of ['', 'x', token(other.reference), lastChanged, `${real}x`]) {
      const error = await appErrorOf(t.services.booking.cancelByCustomer(booking.reference, wrong));
      expect([error.code, error.status]).toEqual(['BOOKING_NOT_FOUND', 404]);
    }
    expect((await appErrorOf(t.services.booking.cancelByCustomer('ZZZZZ-ZZZZZ', token('ZZZZZ-ZZZZZ')))).code).toBe('BOOKING_NOT_FOUND');
    expect((await t.services.booking.getById(booking.id)).status).toBe('confirmed');
  });

  it('cancels for the customer: the slot is free again, the customer and the owner are told', async () => {
    const { booking } = await book();
    expect(await freeSlots('diagnostic-informatique', '2026-11-30')).not.toHaveProperty('10:00');
    t.clock.advance(3_600_000);
    const cancelled = await t.services.booking.cancelByCustomer(booking.reference, token(booking.reference));
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledBy: 'customer', cancelledAt: '2026-11-26T08:00:00.000Z', cancellationReason: null });
    expect(await t.services.booking.getById(booking.id)).toEqual(cancelled);
    expect((await t.services.booking.events(booking.id)).map((e) => [e.type, e.actor])).toEqual([
      ['created', 'customer'],
      ['cancelled', 'customer'],
    ]);

    const messages = await mails(booking);
    expect(messages.map((m) => [m.kind, m.recipient])).toEqual([
      ['booking-confirmation', 'claire.martin@example.fr'],
      ['booking-owner-notice', OWNER_EMAIL],
      ['booking-cancelled', 'claire.martin@example.fr'],
      ['booking-owner-notice', OWNER_EMAIL],
    ]);
    expect(messages[2]!.subject).toBe(`Réservation annulée${NBSP}: Diagnostic informatique, lundi 30 novembre 2026 à 10\u00a0h`);
    const calendar = icsProperties(messages[2]!.attachments[0]!.content);
    expect([calendar.get('UID'), calendar.get('METHOD'), calendar.get('STATUS'), calendar.get('SEQUENCE')]).toEqual([[`${booking.id}@localhost`], ['CANCEL'], ['CANCELLED'], ['1']]);
    expect(messages[3]!.subject).toMatch(/^Réservation annulée par le client\u00a0: /);

    expect(await freeSlots('diagnostic-informatique', '2026-11-30')).toHaveProperty('10:00', 1);
    const again = await book({ customer: { email: 'next@example.fr' } });
    expect(again.booking.start).toBe(booking.start);

    const twice = await appErrorOf(t.services.booking.cancelByCustomer(booking.reference, token(booking.reference)));
    expect([twice.code, twice.status]).toEqual(['ALREADY_CANCELLED', 409]);
  });

  it('does not let the customer cancel once the service has started', async () => {
    const { booking } = await book();
    t.clock.set(utc(MONDAY_10));
    const error = await appErrorOf(t.services.booking.cancelByCustomer(booking.reference, token(booking.reference)));
    expect([error.code, error.status]).toEqual(['ALREADY_STARTED', 409]);
    expect(error.messageIn('fr')).toBe(`Cette prestation a déjà commencé ou est passée${NBSP}: elle ne peut plus être modifiée en ligne. Contactez-nous.`);
    expect((await t.services.booking.getById(booking.id)).status).toBe('confirmed');
  });

  it('cancels for the owner, with a reason the customer reads', async () => {
    const { booking } = await book();
    t.clock.advance(60_000);
    const cancelled = await t.services.booking.cancelByOwner(booking.id, 'Intervenant malade');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledBy: 'owner', cancellationReason: 'Intervenant malade' });
    expect((await t.services.booking.getById(booking.id)).cancellationReason).toBe('Intervenant malade');
    expect((await t.services.booking.events(booking.id)).at(-1)).toMatchObject({ type: 'cancelled', actor: 'owner', details: { reason: 'Intervenant malade' } });
    const messages = await mails(booking);
    // The owner is not told of what the owner did.
    expect(messages.map((m) => m.kind)).toEqual(['booking-confirmation', 'booking-owner-notice', 'booking-cancelled']);
    expect(messages[2]!.text).toContain(`Motif${NBSP}: Intervenant malade`);
    expect(await freeSlots('diagnostic-informatique', '2026-11-30')).toHaveProperty('10:00', 1);
    expect((await appErrorOf(t.services.booking.cancelByOwner(booking.id, null))).code).toBe('ALREADY_CANCELLED');
    expect((await appErrorOf(t.services.booking.cancelByOwner(newId(), null))).code).toBe('BOOKING_NOT_FOUND');
  });

  // ── Moving ────────────────────────────────────────────────────────────────

  it('moves a booking for the owner: the old slot is freed, the new one taken, the calendar event updated', async () => {
    const { booking } = await book();
    t.clock.advance(60_000);
    const moved = await t.services.booking.moveByOwner(booking.id, monday('14:00'), 'Panne de courant', 'fr');
    expect(moved).toMatchObject({ id: booking.id, reference: booking.reference, start: utc(monday('14:00')), end: utc(monday('15:00')), status: 'confirmed' });
    expect(await t.services.booking.getById(booking.id)).toMatchObject({ start: utc(monday('14:00')), end: utc(monday('15:00')) });
    const slots = await freeSlots('diagnostic-informatique', '2026-11-30');
    expect(slots).toHaveProperty('10:00', 1);
    expect(slots).not.toHaveProperty('14:00');
    expect((await t.services.booking.events(booking.id)).at(-1)).toMatchObject({ type: 'moved', actor: 'owner', details: { from: booking.start, to: moved.start, reason: 'Panne de courant' } });

    const messages = await mails(booking);
    const movedMail = messages.find((m) => m.kind === 'booking-moved')!;
    expect(movedMail.recipient).toBe('claire.martin@example.fr');
    expect(movedMail.subject).toBe(`Réservation déplacée${NBSP}: Diagnostic informatique, lundi 30 novembre 2026 à 14\u00a0h`);
    const first = icsProperties(messages[0]!.attachments[0]!.content);
    const second = icsProperties(movedMail.attachments[0]!.content);
    expect(second.get('UID')).toEqual(first.get('UID'));
    expect(Number(second.get('SEQUENCE')![0])).toBeGreaterThan(Number(first.get('SEQUENCE')![0]));
    expect(second.get('DTSTART')).toEqual(['20261130T130000Z']);

    // A second move raises the sequence again.
    await t.services.booking.moveByOwner(booking.id, monday('16:00'), null, 'fr');
    const third = icsProperties((await mails(booking)).filter((m) => m.kind === 'booking-moved').at(-1)!.attachments[0]!.content);
    expect(Number(third.get('SEQUENCE')![0])).toBeGreaterThan(Number(second.get('SEQUENCE')![0]));
  });

  it('moves a booking onto a slot that overlaps only itself, but never onto another booking', async () => {
    const { booking } = await book();
    await book({ start: monday('14:00'), customer: { email: 'other@example.fr' } });
    const error = await appErrorOf(t.services.booking.moveByOwner(booking.id, monday('14:30'), null, 'fr'));
    expect([error.code, error.status]).toEqual(['SLOT_TAKEN', 409]);
    expect((await t.services.booking.getById(booking.id)).start).toBe(booking.start);
    const moved = await t.services.booking.moveByOwner(booking.id, monday('10:30'), null, 'fr');
    expect(moved.start).toBe(utc(monday('10:30')));
  });

  it('lets the owner ignore notice and horizon, but not the past, the grid or a cancelled booking', async () => {
    const { booking } = await book();
    await t.services.booking.moveByOwner(booking.id, '2026-11-26T09:00:00+01:00', null, 'fr');
    await t.services.booking.moveByOwner(booking.id, '2027-06-07T09:00:00+02:00', null, 'fr');
    expect(Object.keys(await fieldErrorsOf(t.services.booking.moveByOwner(booking.id, '2026-11-25T09:00:00+01:00', null, 'fr')))).toEqual(['start']);
    expect(Object.keys(await fieldErrorsOf(t.services.booking.moveByOwner(booking.id, monday('10:10'), null, 'fr')))).toEqual(['start']);
    expect(Object.keys(await fieldErrorsOf(t.services.booking.moveByOwner(booking.id, '9999-12-31T23:00:00Z', null, 'fr')))).toEqual(['start']);
    expect(Object.keys(await fieldErrorsOf(t.services.booking.moveByOwner(booking.id, '30/11/2026 10:00', null, 'fr')))).toEqual(['start']);
    await t.services.booking.cancelByOwner(booking.id, null);
    expect((await appErrorOf(t.services.booking.moveByOwner(booking.id, monday('14:00'), null, 'fr'))).code).toBe('ALREADY_CANCELLED');
  });

  // ── Availability at scale, and the range it accepts ───────────────────────

  it('computes slots with the same few queries for one day as for ninety, among 2,000 bookings', async () => {
    // Each of the 90 days: five places taken in each workshop session, a check-up at 11:00, and six cancelled bookings.
    const services = Object.fromEntries((await t.services.catalog.listServices()).map((s) => [s.slug, s]));
    const first = DateTime.fromISO('2026-11-30', { zone: ZONE });
    const plan: { slug: string; day: number; time: string; cancelled: boolean }[] = [];
    for (let day = 0; day < 90; day++) {
      for (const time of ['09:00', '14:00', '16:00']) for (let i = 0; i < 5; i++) plan.push({ slug: 'atelier-numerique', day, time, cancelled: false });
      plan.push({ slug: 'diagnostic-informatique', day, time: '11:00', cancelled: false });
      for (let i = 0; i < 6; i++) plan.push({ slug: 'diagnostic-informatique', day, time: `1${i}:30`, cancelled: true });
    }
    while (plan.length < 2000) plan.push({ slug: 'appel-decouverte', day: 0, time: '10:00', cancelled: true });
    const rows = plan.map(({ slug, day, time, cancelled }, i) => {
      const s = services[slug]!;
      const [hour, minute] = time.split(':').map(Number);
      const start = first.plus({ days: day }).set({ hour, minute }).toMillis();
      const end = start + s.durationMinutes * 60_000;
      const booking: Booking = {
        id: newId(), reference: `${randomCode(5)}-${randomCode(5)}`, serviceId: s.id, start: new Date(start).toISOString(), end: new Date(end).toISOString(),
        status: cancelled ? 'cancelled' : 'confirmed', customerId: null, customer: { lastName: 'Martin', firstName: 'Claire', company: null, country: 'FR', email: `c${i}@example.fr`, phone: '+33612345678', address: null },
        locale: 'fr', priceCents: s.priceCents, vatRateBp: s.vatRateBp, currency: 'EUR', termsVersion: 'v', termsAccepted: false, privacyNoticeVersion: 'v', withdrawalPolicy: s.withdrawalPolicy,
        earlyPerformanceRequested: false, source: 'api', createdAt: '2026-11-20T10:00:00.000Z', cancelledAt: null, cancelledBy: null, cancellationReason: null,
        quantity: 1, sessionId: null,
      };
      return toBookingRow({
        ...booking,
        blockedFrom: new Date(start - s.bufferBeforeMinutes * 60_000).toISOString(),
        blockedUntil: new Date(end + s.bufferAfterMinutes * 60_000).toISOString(),
        idempotencyKey: null,
        requestFingerprint: null,
      });
    });
    for (let i = 0; i < rows.length; i += 100) await t.db.database.db.insertInto('bookings').values(rows.slice(i, i + 100)).execute();
    expect(await countRows(t, 'bookings')).toBe(2000);

    const workshop = await service('atelier-numerique');
    const queriesOf = async (work: () => Promise<unknown>) => {
      t.db.queries.length = 0;
      const result = await work();
      return { count: t.db.queries.length, result };
    };
    const oneDay = await queriesOf(() => t.services.booking.slotsOf(workshop, '2026-12-01', '2026-12-01'));
    const ninetyDays = await queriesOf(() => t.services.booking.slotsOf(workshop, '2026-11-30', '2027-02-27'));
    expect(oneDay.count).toBeGreaterThan(0);
    expect(ninetyDays.count).toBe(oneDay.count);
    const apiOneDay = await queriesOf(() => t.services.booking.listSlots('diagnostic-informatique', { from: '2026-12-01', to: '2026-12-01' }, 'fr'));
    const apiNinetyDays = await queriesOf(() => t.services.booking.listSlots('diagnostic-informatique', { from: '2026-11-30', to: '2027-02-27' }, 'fr'));
    expect(apiNinetyDays.count).toBe(apiOneDay.count);

    // And the long range says what the days say one by one.
    const daily = [];
    for (let day = first; day <= DateTime.fromISO('2027-02-27', { zone: ZONE }); day = day.plus({ days: 1 })) {
      daily.push(...(await t.services.booking.slotsOf(workshop, day.toISODate()!, day.toISODate()!)));
    }
    expect(ninetyDays.result).toEqual(daily);
    // Weekdays inside the notice and the horizon: each session has its last place left.
    expect(daily.length).toBeGreaterThan(100);
    expect(new Set(daily.map((s) => s.remaining))).toEqual(new Set([1]));
  });

  it('lists slots with their offsets and places left', async () => {
    await book({ service: 'atelier-numerique', start: monday('14:00') });
    const slots = await t.services.booking.listSlots('atelier-numerique', { from: '2026-11-30', to: '2026-11-30' }, 'fr');
    expect(slots).toEqual([
      { start: monday('09:00'), end: monday('11:00'), remaining: 6 },
      { start: monday('14:00'), end: monday('16:00'), remaining: 5 },
      { start: monday('16:00'), end: monday('18:00'), remaining: 6 },
    ]);
  });

  it('accepts a range of up to 92 days and explains what is wrong with any other', async () => {
    const list = (query: unknown, locale: 'fr' | 'en' = 'fr') => t.services.booking.listSlots('diagnostic-informatique', query, locale);
    await list({ from: '2026-11-30', to: '2027-02-28' }); // 91 days
    await list({ from: '2027-01-01', to: '2027-04-02' }); // 92 days, across the spring change
    expect(await fieldErrorsOf(list({ from: '2027-01-01', to: '2027-04-03' }))).toEqual({ to: `Demandez au plus 92${NBSP}jours à la fois.` });
    expect(await fieldErrorsOf(list({ from: '2027-01-01', to: '2027-04-03' }, 'en'))).toEqual({ to: 'Ask for at most 92 days at a time.' });
    expect(await fieldErrorsOf(list({ from: '2026-12-02', to: '2026-12-01' }))).toEqual({ to: 'La date de fin doit être postérieure ou égale à la date de début.' });
    const badDate = 'Indiquez une date au format AAAA-MM-JJ, par exemple 2026-12-01.';
    expect(await fieldErrorsOf(list({ from: '2026-02-30', to: '2026-03-01' }))).toEqual({ from: badDate });
    expect(await fieldErrorsOf(list({ from: '30/11/2026', to: '2026-12-01' }))).toEqual({ from: badDate });
    expect(await fieldErrorsOf(list({ from: '2026-11-30', to: '2026-13-01' }))).toEqual({ to: badDate });
    expect(await fieldErrorsOf(list({ from: '2026-11-30' }))).toEqual({ to: 'Indiquez la date de fin.' });
    expect(await fieldErrorsOf(list({}))).toEqual({ from: 'Indiquez la date de début.', to: 'Indiquez la date de fin.' });
    expect(await fieldErrorsOf(list({}, 'en'))).toEqual({ from: 'Enter the start date.', to: 'Enter the end date.' });
    expect(await fieldErrorsOf(list({ from: '2026-11-30', to: '2026-11-30', service: 'x' }))).toEqual({ service: 'Ce champ n’est pas attendu.' });
    expect(Object.keys(await fieldErrorsOf(list({ from: ['2026-11-30', '2026-12-01'], to: '2026-12-01' })))).toEqual(['from']);
    // Dates no agenda holds are refused, not sent to the database.
    expect(await fieldErrorsOf(list({ from: '0000-01-01', to: '0000-01-02' }))).toEqual({ from: badDate, to: badDate });
    expect(await fieldErrorsOf(list({ from: '9999-12-30', to: '9999-12-31' }))).toEqual({ from: badDate, to: badDate });
  });

  it('answers an unknown or retired service with SERVICE_NOT_FOUND', async () => {
    const unknown = await appErrorOf(t.services.booking.listSlots('vol-en-montgolfiere', { from: '2026-11-30', to: '2026-11-30' }, 'fr'));
    expect([unknown.code, unknown.status]).toEqual(['SERVICE_NOT_FOUND', 404]);
    const call = await service('appel-decouverte');
    const form = demoServices.find((s) => s.slug === 'appel-decouverte')!;
    await t.services.catalog.updateService(call.id, { ...form, active: false });
    expect((await appErrorOf(t.services.booking.listSlots('appel-decouverte', { from: '2026-11-30', to: '2026-11-30' }, 'fr'))).code).toBe('SERVICE_NOT_FOUND');
    expect(await fieldErrorsOf(book({ service: 'appel-decouverte' }))).toEqual({ service: 'Cette prestation n’existe pas ou n’est plus proposée.' });
  });

  it('tells the details form whether a start is free, taken or not a slot, without asking the database about impossible dates', async () => {
    const check = await service('diagnostic-informatique');
    expect(await t.services.booking.slotState(check, MONDAY_10)).toBe('free');
    await book();
    expect(await t.services.booking.slotState(check, MONDAY_10)).toBe('taken');
    for (const start of [monday('10:15'), '2026-11-30T10:00:00', '', 'x', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '+275760-09-13T00:00:00Z', '9999-12-31T23:59:59Z']) {
      expect(await t.services.booking.slotState(check, start), start).toBe('unavailable');
    }
  });
});

import type { Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { workshopAtOpenHours } from '../../../test/support/sessions.js';
import { apiOptions, appErrorOf, bookingRequest, fieldErrorsOf } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import { buildSecondApp } from '../../../test/support/second-app.js';
import { backFill } from '../../db/migrations/20261201T1100_create_customers.js';
import type { DB } from '../../db/schema.js';

/**
 * The customers module on a real database of each dialect: the customer each booking finds or
 * creates, in the booking's transaction; the owner's search, edits and notes; the retention
 * that now runs per customer; the back-fill of the migration.
 */
const at = (date: string, hhmm: string) => `${date}T${hhmm}:00+01:00`;
const OWNER = { id: 'owner-account-id', email: 'owner@wservicesparis.com' };

describeEachDialect('customers', (dialect: DialectName) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    // These tests book the check-up on any afternoon: the workshop's sessions would keep some busy.
    await workshopAtOpenHours(t);
  });
  afterEach(() => t?.close());

  const db = () => t.db.database.db as Kysely<DB>;
  const book = (overrides: Parameters<typeof bookingRequest>[0] = {}) => t.services.booking.bookSlot(bookingRequest(overrides), apiOptions());
  const customerRows = () => db().selectFrom('customers').selectAll().orderBy('sort_key').execute();

  it('finds the same customer for every booking of one address, whatever its case, and keeps the address as last typed', async () => {
    const first = await book({ start: at('2026-11-30', '10:00'), customer: { email: 'Claire.Martin@Example.FR', company: 'Atelier Martin' } });
    const second = await book({ start: at('2026-12-01', '10:00'), customer: { email: '  CLAIRE.martin@example.fr ', phone: '07 81 22 33 44' } });
    const rows = await customerRows();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ email: 'CLAIRE.martin@example.fr', email_normalised: 'claire.martin@example.fr', phone: '+33781223344', company: 'Atelier Martin' });
    expect(first.booking.customerId).toBe(row!.id);
    expect(second.booking.customerId).toBe(row!.id);
    // Each booking keeps its own snapshot.
    expect((await t.services.booking.getById(first.booking.id)).customer).toMatchObject({ phone: '+33612345678', company: 'Atelier Martin', email: 'claire.martin@example.fr' });
    expect((await t.services.booking.getById(second.booking.id)).customer).toMatchObject({ phone: '+33781223344', company: null });

    // The second booking's new details are recorded as changes made through it.
    const changes = await t.services.customers.changes(row!.id);
    expect(changes.map((c) => [c.field, c.before, c.after, c.actor, c.bookingId]).sort()).toEqual([
      ['email', 'Claire.Martin@Example.FR', 'CLAIRE.martin@example.fr', 'booking', second.booking.id],
      ['phone', '+33612345678', '+33781223344', 'booking', second.booking.id],
    ]);
    expect(row!.last_booking_at).toMatch(/^2026-12-01T10:00:00(\.000)?(Z|\+00:00)$/);
    const bookings = await t.services.booking.ofCustomer(row!.id);
    expect(bookings.map((b) => b.id)).toEqual([second.booking.id, first.booking.id]);
  });

  it('never makes two customers of one new address booked ten times at once', async () => {
    const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
    const starts = days.flatMap((d) => [at(d, '10:00'), at(d, '14:00')]);
    const results = await Promise.all(starts.map((start, i) => book({ start, customer: { email: i % 2 ? 'Nouveau.Client@example.fr' : 'nouveau.client@EXAMPLE.fr' } })));
    const rows = await customerRows();
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => r.booking.customerId))).toEqual(new Set([rows[0]!.id]));
    expect(rows[0]!.last_booking_at).toMatch(/^2026-12-04T14:00:00/);
  });

  if (dialect === 'postgres') {
    it('books for the customer the owner was adding at the same moment, outside the agenda’s lock, alone or among other bookings', async () => {
      // The owner's insert is not committed when the booking's statement starts: the statement does not see it, then meets it.
      const other = t.db.reopen();
      const ownerAdds = async (id: string, email: string) => {
        const owners = await other.db.startTransaction().execute();
        const now = new Date().toISOString();
        await owners
          .insertInto('customers')
          .values({
            ...{ id, email, email_normalised: email, last_name: 'Instant', first_name: 'Même', company: null, country: 'FR', phone: null },
            ...{ address_line1: null, address_line2: null, address_postal_code: null, address_city: null, address_country: null },
            ...{ sort_key: 'instant meme', search_text: `instant meme ${email}`, last_booking_at: null, created_at: now, updated_at: now },
          })
          .execute();
        return owners;
      };
      try {
        // Alone in its transaction.
        const first = await ownerAdds('added-by-the-owner', 'meme.instant@example.fr');
        const alone = book({ start: at('2026-12-01', '10:00'), customer: { email: 'Meme.Instant@example.fr' } });
        await new Promise((resolve) => setTimeout(resolve, 300));
        await first.commit().execute();
        expect((await alone).booking.customerId).toBe('added-by-the-owner');
        // Sharing a group commit with another booking, which must be kept too.
        const second = await ownerAdds('also-added-by-the-owner', 'autre.instant@example.fr');
        const together = Promise.all([
          book({ start: at('2026-12-02', '10:00'), customer: { email: 'autre.instant@example.fr' } }),
          book({ start: at('2026-12-02', '14:00'), customer: { email: 'voisine@example.fr' } }),
        ]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await second.commit().execute();
        const [racing, neighbour] = await together;
        expect(racing.booking.customerId).toBe('also-added-by-the-owner');
        const rows = await customerRows();
        expect(rows.map((r) => r.id).sort()).toEqual(['added-by-the-owner', 'also-added-by-the-owner', neighbour.booking.customerId].sort());
        // The booking's details reached the owner's record, as for any known address.
        expect(rows.find((r) => r.id === 'added-by-the-owner')).toMatchObject({ last_name: 'Martin', email: 'Meme.Instant@example.fr' });
      } finally {
        await other.close();
      }
    });
  }

  it('makes one customer of one new address booked at once through two instances sharing the database', async () => {
    const second = await buildSecondApp(t);
    try {
      const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
      const starts = days.flatMap((d) => [at(d, '10:00'), at(d, '14:00'), at(d, '16:00')]);
      const results = await Promise.all(
        starts.map((start, i) =>
          (i % 2 ? second.services.booking : t.services.booking).bookSlot(bookingRequest({ start, customer: { email: i % 3 ? 'Deux@Instances.fr' : 'deux@instances.FR' } }), apiOptions()),
        ),
      );
      const rows = await customerRows();
      expect(rows).toHaveLength(1);
      expect(new Set(results.map((r) => r.booking.customerId))).toEqual(new Set([rows[0]!.id]));
    } finally {
      await second.close();
    }
  });

  it('searches names, e-mails, phones and companies, ignoring case and accents, page by page', async () => {
    await book({ start: at('2026-11-30', '10:00'), customer: { email: 'elodie.perrin@example.fr', firstName: 'Élodie', lastName: 'Perrin', phone: '06 98 76 54 32' } });
    await book({ start: at('2026-11-30', '14:00'), customer: { email: 'jl@boulangerie.fr', firstName: 'Jean-Luc', lastName: 'Lœuvre', company: 'Boulangerie Ménard' } });
    await book({ start: at('2026-12-01', '10:00'), customer: { email: 'ELODIE_B@example.com', firstName: 'Elodie', lastName: 'Bazin' } });
    const names = async (q: string) => (await t.services.customers.search(q, 1)).customers.map((c) => c.lastName);
    expect(await names('élodie')).toEqual(['Bazin', 'Perrin']);
    expect(await names('ELODIE perrin')).toEqual(['Perrin']);
    expect(await names('menard')).toEqual(['Lœuvre']);
    expect(await names('loeuvre')).toEqual(['Lœuvre']);
    expect(await names('06 98 76 54 32')).toEqual(['Perrin']);
    expect(await names('+33 6 98 76')).toEqual(['Perrin']);
    expect(await names('@boulangerie')).toEqual(['Lœuvre']);
    // LIKE's own wildcards are taken literally.
    expect(await names('_b@')).toEqual(['Bazin']);
    expect(await names('%')).toEqual([]);
    expect(await names('')).toEqual(['Bazin', 'Lœuvre', 'Perrin']);

    for (let i = 0; i < 26; i++) {
      await db()
        .insertInto('customers')
        .values({ id: `c${String(i).padStart(2, '0')}`, email: `z${i}@example.fr`, email_normalised: `z${i}@example.fr`, search_text: ` zed z${i}@example.fr `, sort_key: `zed ${String(i).padStart(2, '0')}`, created_at: '2026-11-26T07:00:00.000Z', updated_at: '2026-11-26T07:00:00.000Z' })
        .execute();
    }
    const page1 = await t.services.customers.search('zed', 1);
    const page2 = await t.services.customers.search('zed', 2);
    expect([page1.customers.length, page1.hasNext, page2.customers.length, page2.hasNext]).toEqual([25, true, 1, false]);
    expect(page2.customers[0]!.id).toBe('c25');
  });

  it('records each field the owner changes, with who, when, before and after; refuses bad input and stale forms', async () => {
    const { booking } = await book();
    const id = booking.customerId!;
    const before = await t.services.customers.get(id);
    t.clock.set('2026-11-27T09:30:00.000Z');
    const form = { email: 'claire@nouveau.fr', firstName: 'Claire', lastName: 'Martin-Durand', phone: '06 12 34 56 78', country: 'FR', addressLine1: '3 rue de la Gare', postalCode: '92320', city: 'Châtillon', addressCountry: 'FR', version: before.updatedAt };
    const { changes } = await t.services.customers.update(id, form, OWNER, 'fr');
    expect(changes.map((c) => c.field)).toEqual(['lastName', 'email', 'address.line1', 'address.postalCode', 'address.city', 'address.country']);
    const history = await t.services.customers.changes(id);
    expect(history).toContainEqual({ field: 'lastName', before: 'Martin', after: 'Martin-Durand', actor: 'owner', adminEmail: OWNER.email, bookingId: null, changedAt: '2026-11-27T09:30:00.000Z' });
    expect(await db().selectFrom('customer_changes').select('admin_id').where('actor', '=', 'owner').execute()).toEqual(changes.map(() => ({ admin_id: OWNER.id })));
    const after = await t.services.customers.get(id);
    expect(after).toMatchObject({ email: 'claire@nouveau.fr', lastName: 'Martin-Durand', address: { line1: '3 rue de la Gare', line2: null, postalCode: '92320', city: 'Châtillon', country: 'FR' } });
    // The booking keeps the details given when booking.
    expect((await t.services.booking.getById(booking.id)).customer.email).toBe('claire.martin@example.fr');
    // And the customer is found under the new address.
    expect((await t.services.customers.search('nouveau', 1)).customers.map((c) => c.id)).toEqual([id]);

    // A form shown before that change is refused rather than written over it.
    expect((await appErrorOf(t.services.customers.update(id, { ...form, lastName: 'Autre' }, OWNER, 'fr'))).code).toBe('CUSTOMER_CHANGED');

    expect(await fieldErrorsOf(t.services.customers.update(id, { email: 'pas-une-adresse', phone: '12', addressLine1: 'x', postalCode: '123', addressCountry: 'FR', lastName: 'A\u202eB' }, OWNER, 'fr'))).toEqual({
      email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
      phone: 'Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.',
      lastName: 'Le texte saisi pour le nom contient un caractère de contrôle ou de mise en forme invisible\u00a0; retirez-le.',
    });
    expect(await fieldErrorsOf(t.services.customers.update(id, { email: 'a@b.fr', addressLine1: 'x', postalCode: '123', addressCountry: 'FR' }, OWNER, 'en'))).toEqual({
      city: 'Enter the town or city.',
      postalCode: 'A French postcode has five digits, e.g. 92320.',
    });
    const other = await book({ start: at('2026-12-01', '10:00'), customer: { email: 'autre@example.fr' } });
    const error = await appErrorOf(t.services.customers.update(other.booking.customerId!, { email: 'CLAIRE@nouveau.fr' }, OWNER, 'fr'));
    expect([error.code, error.status, error.field]).toEqual(['EMAIL_TAKEN', 409, 'email']);
    expect((await t.services.customers.get(other.booking.customerId!)).email).toBe('autre@example.fr');
    expect((await appErrorOf(t.services.customers.get('no-such-customer'))).code).toBe('CUSTOMER_NOT_FOUND');
  });

  it('deletes the customer, their notes and history 3 years after their last booking, and anonymises their bookings', async () => {
    const old = await book({ start: at('2026-11-30', '10:00'), customer: { email: 'old@example.fr' } });
    await book({ start: at('2026-12-01', '10:00'), customer: { email: 'OLD@example.fr', phone: '07 81 22 33 44' } });
    const kept = await book({ start: at('2026-12-02', '10:00'), customer: { email: 'kept@example.fr' } });
    const oldId = old.booking.customerId!;
    await t.services.customers.addNote(oldId, { body: 'Préfère être appelé le matin.' }, OWNER, 'fr');
    expect(await t.services.customers.notes(oldId)).toHaveLength(1);
    // The kept customer books again two years later: their clock restarts from that booking.
    t.clock.set('2028-11-20T08:00:00.000Z');
    await book({ start: at('2028-11-27', '10:00'), customer: { email: 'kept@example.fr' } });

    const { privacy } = t.services;
    let reports = await privacy.runRetention(new Date('2029-11-30T12:00:00Z'));
    expect(reports.find((r) => r.activity === 'customers')?.deleted).toBe(0);

    // Three years and a day after the old customer's last booking (1 December 2026).
    reports = await privacy.runRetention(new Date('2029-12-02T12:00:00Z'));
    expect(reports.find((r) => r.activity === 'customers')?.deleted).toBe(1);
    expect(reports.find((r) => r.activity === 'customer-notes')?.deleted).toBe(1);
    expect(reports.find((r) => r.activity === 'bookings')?.anonymised).toBe(2);
    await expect(t.services.customers.get(oldId)).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    expect(await db().selectFrom('customer_notes').selectAll().execute()).toEqual([]);
    expect(await db().selectFrom('customer_changes').selectAll().where('customer_id', '=', oldId).execute()).toEqual([]);
    const anonymised = await t.services.booking.getById(old.booking.id);
    expect(anonymised.customer).toEqual({ lastName: null, firstName: null, company: null, country: null, email: '', phone: null, address: null });
    expect(anonymised.customerId).toBeNull();
    expect(anonymised.reference).toBe(old.booking.reference);
    expect(await t.services.booking.events(old.booking.id)).toEqual([expect.objectContaining({ type: 'created', details: {} })]);
    // The other customer keeps everything.
    expect((await t.services.booking.getById(kept.booking.id)).customer.email).toBe('kept@example.fr');
    expect((await t.services.customers.get(kept.booking.customerId!)).email).toBe('kept@example.fr');

    // Nothing more to do the next time round.
    reports = await privacy.runRetention(new Date('2029-12-02T12:00:00Z'));
    expect(reports.filter((r) => r.activity.startsWith('customer') || r.activity === 'bookings').every((r) => r.deleted === 0 && r.anonymised === 0)).toBe(true);
  });

  it('restarts the retention period when the owner moves a booking later', async () => {
    const { booking } = await book({ start: at('2026-11-30', '10:00') });
    await t.services.booking.moveByOwner(booking.id, at('2026-12-04', '14:00'), null, 'fr');
    const customer = await t.services.customers.get(booking.customerId!);
    expect(customer.lastBookingAt).toMatch(/^2026-12-04T14:00:00/);
    const reports = await t.services.privacy.runRetention(new Date('2029-12-02T12:00:00Z'));
    expect(reports.find((r) => r.activity === 'customers')?.deleted).toBe(0);
  });

  it('back-fills one customer per address from the bookings made before customers existed', async () => {
    const a = await book({ start: at('2026-11-30', '10:00'), customer: { email: 'Anne@Example.fr', lastName: 'Durand', firstName: 'Anne' } });
    t.clock.set('2026-11-26T08:00:00.000Z');
    const b = await book({ start: at('2026-11-30', '14:00'), customer: { email: 'anne@example.FR', lastName: 'Durand', firstName: 'Anne', company: 'Durand SARL' } });
    const c = await book({ start: at('2026-12-01', '10:00'), customer: { email: 'bruno@example.fr', lastName: 'Bruno', firstName: 'Élie' } });
    // The state before the migration: bookings only.
    await db().updateTable('bookings').set({ customer_id: null }).execute();
    await db().deleteFrom('customer_changes').execute();
    await db().deleteFrom('customers').execute();

    await backFill(db());
    const rows = await customerRows();
    expect(rows.map((r) => [r.email_normalised, r.company, r.last_name])).toEqual([
      ['bruno@example.fr', null, 'Bruno'],
      ['anne@example.fr', 'Durand SARL', 'Durand'],
    ]);
    const anne = rows[1]!;
    expect(anne.last_booking_at).toMatch(/^2026-11-30T14:00:00/);
    expect((await t.services.booking.getById(a.booking.id)).customerId).toBe(anne.id);
    expect((await t.services.booking.getById(b.booking.id)).customerId).toBe(anne.id);
    expect((await t.services.booking.getById(c.booking.id)).customerId).toBe(rows[0]!.id);
    expect((await t.services.customers.search('elie', 1)).customers.map((x) => x.id)).toEqual([rows[0]!.id]);
  });
});

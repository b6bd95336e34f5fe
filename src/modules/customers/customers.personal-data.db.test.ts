import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { applyRule, portContext } from '../../../test/support/retention.js';
import { workshopAtOpenHours } from '../../../test/support/sessions.js';
import type { DB } from '../../db/schema.js';
import type { DataSubject, ErasureLine, ModuleRegister } from '../../platform/privacy-register.js';
import { bookingRegister } from '../booking/index.js';
import { customerSpaceRegister } from '../customer-space/index.js';
import { customersRegister } from './customers.register.js';

/**
 * One person's data in the customers, booking and customer-space modules, through their ports:
 * found, exported, then erased inside one real transaction in the engine's order (the reverse
 * of app.ts's registers: customer space, booking, customers), twice; another customer keeps
 * everything. And the retention rules of these modules, on both sides of their limits.
 */
const at = (date: string, hhmm: string) => `${date}T${hhmm}:00+01:00`;
const OWNER = { id: 'owner-account-id', email: 'owner@wservicesparis.com' };
/** The engine's order: the reverse of `registers` in app.ts. */
const inEraseOrder: ModuleRegister[] = [customerSpaceRegister, bookingRegister, customersRegister];

describeEachDialect('the personal data of customers, their bookings and their customer space', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await workshopAtOpenHours(t);
  });
  afterAll(() => t?.close());

  const db = () => t.db.database.db as Kysely<DB>;
  const book = (start: string, customer: Record<string, unknown>) => t.services.booking.bookSlot(bookingRequest({ start, customer }), apiOptions());

  async function signInAs(email: string): Promise<string> {
    await t.services.space.requestLink({ email }, 'fr');
    const mails = await db().selectFrom('outbox_messages').select(['text_body', 'created_at', 'id']).where('kind', '=', 'customer-sign-in').where('recipient', '=', email).orderBy('id', 'desc').execute();
    const token = /\/mon-espace\/connexion\/([A-Za-z0-9_-]+)/.exec(mails[0]!.text_body)![1]!;
    return t.services.space.signIn(token);
  }

  async function eraseInOneTransaction(subject: DataSubject): Promise<ErasureLine[]> {
    return db()
      .transaction()
      .execute(async (trx) => {
        const lines: ErasureLine[] = [];
        for (const register of inEraseOrder) lines.push(...(await register.personalData!.erase(portContext(t, t.clock.now(), trx), subject)));
        return lines;
      });
  }

  it('finds, exports and erases one customer, and leaves another alone', async () => {
    const first = await book(at('2026-11-30', '10:00'), { email: 'Claire.Martin@Example.fr', company: 'Atelier Martin' });
    const second = await book(at('2026-12-01', '10:00'), { email: 'claire.martin@example.fr', phone: '07 81 22 33 44' });
    const other = await book(at('2026-12-01', '14:00'), { email: 'paul.durand@example.fr', lastName: 'Durand', firstName: 'Paul' });
    const claireId = first.booking.customerId!;
    await t.services.customers.addNote(claireId, { body: 'Préfère être appelée le matin.' }, OWNER, 'fr');
    await t.services.customers.addNote(other.booking.customerId!, { body: 'Client fidèle.' }, OWNER, 'fr');
    // Cancelled by the owner with a reason: free text in the booking and its history.
    await t.services.booking.cancelByOwner(second.booking.id, 'Empêchement de votre côté, Claire');
    const claireSession = await signInAs('claire.martin@example.fr');
    const paulSession = await signInAs('paul.durand@example.fr');
    const claire: DataSubject = { customerId: claireId, emails: ['claire.martin@example.fr'] };
    const ctx = portContext(t);

    // Found, by kind.
    const found = Object.fromEntries(
      (await Promise.all(inEraseOrder.map((r) => r.personalData!.find(ctx, claire)))).flat().map((f) => [f.kind, f.count]),
    );
    expect(found).toMatchObject({ 'customer-record': 1, 'customer-notes': 1, bookings: 2, 'sign-in-links': 1, 'customer-space-sessions': 1 });
    expect(found['booking-history']).toBeGreaterThanOrEqual(2);
    expect(found['customer-changes']).toBeGreaterThanOrEqual(1);

    // Exported as the person may read it: their details, the service's name, dates, references; no token.
    const exported = new Map((await Promise.all(inEraseOrder.map((r) => r.personalData!.export(ctx, claire)))).flat().map((r) => [r.kind, r]));
    expect(exported.get('customer-record')!.rows).toEqual([expect.objectContaining({ email: 'claire.martin@example.fr', company: 'Atelier Martin', phone: '+33781223344' })]);
    expect(exported.get('customer-notes')!.rows).toEqual([expect.objectContaining({ body: 'Préfère être appelée le matin.' })]);
    expect(exported.get('customer-notes')!.rows[0]).not.toHaveProperty('admin_email');
    const bookings = exported.get('bookings')!.rows;
    expect(bookings.map((b) => b.reference).sort()).toEqual([first.booking.reference, second.booking.reference].sort());
    expect(bookings[0]).toMatchObject({ service_name: 'Diagnostic informatique', customer_last_name: 'Martin', price_cents: first.booking.priceCents });
    expect(exported.get('booking-history')!.rows[0]).toHaveProperty('booking_reference');
    expect(exported.get('customer-space-sessions')!.rows).toEqual([expect.objectContaining({ created_at: expect.any(String), expires_at: expect.any(String) })]);
    expect(JSON.stringify([...exported.values()])).not.toContain('paul.durand');
    for (const records of exported.values()) for (const row of records.rows) expect(Object.keys(row)).not.toContain('token_hash');

    // Erased in one transaction, in the engine's order: no foreign key stands in the way.
    const lines = await eraseInOneTransaction(claire);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'customer-space-sessions', action: 'deleted', count: 1 }),
        expect.objectContaining({ kind: 'sign-in-links', action: 'deleted', count: 1 }),
        expect.objectContaining({ kind: 'bookings', action: 'anonymised', count: 2 }),
        expect.objectContaining({ kind: 'customer-notes', action: 'deleted', count: 1 }),
        expect.objectContaining({ kind: 'customer-record', action: 'deleted', count: 1 }),
      ]),
    );
    // The bookings stay, without who made them: service, date, price, reference for the statistics and the accounts.
    const anonymised = await t.services.booking.getById(first.booking.id);
    expect(anonymised.customer).toEqual({ lastName: null, firstName: null, company: null, country: null, email: '', phone: null, address: null });
    expect(anonymised).toMatchObject({ customerId: null, reference: first.booking.reference, start: first.booking.start, priceCents: first.booking.priceCents, serviceId: first.booking.serviceId });
    for (const event of await t.services.booking.events(second.booking.id)) expect(event.details).toEqual({});
    expect(await db().selectFrom('customers').select('id').where('id', '=', claireId).execute()).toEqual([]);
    expect(await db().selectFrom('customer_notes').select('id').where('customer_id', '=', claireId).execute()).toEqual([]);
    expect(await db().selectFrom('customer_changes').select('id').where('customer_id', '=', claireId).execute()).toEqual([]);
    // Nothing comes back: the session no longer opens the space, the reminder will not go.
    expect(await t.services.space.sessionOf(claireSession)).toBeUndefined();
    const reminder = await t.services.jobs.byKey(`booking.reminder:${first.booking.id}`);
    if (reminder) expect(reminder.status).not.toBe('pending');
    expect(await db().selectFrom('bookings').select('id').where('customer_email', 'like', '%claire%').execute()).toEqual([]);

    // Idempotent: a second erasure finds nothing left, and reports nothing.
    expect(await eraseInOneTransaction(claire)).toEqual([]);
    expect((await Promise.all(inEraseOrder.map((r) => r.personalData!.find(ctx, claire)))).flat()).toEqual([]);

    // The other customer keeps everything.
    expect((await t.services.booking.getById(other.booking.id)).customer.email).toBe('paul.durand@example.fr');
    expect(await t.services.customers.notes(other.booking.customerId!)).toHaveLength(1);
    expect(await t.services.space.sessionOf(paulSession)).toBeDefined();
  });

  it('finds the bookings of an address that has no customer record, by the address alone', async () => {
    const { booking } = await book(at('2026-12-02', '10:00'), { email: 'Sans.Fiche@example.fr' });
    // A booking made before customer records existed: no link.
    await db().updateTable('bookings').set({ customer_id: null }).where('id', '=', booking.id).execute();
    const subject: DataSubject = { customerId: null, emails: ['sans.fiche@example.fr'] };
    expect(await bookingRegister.personalData!.find(portContext(t), subject)).toEqual([expect.objectContaining({ kind: 'bookings', count: 1 }), expect.objectContaining({ kind: 'booking-history', count: 1 })]);
    expect(await customerSpaceRegister.personalData!.find(portContext(t), subject)).toEqual([]);
    const lines = await eraseInOneTransaction(subject);
    expect(lines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'bookings', action: 'anonymised', count: 1 })]));
    expect((await t.services.booking.getById(booking.id)).customer.email).toBe('');
  });

  it('keeps a customer and their bookings 3 years after their last booking, then deletes the customer and anonymises the bookings', async () => {
    const old = await book(at('2026-12-03', '10:00'), { email: 'ancien@example.fr' });
    await t.services.customers.addNote(old.booking.customerId!, { body: 'Ancien client.' }, OWNER, 'fr');
    const recent = await book(at('2026-12-03', '14:00'), { email: 'recent@example.fr' });
    // The recent customer books again a year later: their period restarts.
    t.clock.set('2027-11-25T08:00:00.000Z');
    await book(at('2027-12-01', '10:00'), { email: 'recent@example.fr' });
    t.clock.set('2026-11-26T07:00:00.000Z');
    const rules = ['customers.notes', 'bookings.inactive-customers', 'customers.inactive'] as const;
    const run = async (now: string, dryRun: boolean) => {
      const counts: Record<string, number> = {};
      for (const id of rules) counts[id] = await applyRule(t, id, new Date(now), { dryRun });
      return counts;
    };
    // The customers of the tests above (last booking on 2 December at the latest) are due first: cleared beforehand.
    await run('2029-12-03T08:00:00Z', false);
    // Before the end of the old customer's period (their booking ends on 3 December 2026 at 10:00 UTC): nothing.
    expect(await run('2029-12-03T09:59:00Z', true)).toEqual({ 'customers.notes': 0, 'bookings.inactive-customers': 0, 'customers.inactive': 0 });
    expect(await run('2029-12-03T09:59:00Z', false)).toEqual({ 'customers.notes': 0, 'bookings.inactive-customers': 0, 'customers.inactive': 0 });
    // After it: counted, untouched by the dry run, then done.
    expect(await run('2029-12-03T10:01:00Z', true)).toEqual({ 'customers.notes': 1, 'bookings.inactive-customers': 1, 'customers.inactive': 1 });
    expect((await t.services.booking.getById(old.booking.id)).customer.email).toBe('ancien@example.fr');
    expect(await run('2029-12-03T10:01:00Z', false)).toEqual({ 'customers.notes': 1, 'bookings.inactive-customers': 1, 'customers.inactive': 1 });
    expect((await t.services.booking.getById(old.booking.id)).customer.email).toBe('');
    await expect(t.services.customers.get(old.booking.customerId!)).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    expect((await t.services.booking.getById(recent.booking.id)).customer.email).toBe('recent@example.fr');
    expect(await run('2029-12-03T10:01:00Z', false)).toEqual({ 'customers.notes': 0, 'bookings.inactive-customers': 0, 'customers.inactive': 0 });
  });

  it('has nothing to delete for the calendar feed: the feed leaves out what started more than 30 days ago', async () => {
    expect(await applyRule(t, 'bookings.calendar-feed', t.clock.now(), { dryRun: false })).toBe(0);
    const { booking } = await book(at('2026-12-04', '10:00'), { email: 'agenda@example.fr', lastName: 'Agenda' });
    const feedPath = new URL(await t.services.agenda.feedUrl()).pathname;
    const feed = async (now: string) => {
      t.clock.set(now);
      return (await t.app.inject(feedPath)).body;
    };
    try {
      // 29 days after its start it is still there; 31 days after, gone.
      expect(await feed('2027-01-02T09:00:00.000Z')).toContain(booking.reference);
      expect(await feed('2027-01-04T09:00:00.000Z')).not.toContain(booking.reference);
    } finally {
      t.clock.set('2026-11-26T07:00:00.000Z');
    }
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, saveInvoicingIdentity, type TestApp } from '../../../test/support/app.js';
import { OWNER } from '../../../test/support/admin-client.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { tracesInDatabase, tracesInFiles } from '../../../test/support/personal-traces.js';
import { unzip } from '../../../test/support/zip.js';
import { liveRegistersOf } from '../../app.js';
import { verifyInvoiceLedger } from '../invoices/index.js';
import { LEDGER_VERIFY_READER } from '../legal-archive/index.js';
import { verifyPaymentLedger } from '../payments/index.js';

/**
 * Issue 8, item 11: one customer with bookings, a payment, an invoice and mails goes through
 * access, rectification, restriction, objection and erasure, end to end through the real modules.
 * After the erasure nothing identifying remains outside the legal archive: every column the
 * register declares personal, table by table, and every file of the data directory.
 */
const EMAIL = 'zephyrine.quenardel@example.fr';
const RECTIFIED_EMAIL = 'z.quenardel@exemple.fr';
const MARKERS = ['Quenardel', 'quenardel@', 'rue des Quenouilles', '0671829304', '6 71 82 93 04'];
const OTHER = { lastName: 'Bastide', firstName: 'Henri', email: 'henri.bastide@example.fr' };

describeEachDialect('privacy lifecycle of one customer', (dialect) => {
  let t: TestApp;
  let customerId: string;
  let bookingIds: string[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await t.services.admin.createAccount(OWNER, 'fr');
    await saveInvoicingIdentity(t.services.settings, { vatExempt: false });
    const person = {
      lastName: 'Quenardel',
      firstName: 'Zéphyrine',
      email: EMAIL,
      phone: '06 71 82 93 04',
      country: 'FR',
      address: { line1: '27 rue des Quenouilles', postalCode: '92320', city: 'Châtillon', country: 'FR' },
    };
    const first = await t.services.booking.bookSlot(bookingRequest({ customer: person }), apiOptions());
    const second = await t.services.booking.bookSlot(bookingRequest({ start: '2026-12-01T14:00:00+01:00', customer: person }), apiOptions());
    await t.services.booking.bookSlot(bookingRequest({ start: '2026-12-01T16:00:00+01:00', customer: OTHER }), apiOptions());
    customerId = first.booking.customerId!;
    bookingIds = [first.booking.id, second.booking.id];
    await t.services.payments.record(first.booking.id, { method: 'cash', amount: '49' }, 'fr');
    // The confirmations and the owner's notices are delivered: without SMTP, as .eml copies in DATA_DIR/mail.
    while (await t.services.outbox.deliverDue()) {
      /* until nothing is due */
    }
  });
  afterAll(() => t?.close());

  const privacy = () => t.services.privacy.personalData;

  let accessPath: string;

  it('gives the person their data: a zip with every kind the register holds for them, and nobody else’s', async () => {
    const subject = await privacy().subjectForEmail(EMAIL.toUpperCase());
    expect(subject).toEqual({ customerId, emails: [EMAIL] });
    const { path } = await privacy().produceAccessArchive(subject, 'fr');
    accessPath = path;
    const download = await t.app.inject(path);
    expect(download.statusCode).toBe(200);
    const files = await unzip(download.rawPayload);
    const data = JSON.parse(files.get('data.json')!.toString('utf8')) as { schema: string; records: Record<string, Record<string, unknown>[]> };
    expect(data.schema).toBe('wservices.personal-data/1');
    expect(Object.keys(data.records)).toEqual(expect.arrayContaining(['customer-record', 'bookings', 'booking-history', 'payments', 'invoices', 'emails', 'email-copies']));
    expect(data.records.bookings).toHaveLength(2);
    for (const kind of Object.keys(data.records)) expect(files.has(`${kind}.csv`), `${kind}.csv`).toBe(true);
    expect([...files.keys()].some((name) => name.endsWith('.pdf'))).toBe(true);
    expect([...files.keys()].some((name) => name.endsWith('.eml'))).toBe(true);
    const everything = [...files.values()].map((b) => b.toString('latin1')).join('\n');
    expect(everything).toContain('Quenardel');
    expect(everything).not.toContain('Bastide');
    expect(files.get('resume.txt')!.toString('utf8')).toContain('CNIL');
  });

  it('rectifies with an audit entry, restricts, then records the objection to prospecting', async () => {
    const before = await t.services.customers.get(customerId);
    const form = { email: RECTIFIED_EMAIL, firstName: 'Zéphyrine', lastName: 'Quenardel', phone: '06 71 82 93 04', country: 'FR', addressLine1: '27 rue des Quenouilles', postalCode: '92320', city: 'Châtillon', addressCountry: 'FR', version: before.updatedAt };
    await t.services.customers.update(customerId, form, { id: 'owner', email: OWNER.email }, 'fr');
    expect(await t.services.customers.changes(customerId)).toContainEqual(expect.objectContaining({ field: 'email', before: EMAIL, after: RECTIFIED_EMAIL, adminEmail: OWNER.email }));

    const { restrictions, outbox } = t.services;
    await restrictions.restrict(RECTIFIED_EMAIL, { reason: 'Exactitude contestée', by: OWNER.email });
    expect(await restrictions.isRestricted(RECTIFIED_EMAIL)).toBe(true);
    await outbox.enqueue(t.db.database.db, { kind: 'newsletter', category: 'marketing', recipient: RECTIFIED_EMAIL, locale: 'fr', subject: 'Nos offres', text: 'Offres', html: '<p>Offres</p>' });
    while (await outbox.deliverDue()) {
      /* until nothing is due */
    }
    const newsletter = await t.db.database.db.selectFrom('outbox_messages').select(['status', 'skip_reason']).where('kind', '=', 'newsletter').executeTakeFirstOrThrow();
    expect(newsletter).toEqual({ status: 'skipped', skip_reason: 'restricted' });
    await restrictions.lift(RECTIFIED_EMAIL, { by: OWNER.email });
    await restrictions.objectToProspecting(RECTIFIED_EMAIL, { by: OWNER.email });
    expect(await restrictions.isSuppressed(RECTIFIED_EMAIL)).toBe(true);
  });

  it('erases the person: nothing identifying remains outside the archive, table by table and file by file; the law’s records are archived unchanged', async () => {
    // The person is found under the address they have now and the one they had before the rectification (their mails went there).
    const allAddresses = (await privacy().subjectForCustomer(customerId))!;
    expect(allAddresses.emails.sort()).toEqual([EMAIL, RECTIFIED_EMAIL].sort());
    const db = t.db.database.db;
    const registers = liveRegistersOf('x'.repeat(40), []);
    // The search finds the person before: the empty answers below mean something.
    expect(await tracesInDatabase(db, registers, MARKERS)).toEqual(expect.arrayContaining([expect.stringMatching(/^customers\./), expect.stringMatching(/^bookings\./), expect.stringMatching(/^invoices\./)]));
    expect(tracesInFiles(t.db.dataDir, MARKERS, (file) => /archive\.sqlite|wservices\.sqlite/.test(file)).some((trace) => trace.startsWith('mail'))).toBe(true);

    const report = await privacy().erase(allAddresses);
    expect(report.failed).toEqual([]);
    expect(report.lines).toContainEqual(expect.objectContaining({ module: 'invoices', action: 'archived' }));
    expect(report.lines).toContainEqual(expect.objectContaining({ module: 'customers', action: 'deleted' }));

    if (dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    expect(await tracesInDatabase(db, registers, MARKERS)).toEqual([]);
    // The legal archive is the only place allowed to keep them (its own file on SQLite).
    expect(tracesInFiles(t.db.dataDir, MARKERS, (file) => /archive\.sqlite/.test(file))).toEqual([]);

    // The access archive made before (compressed: the byte search above cannot see inside it) is gone too.
    expect((await t.app.inject(accessPath)).statusCode).toBeGreaterThanOrEqual(404);

    // The other customer is untouched.
    expect(await tracesInDatabase(db, registers, ['Bastide'])).not.toEqual([]);
    // Bookings stay, anonymised, for the agenda's history and the accounts.
    const bookings = await db.selectFrom('bookings').select(['id', 'customer_id', 'price_cents']).where('id', 'in', bookingIds).execute();
    expect(bookings.map((b) => b.customer_id)).toEqual([null, null]);

    // What the law keeps is in the archive, and the chains still verify against it.
    const { legalArchive } = t.services;
    const archived = await legalArchive.reads.list({ customerId }, { id: 'test', name: 'test' });
    expect(archived.map((e) => e.kind)).toEqual(expect.arrayContaining(['invoice', 'payment']));
    const copies = legalArchive.reads.copies(LEDGER_VERIFY_READER);
    expect(await verifyPaymentLedger(db, copies)).toMatchObject({ intact: true });
    expect(await verifyInvoiceLedger(db, copies)).toMatchObject({ intact: true });

    // The objection outlives the person; their addresses are remembered only as keyed hashes.
    expect(await t.services.restrictions.isSuppressed(RECTIFIED_EMAIL)).toBe(true);
    expect(await t.services.privacy.wasErased(EMAIL)).toBe(true);

    // Erasing again finds nothing left to remove, and a later retention run brings nothing back.
    const again = await privacy().erase(allAddresses);
    expect(again.failed).toEqual([]);
    expect(again.lines.filter((l) => l.action === 'deleted' || l.action === 'anonymised' || l.action === 'archived').filter((l) => l.count > 0)).toEqual([]);
    await t.services.privacy.runRetentionRules(t.clock.now());
    expect(await tracesInDatabase(db, registers, MARKERS)).toEqual([]);
  });
});

import { statSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, saveInvoicingIdentity, type TestApp } from '../../../test/support/app.js';
import { AdminClient, OWNER } from '../../../test/support/admin-client.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { runCli } from '../../../test/support/processes.js';
import { cutoffBefore, type ArchiveEntry, type ErasureLine, type PortContext, type RetentionRule } from '../../platform/privacy-register.js';
import { invoicesRegister, verifyInvoiceLedger } from '../invoices/index.js';
import { paymentsRegister, verifyPaymentLedger } from '../payments/index.js';
import { legalArchiveRegister } from './legal-archive.register.js';
import { archiveSchemaFor, LEDGER_VERIFY_READER } from './legal-archive.service.js';

const STAFF = { email: 'equipe@wservicesparis.com', password: 'une autre phrase de passe assez longue' };
const TESTER = { id: 'test', name: 'test' };
const ground = { fr: 'Code de commerce, art. L123-22', en: 'French Commercial Code, art. L123-22' };

describeEachDialect('legal archive', (dialect) => {
  let t: TestApp;
  let owner: AdminClient;
  let staff: AdminClient;

  const archive = () => t.services.legalArchive;
  /** Runs a port or a rule as the privacy engine does: in a transaction, with the archive's writer. */
  const inTransaction = <T>(now: Date, work: (ctx: PortContext) => Promise<T>) =>
    t.db.database.db.transaction().execute((trx) => work({ db: trx, now, dataDir: t.db.dataDir, archive: archive().writer }));
  const rule = (id: string): RetentionRule => [...(invoicesRegister.retention ?? []), ...(paymentsRegister.retention ?? []), ...(legalArchiveRegister.retention ?? [])].find((r) => r.id === id)!;
  const runRule = (id: string, now: string, dryRun: boolean) => inTransaction(new Date(now), (ctx) => rule(id).apply(ctx, cutoffBefore(new Date(now), rule(id).keep), { dryRun }));

  /** Changes an archived record behind the archive's back (its own file or schema). */
  async function tamperArchived(kind: string, recordId: string, change: (record: Record<string, unknown>) => void): Promise<() => Promise<void>> {
    const read = async () => {
      if (dialect === 'sqlite') {
        const file = new BetterSqlite3(path.join(t.db.dataDir, 'archive.sqlite'));
        try {
          return (file.prepare('select record from archive_entries where kind = ? and record_id = ?').get(kind, recordId) as { record: string }).record;
        } finally {
          file.close();
        }
      }
      const rows = await sql<{ record: string }>`select record from ${sql.table(`${archiveSchemaFor(t.db.postgresSchema!)}.archive_entries`)} where kind = ${kind} and record_id = ${recordId}`.execute(t.db.database.db);
      return rows.rows[0]!.record;
    };
    const write = async (record: string) => {
      if (dialect === 'sqlite') {
        const file = new BetterSqlite3(path.join(t.db.dataDir, 'archive.sqlite'));
        try {
          file.prepare('update archive_entries set record = ? where kind = ? and record_id = ?').run(record, kind, recordId);
        } finally {
          file.close();
        }
      } else {
        await sql`update ${sql.table(`${archiveSchemaFor(t.db.postgresSchema!)}.archive_entries`)} set record = ${record} where kind = ${kind} and record_id = ${recordId}`.execute(t.db.database.db);
      }
    };
    const original = await read();
    const changed = JSON.parse(original) as Record<string, unknown>;
    change(changed);
    await write(JSON.stringify(changed));
    return () => write(original);
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await t.services.admin.createAccount(OWNER, 'fr');
    await t.services.admin.createAccount(STAFF, 'fr', 'staff');
    owner = new AdminClient(t);
    expect((await owner.login()).statusCode).toBe(303);
    staff = new AdminClient(t);
    expect((await staff.login(STAFF)).statusCode).toBe(303);
    await saveInvoicingIdentity(t.services.settings, { vatExempt: false });
  });
  afterAll(() => t?.close());

  it('keeps one copy per (kind, record): putting it again changes nothing', async () => {
    const entry: ArchiveEntry = { kind: 'test-record', recordId: 'r1', customerId: 'c1', record: { amount: 1 }, files: [{ name: 'a.pdf', content: Buffer.from('%PDF first') }], ground, keepUntil: '2036-12-31' };
    await archive().writer.put(entry);
    await archive().writer.put({ ...entry, record: { amount: 2 }, files: [{ name: 'a.pdf', content: Buffer.from('%PDF second') }] });
    const opened = await archive().reads.open('test-record', 'r1', TESTER);
    expect(opened).toMatchObject({ record: { amount: 1 }, customerId: 'c1', keepUntil: '2036-12-31', ground, files: [{ name: 'a.pdf', size: 10 }] });
    expect((await archive().reads.file('test-record', 'r1', 'a.pdf', TESTER))!.toString()).toBe('%PDF first');
    await expect(archive().writer.put({ ...entry, recordId: 'r2', keepUntil: '31/12/2036' })).rejects.toThrow(/YYYY-MM-DD/);
    // Its own store: a file readable by the server's user only beside the main one, or a schema of its own.
    if (dialect === 'sqlite') expect(statSync(path.join(t.db.dataDir, 'archive.sqlite')).mode & 0o777).toBe(0o600);
    else expect(archive().location).toBe(`PostgreSQL schema ${t.db.postgresSchema}_archive`);
    await expect(t.db.database.db.selectFrom('archive_entries' as never).selectAll().execute()).rejects.toThrow();
  });

  it('shows the archive to the owner only, and logs every read of the owner (who, when, what)', async () => {
    await archive().writer.put({ kind: 'test-record', recordId: 'r9', customerId: 'c9', record: { label: 'à lire' }, files: [{ name: 'r9.pdf', content: Buffer.from('%PDF r9') }], ground, keepUntil: '2030-12-31' });
    for (const url of ['/admin/archives', '/admin/archives/test-record/r9', '/admin/archives/test-record/r9/fichiers/r9.pdf']) {
      expect((await staff.get(url)).statusCode, url).toBe(403);
    }
    expect((await archive().reads.log()).filter((r) => r.record_id === 'r9')).toEqual([]);

    const list = await owner.get('/admin/archives?type=test-record&client=c9');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/admin/archives/test-record/r9"');
    expect(list.body).not.toContain('/admin/archives/test-record/r1"');
    const opened = await owner.get('/admin/archives/test-record/r9');
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('à lire');
    const file = await owner.get('/admin/archives/test-record/r9/fichiers/r9.pdf');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.toString()).toBe('%PDF r9');
    expect((await owner.get('/admin/archives/test-record/absent')).statusCode).toBe(404);
    const refused = await owner.get('/admin/archives?du=2026-13-01');
    expect(refused.statusCode, refused.body.slice(0, 3000)).toBe(422);

    const log = await archive().reads.log();
    expect(log.slice(0, 3).map((r) => [r.reader_name, r.action, r.kind, r.record_id, r.detail])).toEqual([
      [OWNER.email, 'file', 'test-record', 'r9', 'r9.pdf'],
      [OWNER.email, 'open', 'test-record', 'r9', null],
      [OWNER.email, 'list', null, null, 'kind=test-record customer=c9'],
    ]);
    expect(log[0]!.read_at).toBe(t.clock.now().toISOString());
    // The log is on the page.
    expect((await owner.get('/admin/archives')).body).toContain('téléchargement · test-record · r9 · r9.pdf');
  });

  it('erases a customer’s payments and invoices: unchanged copies and the PDF in the archive, the rows anonymised, the chains still verified', async () => {
    const address = { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
    const { booking } = await t.services.booking.bookSlot(bookingRequest({ customer: { lastName: 'Durand', firstName: 'Paul', email: 'paul.durand@example.fr', country: 'FR', address } }), apiOptions());
    const paid = await t.services.payments.record(booking.id, { method: 'cash', amount: '49' }, 'fr');
    await t.services.payments.correct(booking.id, { correctsId: paid.id, correctionAmount: '10', reason: 'Geste pour Paul Durand' }, 'fr');
    const db = t.db.database.db;
    const paymentsBefore = await db.selectFrom('payments').selectAll().where('booking_id', '=', booking.id).orderBy('sequence').execute();
    const documentsBefore = await db.selectFrom('invoices').selectAll().where('booking_id', '=', booking.id).orderBy('number').execute();
    expect(paymentsBefore).toHaveLength(2);
    expect(documentsBefore.map((d) => d.type)).toContain('invoice');
    const subject = { customerId: booking.customerId ?? null, emails: ['paul.durand@example.fr'] };

    const found = await inTransaction(t.clock.now(), async (ctx) => [...(await invoicesRegister.personalData!.find(ctx, subject)), ...(await paymentsRegister.personalData!.find(ctx, subject))]);
    expect(found).toContainEqual(expect.objectContaining({ kind: 'invoices', count: 1 }));
    expect(found).toContainEqual(expect.objectContaining({ kind: 'payments', count: 2 }));
    const exported = await inTransaction(t.clock.now(), (ctx) => invoicesRegister.personalData!.export(ctx, subject));
    const invoice = documentsBefore.find((d) => d.type === 'invoice')!;
    expect(exported.find((r) => r.kind === 'invoices')!.files).toEqual([{ name: `${invoice.number}.pdf`, content: Buffer.from(invoice.pdf) }]);

    const erase = (): Promise<ErasureLine[]> =>
      inTransaction(t.clock.now(), async (ctx) => [...(await invoicesRegister.personalData!.erase(ctx, subject)), ...(await paymentsRegister.personalData!.erase(ctx, subject))]);
    const lines = await erase();
    const year = Number(invoice.issue_date.slice(0, 4));
    expect(lines).toContainEqual(expect.objectContaining({ kind: 'invoices', action: 'archived', count: 1, until: `${year + 10}-12-31`, ground: expect.objectContaining({ fr: expect.stringContaining('L123-22') }) }));
    expect(lines).toContainEqual(expect.objectContaining({ kind: 'payments', action: 'archived', count: 2, until: `${year + 10}-12-31` }));
    expect(await erase()).toEqual([]);

    // The database keeps numbers, amounts, dates and hashes, and nothing of the person.
    const paymentsAfter = await db.selectFrom('payments').selectAll().where('id', 'in', paymentsBefore.map((p) => p.id)).orderBy('sequence').execute();
    expect(paymentsAfter.map((p) => [p.booking_id, p.reason, p.amount_cents, p.hash])).toEqual(paymentsBefore.map((p) => ['erased', p.reason === null ? null : '[effacé]', p.amount_cents, p.hash]));
    const documentsAfter = await db.selectFrom('invoices').selectAll().where('booking_id', '=', booking.id).orderBy('number').execute();
    for (const [i, after] of documentsAfter.entries()) {
      expect(after.number).toBe(documentsBefore[i]!.number);
      expect(after.gross_cents).toBe(documentsBefore[i]!.gross_cents);
      expect(Buffer.from(after.pdf).length).toBe(0);
      expect(`${after.buyer} ${after.document}`).not.toMatch(/Durand|Paix|paul/i);
    }
    expect(await t.services.invoices.pdf(invoice.number)).toBeUndefined();

    // The archive holds the rows as they were, and the PDF as issued.
    const { pdf, ...invoiceRecord } = invoice;
    expect((await archive().reads.open('invoice', invoice.id, TESTER))!.record).toEqual(JSON.parse(JSON.stringify(invoiceRecord)));
    expect((await archive().reads.file('invoice', invoice.id, `${invoice.number}.pdf`, TESTER))!.equals(Buffer.from(pdf))).toBe(true);
    expect((await archive().reads.open('payment', paid.id, TESTER))!.record).toEqual(JSON.parse(JSON.stringify(paymentsBefore[0])));
    expect((await archive().reads.list({ customerId: subject.customerId ?? undefined }, TESTER)).map((e) => e.kind).sort()).toEqual(
      [...documentsBefore.map((d) => (d.type === 'invoice' ? 'invoice' : 'credit-note')), 'payment', 'payment'].sort(),
    );

    // ledger verify: the anonymised records checked against their archived copies, each read logged.
    const copies = archive().reads.copies(LEDGER_VERIFY_READER);
    expect(await verifyPaymentLedger(db, copies)).toMatchObject({ intact: true });
    expect(await verifyInvoiceLedger(db, copies)).toMatchObject({ intact: true });
    expect((await verifyPaymentLedger(db)).intact).toBe(false);
    expect((await archive().reads.log()).filter((r) => r.reader_name === 'ledger verify' && r.action === 'verify').map((r) => r.record_id)).toEqual(
      expect.arrayContaining([paid.id, invoice.id]),
    );

    // Tampering with either copy is found, and named.
    const restorePayment = await tamperArchived('payment', paid.id, (r) => (r.amount_cents = 4901));
    expect((await verifyPaymentLedger(db, copies)).text).toMatch(new RegExp(`First broken link: record #${paid.sequence} .*its copy in the legal archive no longer matches its hash`));
    await restorePayment();
    const restoreInvoice = await tamperArchived('invoice', invoice.id, (r) => (r.buyer = String(r.buyer).replace('Durand', 'Dupont')));
    expect((await verifyInvoiceLedger(db, copies)).text).toMatch(new RegExp(`First broken link: link #\\d+ \\(${invoice.number}\\): its copy in the legal archive no longer matches its hash`));
    await restoreInvoice();
    await sql`update payments set amount_cents = 100 where id = ${paid.id}`.execute(db);
    expect((await verifyPaymentLedger(db, copies)).text).toMatch(/record in the database is no longer what its archived copy gives/);
    await sql`update payments set amount_cents = ${paymentsBefore[0]!.amount_cents} where id = ${paid.id}`.execute(db);
    expect(await verifyPaymentLedger(db, copies)).toMatchObject({ intact: true });
    // `npx wservices ledger verify` as the operator types it, on this database: intact, its reads
    // logged as « ledger verify »; then the archived invoice changed, and named.
    const env: Record<string, string> = { DATA_DIR: t.db.dataDir, LOG_LEVEL: 'silent' };
    if (dialect === 'postgres') env.DATABASE_URL = `${t.db.databaseUrl}?options=${encodeURIComponent(`-c search_path=${t.db.postgresSchema}`)}`;
    const readsBefore = (await archive().reads.log(1000)).length;
    const intact = await runCli(['ledger', 'verify'], env);
    expect(intact, intact.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/^The payment ledger is intact: .*\nThe invoice chain is intact: /) });
    const cliReads = (await archive().reads.log(1000)).slice(0, (await archive().reads.log(1000)).length - readsBefore);
    expect(cliReads.length).toBeGreaterThanOrEqual(3);
    expect(cliReads.every((r) => r.reader_id === 'cli' && r.reader_name === 'ledger verify' && r.action === 'verify')).toBe(true);
    const restoreForCli = await tamperArchived('invoice', invoice.id, (r) => (r.gross_cents = Number(r.gross_cents) + 1));
    const broken = await runCli(['ledger', 'verify'], env);
    expect(broken).toMatchObject({ code: 1, stderr: expect.stringContaining(`(${invoice.number}): its copy in the legal archive no longer matches its hash`) });
    await restoreForCli();

    // The archive's own port: the person's archived records are theirs to read, and kept until their term.
    const held = await inTransaction(t.clock.now(), (ctx) => legalArchiveRegister.personalData!.find(ctx, subject));
    expect(held).toEqual([expect.objectContaining({ kind: 'legal-archive', count: documentsBefore.length + 2 })]);
    const theirs = await inTransaction(t.clock.now(), (ctx) => legalArchiveRegister.personalData!.export(ctx, subject));
    expect(theirs[0]!.files!.map((f) => f.name)).toContain(`invoice-${invoice.id}-${invoice.number}.pdf`);
    const kept = await inTransaction(t.clock.now(), (ctx) => legalArchiveRegister.personalData!.erase(ctx, subject));
    expect(kept.map((l) => [l.action, l.until])).toEqual(expect.arrayContaining([['kept', `${year + 10}-12-31`]]));
    expect(kept.reduce((n, l) => n + l.count, 0)).toBe(documentsBefore.length + 2);
    expect((await archive().reads.log(1000)).map((r) => r.action)).toContain('erase');

    // The database still refuses any other change to an issued document, erased or not.
    await expect(sql`update invoices set gross_cents = 1 where id = ${invoice.id}`.execute(db)).rejects.toThrow(/never changed or deleted/);
    await expect(sql`delete from invoices where id = ${invoice.id}`.execute(db)).rejects.toThrow(/never changed or deleted/);
  });

  it('archives invoices and payments two years after the end of their financial year, not a day before', async () => {
    const address = { line1: '8 rue Oberkampf', postalCode: '75011', city: 'Paris', country: 'FR' };
    const { booking } = await t.services.booking.bookSlot(
      bookingRequest({ start: '2026-12-01T14:00:00+01:00', customer: { lastName: 'Roux', firstName: 'Léa', email: 'lea.roux@example.fr', country: 'FR', address } }),
      apiOptions(),
    );
    const paid = await t.services.payments.record(booking.id, { method: 'card_terminal', amount: '49' }, 'fr');
    const db = t.db.database.db;
    // The 2026 financial year ends on 31 December 2026: two years later is 1 January 2029.
    expect(await runRule('invoices.active-life', '2028-12-31T12:00:00.000Z', true)).toBe(0);
    expect(await runRule('payments.active-life', '2028-12-31T12:00:00.000Z', true)).toBe(0);
    const due = await runRule('invoices.active-life', '2029-01-01T12:00:00.000Z', true);
    expect(due).toBeGreaterThanOrEqual(1);
    expect(await runRule('invoices.active-life', '2029-01-01T12:00:00.000Z', false)).toBe(due);
    expect(await runRule('payments.active-life', '2029-01-01T12:00:00.000Z', false)).toBeGreaterThanOrEqual(1);
    expect(await runRule('invoices.active-life', '2029-01-01T12:00:00.000Z', true)).toBe(0);
    expect((await db.selectFrom('payments').select('booking_id').where('id', '=', paid.id).executeTakeFirstOrThrow()).booking_id).toBe('erased');
    expect((await archive().reads.open('payment', paid.id, TESTER))!.customerId).toBe(booking.customerId ?? null);
    const copies = archive().reads.copies(LEDGER_VERIFY_READER);
    expect(await verifyPaymentLedger(db, copies)).toMatchObject({ intact: true });
    expect(await verifyInvoiceLedger(db, copies)).toMatchObject({ intact: true });
  });

  it('deletes unpaid attempts three months after they ended, and archive entries the day after their last day', async () => {
    const db = t.db.database.db;
    const { booking } = await t.services.booking.bookSlot(bookingRequest({ start: '2026-12-01T16:00:00+01:00', customer: { email: 'tentative@example.fr' } }), apiOptions());
    await db
      .insertInto('payment_attempts')
      .values({
        id: 'attempt-failed',
        booking_id: booking.id,
        provider: 'stripe',
        purpose: 'full',
        amount_cents: 4900,
        currency: 'EUR',
        status: 'failed',
        provider_ref: 'cs_test_1',
        provider_payment_ref: null,
        fraud_outcome: null,
        idempotency_key: 'attempt-failed-key',
        redirect_url: null,
        expires_at: '2026-11-26T07:30:00.000Z',
        payment_id: null,
        attention: null,
        created_at: '2026-11-26T07:00:00.000Z',
        updated_at: '2026-11-26T07:30:00.000Z',
      })
      .execute();
    await db.insertInto('provider_events').values({ id: 'event-failed', provider: 'stripe', event_id: 'evt_failed', type: 'checkout.session.async_payment_failed', attempt_id: 'attempt-failed', received_at: '2026-11-26T07:30:00.000Z' }).execute();
    expect(await runRule('payments.unpaid-attempts', '2027-02-26T07:29:00.000Z', false)).toBe(0);
    // The event's attempt is still there: the event stays, whatever its age.
    expect(await runRule('payments.provider-events', '2027-02-26T07:31:00.000Z', true)).toBe(0);
    expect(await runRule('payments.unpaid-attempts', '2027-02-26T07:31:00.000Z', false)).toBe(1);
    expect(await db.selectFrom('payment_attempts').select('id').where('id', '=', 'attempt-failed').execute()).toEqual([]);
    expect(await db.selectFrom('provider_events').select('attempt_id').where('id', '=', 'event-failed').executeTakeFirstOrThrow()).toEqual({ attempt_id: null });
    expect(await runRule('payments.provider-events', '2027-02-26T07:29:00.000Z', false)).toBe(0);
    expect(await runRule('payments.provider-events', '2027-02-26T07:31:00.000Z', false)).toBe(1);
    expect(await db.selectFrom('provider_events').select('id').where('id', '=', 'event-failed').execute()).toEqual([]);

    await archive().writer.put({ kind: 'test-expiring', recordId: 'e1', customerId: null, record: {}, ground, keepUntil: '2036-12-31' });
    await runRule('legal-archive.expired', '2036-12-31T23:00:00.000Z', false);
    expect(await archive().reads.open('test-expiring', 'e1', TESTER)).toBeDefined();
    expect(await runRule('legal-archive.expired', '2037-01-01T01:00:00.000Z', true)).toBeGreaterThanOrEqual(1);
    await runRule('legal-archive.expired', '2037-01-01T01:00:00.000Z', false);
    expect(await archive().reads.open('test-expiring', 'e1', TESTER)).toBeUndefined();
  });
});

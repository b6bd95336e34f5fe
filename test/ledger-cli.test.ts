import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemoCatalog } from '../src/modules/catalog/index.js';
import { ManualClock } from '../src/platform/clock.js';
import { saveInvoicingIdentity, TEST_NOW, TEST_SECRET } from './support/app.js';
import { apiOptions, bookingRequest } from './support/booking-fixtures.js';
import { describeEachDialect } from './support/databases.js';
import { createThrowawayPostgresDatabase, runCli } from './support/processes.js';

/**
 * `npx wservices ledger verify` as an operator types it, on the database the server uses: the
 * application records payments (and a day's closing), then a record is changed behind its back
 * in SQL, and the command names it and exits 1.
 */
describeEachDialect('npx wservices ledger verify', (dialect) => {
  let dataDir: string;
  let env: Record<string, string>;
  let database: Database;
  let built: App;
  let dropPostgres: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-ledger-'));
    env = { DATA_DIR: dataDir };
    if (dialect === 'postgres') {
      const pg = await createThrowawayPostgresDatabase();
      env.DATABASE_URL = pg.url;
      dropPostgres = pg.drop;
    }
    database = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, poolSize: 2 });
    await migrateToLatest(database);
    const config = { ...loadConfig({ BASE_URL: 'http://localhost:3000', LOG_LEVEL: 'silent', BOOKING_RATE_LIMIT: '0', BOOKINGS_PER_EMAIL_PER_HOUR: '0', ...env }), secretKey: TEST_SECRET };
    built = await buildApp(config, { database, clock: new ManualClock(TEST_NOW), logger: false });
    await seedDemoCatalog(built.services.catalog);
  });

  afterAll(async () => {
    await built?.services.jobs.stop();
    await built?.app.close();
    await database?.close();
    await dropPostgres?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says an empty or untouched ledger is intact (exit 0), and names the first record changed in SQL (exit 1)', async () => {
    expect(await runCli(['ledger', 'verify'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^The payment ledger is intact: 0 records checked.*\nThe invoice chain is intact: 0 documents checked/),
      stderr: '',
    });

    const { booking } = await built.services.booking.bookSlot(bookingRequest(), apiOptions());
    const payments = built.services.payments;
    await payments.record(booking.id, { method: 'cash', amount: '20' }, 'fr');
    const second = await payments.record(booking.id, { method: 'card_terminal', amount: '29' }, 'fr');
    const intact = await runCli(['ledger', 'verify'], env);
    expect(intact, intact.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/^The payment ledger is intact: 2 records checked, the chain's last hash is [0-9a-f]{64}\.\nThe invoice chain is intact: 0 documents checked/) });

    await sql`update payments set amount_cents = 900 where id = ${second.id}`.execute(database.db);
    const broken = await runCli(['ledger', 'verify'], env);
    expect(broken).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/^The invoice chain is intact/),
      stderr: `The payment ledger is broken. First broken link: record #2 (payment ${second.id} of booking ${booking.id}, recorded ${second.recordedAt}): its content no longer matches its hash: it was changed after it was recorded.\n`,
    });
  });

  it('names an invoice changed in SQL behind the database’s trigger (exit 1), the payment ledger intact beside it', async () => {
    await saveInvoicingIdentity(built.services.settings, { vatExempt: false });
    const address = { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
    const { booking } = await built.services.booking.bookSlot(bookingRequest({ start: '2026-11-30T14:00:00+01:00', customer: { lastName: 'Durand', firstName: 'Paul', email: 'paul@example.fr', country: 'FR', address } }), apiOptions());
    // The first test left a payment record broken: start from a sound ledger.
    await sql`delete from payments`.execute(database.db);
    await sql`update payment_ledger_head set sequence = 0, hash = ${'0'.repeat(64)}`.execute(database.db);
    await built.services.payments.record(booking.id, { method: 'cash', amount: '49' }, 'fr');
    const intact = await runCli(['ledger', 'verify'], env);
    expect(intact, intact.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/\nThe invoice chain is intact: 1 document checked, the chain's last hash is [0-9a-f]{64}\.\n$/) });

    if (dialect === 'postgres') await sql`drop trigger invoices_never_change on invoices`.execute(database.db);
    else await sql`drop trigger invoices_never_updated`.execute(database.db);
    await sql`update invoices set service_date = '2026-11-29' where number = 'F-2026-000001'`.execute(database.db);
    const broken = await runCli(['ledger', 'verify'], env);
    expect(broken).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/^The payment ledger is intact: 1 record checked/),
      stderr: 'The invoice chain is broken. First broken link: link #1 (F-2026-000001): the document no longer matches its hash: it was changed after it was issued.\n',
    });
  });
});

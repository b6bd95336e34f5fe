/**
 * What the per-request check of the business profile's version costs (src/modules/settings):
 * refresh() called one after another, on SQLite and on PostgreSQL (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL), against a bare `select 1` on the same connection pool.
 *   node --import tsx bench/profile-version-check.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createSettingsService } from '../src/modules/settings/index.js';
import { defaultBusinessProfile } from '../src/platform/business.js';
import { systemClock } from '../src/platform/clock.js';

const ROUNDS = 5000;

async function timeEach(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) await run();
  return Number(process.hrtime.bigint() - start) / ROUNDS / 1000;
}

async function measure(name: string, database: Database): Promise<void> {
  await migrateToLatest(database);
  const settings = await createSettingsService({ database, clock: systemClock, seed: defaultBusinessProfile });
  const check = await timeEach(() => settings.refresh());
  const bare = await timeEach(() => sql`select 1`.execute(database.db));
  console.log(`${name}: refresh() ${check.toFixed(1)} µs per request; bare select 1 ${bare.toFixed(1)} µs`);
  await database.close();
}

const dir = mkdtempSync(path.join(tmpdir(), 'wservices-version-check-'));
await measure('SQLite', openDatabase({ databaseUrl: undefined, dataDir: dir, poolSize: 10 }));
rmSync(dir, { recursive: true, force: true });
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (url) {
  const schema = `version_check_${process.pid}`;
  const admin = openDatabase({ databaseUrl: url, dataDir: tmpdir(), poolSize: 1 });
  await sql.raw(`create schema ${schema}`).execute(admin.db);
  await measure('PostgreSQL', openDatabase({ databaseUrl: url, dataDir: tmpdir(), poolSize: 10, postgresSchema: schema }));
  await sql.raw(`drop schema ${schema} cascade`).execute(admin.db);
  await admin.close();
}

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { describeEachDialect } from './support/databases.js';
import { createThrowawayPostgresDatabase, runCli } from './support/processes.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * `npx wservices retention run [--dry-run]` as an operator types it, on the database the server
 * uses: the privacy module's own rules (access archives kept 3 days, erased addresses 3 years) on
 * records either side of their limits; a failing rule is named and the command exits 1.
 */
describeEachDialect('npx wservices retention run', (dialect) => {
  let dataDir: string;
  let env: Record<string, string>;
  let database: Database;
  let dropPostgres: (() => Promise<void>) | undefined;
  const ago = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
  const oldZip = () => path.join(dataDir, 'privacy', 'access', 'old.zip');

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-retention-'));
    env = { DATA_DIR: dataDir, SECRET_KEY: 'retention-cli-test-secret-key-0123456789abcdef' };
    if (dialect === 'postgres') {
      const pg = await createThrowawayPostgresDatabase();
      env.DATABASE_URL = pg.url;
      dropPostgres = pg.drop;
    }
    database = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, poolSize: 2 });
    await migrateToLatest(database);
    const archive = (id: string, createdDaysAgo: number) => ({ id, token_hash: `hash-${id}`, subject_hash: 's', file: `${id}.zip`, created_at: ago(createdDaysAgo), expires_at: ago(createdDaysAgo - 3) });
    await database.db.insertInto('privacy_access_archives').values([archive('old', 3.01), archive('fresh', 2.99)]).execute();
    mkdirSync(path.dirname(oldZip()), { recursive: true });
    writeFileSync(oldZip(), 'zip');
    await database.db
      .insertInto('privacy_erased_subjects')
      .values([
        { email_hash: 'a'.repeat(64), erased_at: ago(3 * 366 + 1) },
        { email_hash: 'b'.repeat(64), erased_at: ago(3 * 365 - 2) },
      ])
      .execute();
  });

  afterAll(async () => {
    await database?.close();
    await dropPostgres?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts in a dry run and changes nothing, then applies each rule and prints what it did', async () => {
    const dry = await runCli(['retention', 'run', '--dry-run'], env);
    expect(dry, dry.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toMatch(/^privacy\.access-archives +would delete +1$/m);
    expect(dry.stdout).toMatch(/^privacy\.erased-subjects +would delete +1$/m);
    expect(await database.db.selectFrom('privacy_access_archives').select('id').execute()).toHaveLength(2);
    expect(existsSync(oldZip())).toBe(true);

    const run = await runCli(['retention', 'run'], env);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^privacy\.access-archives +deleted +1$/m);
    expect(run.stdout).toMatch(/^privacy\.erased-subjects +deleted +1$/m);
    expect(await database.db.selectFrom('privacy_access_archives').select('id').execute()).toEqual([{ id: 'fresh' }]);
    expect(await database.db.selectFrom('privacy_erased_subjects').select('email_hash').execute()).toEqual([{ email_hash: 'b'.repeat(64) }]);
    expect(existsSync(oldZip())).toBe(false);
  });

  it('names a failing rule on standard error and exits 1, the other rules run all the same', async () => {
    await sql`drop table privacy_access_archives`.execute(database.db);
    const run = await runCli(['retention', 'run'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^privacy\.access-archives +FAILED: .*privacy_access_archives/m);
    expect(run.stdout).toMatch(/^privacy\.erased-subjects +deleted +0$/m);
  });
});

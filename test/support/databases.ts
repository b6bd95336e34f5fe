import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import type { DialectName } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { randomCode } from '../../src/platform/ids.js';

/**
 * The dialect matrix: every database test runs on SQLite and on PostgreSQL, each in a
 * database of its own (a temporary SQLite file; a throwaway PostgreSQL schema). The
 * PostgreSQL server is TEST_DATABASE_URL's, or the embedded one that the global setup
 * (test/support/global-setup.ts) starts and names in TEST_DATABASE_URL when it is unset.
 */
export const postgresUrl = process.env.TEST_DATABASE_URL;

/** Only seen when a test runs without vitest's global setup (which always provides a server). */
export const noServer = 'TEST_DATABASE_URL is not set: run the tests with vitest, whose global setup starts an embedded PostgreSQL';

export interface TestDatabase {
  database: Database;
  dialect: DialectName;
  /** The directory of the SQLite file (and of .eml files, secret key…). */
  dataDir: string;
  /** For a second process sharing this database: DATABASE_URL and PostgreSQL search path. */
  databaseUrl: string | undefined;
  postgresSchema: string | undefined;
  /** SQL of each query run so far; clear it with queries.length = 0. */
  queries: string[];
  /** Opens another connection pool to the same database. */
  reopen(): Database;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: DialectName, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-test-'));
  const queries: string[] = [];
  let schema: string | undefined;
  if (dialect === 'postgres') {
    if (!postgresUrl) throw new Error(noServer);
    schema = `test_${randomCode(10).toLowerCase()}`;
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
  }
  const open = () =>
    openDatabase({
      databaseUrl: dialect === 'postgres' ? postgresUrl : undefined,
      dataDir,
      poolSize: 10,
      ...(schema ? { postgresSchema: schema } : {}),
      onQuery: (sql) => queries.push(sql),
    });
  const database = open();
  if (options.migrate !== false) await migrateToLatest(database);
  return {
    database,
    dialect,
    dataDir,
    databaseUrl: dialect === 'postgres' ? postgresUrl : undefined,
    postgresSchema: schema,
    queries,
    reopen: open,
    async drop() {
      await database.close();
      if (schema) {
        const client = new pg.Client({ connectionString: postgresUrl });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        // The legal archive's schema beside it (modules/legal-archive: archiveSchemaFor).
        await client.query(`drop schema if exists ${schema}_archive cascade`);
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** describe() once per dialect; the PostgreSQL block always runs (see postgresUrl). */
export function describeEachDialect(title: string, body: (dialect: DialectName) => void): void {
  describe(`${title} [sqlite]`, () => body('sqlite'));
  describe(`${title} [postgres]`, () => body('postgres'));
}

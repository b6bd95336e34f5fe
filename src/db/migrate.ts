import { Migrator, sql, type Migration, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

/**
 * Applies every pending migration, in order, each in its own transaction; several
 * instances starting together are serialised by Kysely's migration lock.
 * Throws on failure so that the process exits non-zero.
 */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    // Kysely looks for its bookkeeping tables in every schema unless told which one: name ours,
    // or a database holding several schemas (one per test file, one per tenant) would confuse it.
    ...(database.dialect === 'postgres' ? { migrationTableSchema: await currentSchema(database) } : {}),
    provider: {
      async getMigrations() {
        const byName: Record<string, Migration> = {};
        for (const [name, migration] of migrations) {
          byName[name] = { up: (db) => migration.up(db, database.dialect) };
        }
        return byName;
      },
    },
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${(result.error as Error).message ?? result.error}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function currentSchema(database: Database): Promise<string> {
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
  const schema = result.rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check the search_path of DATABASE_URL');
  return schema;
}

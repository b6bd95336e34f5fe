import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Dialect, type Kysely, type SelectQueryBuilder } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * The only place where SQLite and PostgreSQL differ. Everything else in the
 * application runs the same Kysely code on both.
 */
export type DialectName = 'sqlite' | 'postgres';

/**
 * Kysely's SQLite driver opens transactions with a deferred `begin`, which takes the
 * write lock only at the first write: two processes could both read "one place left"
 * and then both write. `begin immediate` takes the lock before the first read, so the
 * read-check-insert of a booking is serialised across processes.
 */
class ImmediateTransactionSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * SQLite's DDL is transactional, though Kysely's adapter says it is not (and its migration
 * lock is a no-op). Saying so makes the Migrator run the pending migrations in one transaction,
 * which `begin immediate` serialises across processes: two instances starting together on a
 * new database no longer both create the same tables, and a failed migration leaves nothing behind.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export function immediateTransactionSqliteDialect(database: BetterSqlite3.Database): Dialect {
  const base = new SqliteDialect({ database });
  return {
    createAdapter: () => new TransactionalDdlSqliteAdapter(),
    createDriver: () => new ImmediateTransactionSqliteDriver({ database }),
    createQueryCompiler: () => base.createQueryCompiler(),
    createIntrospector: (db: Kysely<any>) => base.createIntrospector(db),
  };
}

/** Column type of an instant: timestamptz on PostgreSQL (range checks need it), ISO-8601 UTC text on SQLite. */
export function instantColumnType(dialect: DialectName) {
  return dialect === 'postgres' ? sql`timestamptz` : sql`text`;
}

/** True when the error is a unique-constraint violation, whatever the engine. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | undefined;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when PostgreSQL aborted a SERIALIZABLE transaction that may succeed if run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === '40001' || code === '40P01';
}

/**
 * `for update skip locked` on PostgreSQL, so that concurrent workers take different rows;
 * nothing on SQLite, where `begin immediate` already lets one writer in at a time.
 */
export function lockSkippingLocked<QB extends SelectQueryBuilder<any, any, any>>(query: QB, dialect: DialectName): QB {
  return dialect === 'postgres' ? (query.forUpdate().skipLocked() as QB) : query;
}

/** Lists every user table and its columns: the processing-register test reads the live schema through this. */
export async function listTablesAndColumns(db: Kysely<any>, dialect: DialectName): Promise<Map<string, string[]>> {
  const tables = new Map<string, string[]>();
  if (dialect === 'postgres') {
    const result = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
    for (const row of result.rows) tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), row.column_name]);
    return tables;
  }
  const names = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
  for (const { name } of names.rows) {
    const columns = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
    tables.set(name, columns.rows.map((c) => c.name));
  }
  return tables;
}

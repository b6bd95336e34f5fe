import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';

/**
 * The only place where SQLite and PostgreSQL differ. Everything else in the
 * application runs the same Kysely code on both.
 */
export type DialectName = 'sqlite' | 'postgres';

/** The SQLite dialect (one writer, one reader, `begin immediate`) lives in sqlite-driver.ts. */
export { readWriteSqliteDialect } from './sqlite-driver.js';

/** Column type of an instant: timestamptz on PostgreSQL (range checks need it), ISO-8601 UTC text on SQLite. */
export function instantColumnType(dialect: DialectName) {
  return dialect === 'postgres' ? sql`timestamptz` : sql`text`;
}

/** Column type of bytes: bytea on PostgreSQL, blob on SQLite (both read back as a Buffer). */
export function binaryColumnType(dialect: DialectName) {
  return dialect === 'postgres' ? sql`bytea` : sql`blob`;
}

/** True when the error is a unique-constraint violation, whatever the engine. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | undefined;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when the error is a foreign-key violation (a row still referenced), whatever the engine. */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  // SQLite reports an ON DELETE RESTRICT refusal as a trigger constraint, with this message.
  const sqliteRestrict = e?.code === 'SQLITE_CONSTRAINT_TRIGGER' && /FOREIGN KEY constraint failed/.test(e.message ?? '');
  // PostgreSQL answers 23503 for NO ACTION and 23001 (restrict_violation) for ON DELETE RESTRICT.
  return e?.code === '23503' || e?.code === '23001' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || sqliteRestrict;
}

/** True when PostgreSQL aborted a transaction that may succeed if run again (a serialisation failure, a deadlock). */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === '40001' || code === '40P01';
}

/**
 * The key of the advisory lock that serialises the writes to the agenda on PostgreSQL. The
 * business has one agenda (docs/architecture.md, "One agenda"), so one key; a second agenda
 * would take a key of its own. Any 64-bit number nobody else uses in the database will do.
 */
export const AGENDA_LOCK_KEY = 0x5753_a9e0_d4;

/**
 * Takes the transaction-scoped lock `key` first thing in a write transaction: on PostgreSQL
 * `pg_advisory_xact_lock`, which waits for the holder's commit or rollback (other instances
 * included) and is released by the database at the end of the transaction, whatever happens;
 * nothing on SQLite, where `begin immediate` has already taken the database's write lock.
 */
export async function takeTransactionLock(trx: Kysely<any>, dialect: DialectName, key: number): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${key}::bigint)`.execute(trx);
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

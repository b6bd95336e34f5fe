import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Dialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { makePrivateDirectory, makePrivateFile } from '../platform/private-files.js';
import { readWriteSqliteDialect, type DialectName } from './dialect.js';
import type { DB } from './schema.js';
import { CurrentSchemaIntrospector } from './postgres-introspector.js';
import { guardedDialect, registerGuard, TransactionGuard } from './transaction-guard.js';

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: DialectName;
  close(): Promise<void>;
  /**
   * Opens a separate store beside this database, with its own connections and no transaction guard:
   * on SQLite the file `<name>.sqlite` in the same DATA_DIR (0600), on PostgreSQL a small pool on the
   * same database and search path (the caller names its own schema). The legal archive lives there,
   * apart from the tables the application reads and writes every day.
   */
  openSideStore(name: string): SideStore;
}

/** A store opened beside the main database (see Database.openSideStore). */
export interface SideStore {
  readonly db: Kysely<any>;
  readonly dialect: DialectName;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… selects PostgreSQL; undefined selects SQLite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** PostgreSQL schema to use instead of the connection's default (tests run one per file). */
  postgresSchema?: string;
  /** SQLite file name inside dataDir. */
  sqliteFile?: string;
  log?: Pick<Logger, 'error'>;
  /** Called with each query's SQL (tests and benchmarks count queries with it). */
  onQuery?: (sql: string) => void;
}

function kyselyLog(options: DatabaseOptions) {
  const { onQuery } = options;
  return onQuery ? { log: (event: LogEvent) => onQuery(event.query.sql) } : {};
}

const SQLITE_BUSY_TIMEOUT_MS = 5000;
const PG_CONNECT_TIMEOUT_MS = 5000;
const PG_STATEMENT_TIMEOUT_MS = 15000;
const PG_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30000;

export function openDatabase(options: DatabaseOptions): Database {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openSqlite(options);
}

function openSqlite(options: DatabaseOptions): Database {
  makePrivateDirectory(options.dataDir);
  const file = path.join(options.dataDir, options.sqliteFile ?? 'wservices.sqlite');
  // SQLite creates the -wal and -shm files with the database file's mode: 0600 for all three.
  makePrivateFile(file);
  for (const companion of [`${file}-wal`, `${file}-shm`]) if (existsSync(companion)) makePrivateFile(companion);
  const writer = new BetterSqlite3(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  writer.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we tell anyone it happened ("nothing acknowledged is ever lost").
  writer.pragma('synchronous = FULL');
  writer.pragma('foreign_keys = ON');
  // Erased means erased: deleted rows are overwritten with zeros in the file instead of lingering
  // in free pages, where a copy of the file would still show a person the privacy engine erased.
  writer.pragma('secure_delete = ON');
  // The reader only reads (see sqlite-driver.ts); query_only makes sure of it.
  const reader = new BetterSqlite3(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  reader.pragma('query_only = ON');
  const guard = new TransactionGuard();
  const db = new Kysely<DB>({ dialect: guardedDialect(readWriteSqliteDialect(writer, reader), guard), ...kyselyLog(options) });
  registerGuard(db, guard);
  return {
    db,
    dialect: 'sqlite',
    close: () => db.destroy(),
    openSideStore: (name) => openSqliteSideStore(options.dataDir, name),
  };
}

function openSqliteSideStore(dataDir: string, name: string): SideStore {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`Invalid side store name: ${name}`);
  makePrivateDirectory(dataDir);
  const file = path.join(dataDir, `${name}.sqlite`);
  makePrivateFile(file);
  for (const companion of [`${file}-wal`, `${file}-shm`]) if (existsSync(companion)) makePrivateFile(companion);
  const connection = new BetterSqlite3(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: connection }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

// Counts and sums come back as int8; our numbers fit in a double, so parse them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number.parseInt(value, 10));
// Instants are ISO-8601 UTC strings everywhere in the application, as they are on SQLite.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value: string) => new Date(value).toISOString());

/**
 * Splits libpq's `options` parameter off the URL (`?options=-c%20search_path%3Dwservices`):
 * pg would otherwise let it replace, not extend, the session settings below.
 */
function splitUrlOptions(databaseUrl: string): { connectionString: string; urlOptions: string | undefined } {
  const url = new URL(databaseUrl);
  const urlOptions = url.searchParams.get('options') ?? undefined;
  if (urlOptions === undefined) return { connectionString: databaseUrl, urlOptions };
  url.searchParams.delete('options');
  return { connectionString: url.toString(), urlOptions };
}

/**
 * Every parameterised statement is sent as a named prepared statement, its name made from its
 * text: each connection has the server parse and plan it once, then only binds and runs it. The
 * booking path sends the same few statements over and over; parsing and planning them each time
 * was a large share of PostgreSQL's CPU per booking (BENCHMARKS.md). The statements are as many as
 * the code's distinct SQL texts (an IN list of n values is one text per n), per connection.
 */
function usePreparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) =>
    typeof text === 'string' && Array.isArray(values) && values.length > 0 ? query({ name: statementName(text), text, values }, ...rest) : query(text, values, ...rest);
}

/** Statement names by SQL text, shared by every connection: the same few texts come back on every booking. */
const statementNames = new Map<string, string>();
const MAX_STATEMENT_NAMES = 5000;

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `ws_${createHash('sha1').update(text).digest('base64url')}`;
    // Texts are the code's own (values are parameters), so few; the bound only guards against a runaway caller.
    if (statementNames.size >= MAX_STATEMENT_NAMES) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

function openPostgres(databaseUrl: string, options: DatabaseOptions): Database {
  const { connectionString, urlOptions } = splitUrlOptions(databaseUrl);
  const sessionOptions = [
    `-c statement_timeout=${PG_STATEMENT_TIMEOUT_MS} -c idle_in_transaction_session_timeout=${PG_IDLE_IN_TRANSACTION_TIMEOUT_MS} -c timezone=UTC`,
    // The URL's own settings come after ours, so that they win (e.g. a search_path, a longer statement timeout).
    urlOptions,
    options.postgresSchema ? `-c search_path=${options.postgresSchema}` : undefined,
  ];
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    options: sessionOptions.filter(Boolean).join(' '),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => options.log?.error({ err: error }, 'PostgreSQL idle client error'));
  pool.on('connect', usePreparedStatements);
  const guard = new TransactionGuard();
  const db = new Kysely<DB>({ dialect: guardedDialect(currentSchemaOnly(new PostgresDialect({ pool })), guard), ...kyselyLog(options) });
  registerGuard(db, guard);
  return {
    db,
    dialect: 'postgres',
    close: () => db.destroy(),
    openSideStore: () => {
      // Its own few connections: a write to the side store never waits for, nor joins, a transaction of the main pool.
      const sidePool = new pg.Pool({ connectionString, max: 2, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, options: sessionOptions.filter(Boolean).join(' ') });
      sidePool.on('error', (error) => options.log?.error({ err: error }, 'PostgreSQL idle client error'));
      const side = new Kysely<any>({ dialect: new PostgresDialect({ pool: sidePool }) });
      return { db: side, dialect: 'postgres', close: () => side.destroy() };
    },
  };
}

/** The PostgreSQL dialect, its introspection limited to the current schema (postgres-introspector.ts). */
function currentSchemaOnly(dialect: PostgresDialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => dialect.createDriver(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => new CurrentSchemaIntrospector(db),
  };
}

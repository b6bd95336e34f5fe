import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteDialect,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * Kysely's SQLite driver, reshaped for a server that writes while it reads:
 *
 * - **One writer, one reader.** Kysely's driver has a single connection that a transaction
 *   holds across every `await` inside it, so each page read waited behind the open booking
 *   transaction, and no two bookings ever shared a commit. Here, statements outside a
 *   transaction that only read (SELECT) use a second connection, which in WAL mode sees the
 *   last committed state without waiting; everything else takes the write connection in turn.
 * - **`begin immediate`.** Kysely opens transactions with a deferred `begin`, which takes the
 *   write lock only at the first write: two processes could both read "one place left" and
 *   both write. `begin immediate` takes the lock before the first read.
 * - **Prepared statements are kept**, keyed by their SQL: preparing costs more than running
 *   most of our statements.
 */
const STATEMENT_CACHE_SIZE = 500;

class Mutex {
  #locked = false;
  #waiting: (() => void)[] = [];

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  unlock(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#locked = false;
  }
}

class StatementRunner {
  #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(readonly database: BetterSqlite3.Database) {}

  run<R>(query: CompiledQuery): QueryResult<R> {
    const statement = this.#prepare(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.database.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value!);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

/** What Kysely sees as "a connection": it sends each statement to the reader or the writer. */
class RoutingConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(
    private readonly writer: StatementRunner,
    private readonly reader: StatementRunner,
    private readonly writeLock: Mutex,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.writer.run<R>(query);
    if (SelectQueryNode.is(query.query)) return this.reader.run<R>(query);
    await this.writeLock.lock();
    try {
      return this.writer.run<R>(query);
    } finally {
      this.writeLock.unlock();
    }
  }

  streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('streaming is not used by this application');
  }
}

class ReadWriteSqliteDriver implements Driver {
  readonly #writer: StatementRunner;
  readonly #reader: StatementRunner;
  readonly #writeLock = new Mutex();

  constructor(writer: BetterSqlite3.Database, reader: BetterSqlite3.Database) {
    this.#writer = new StatementRunner(writer);
    this.#reader = new StatementRunner(reader);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutingConnection(this.#writer, this.#reader, this.#writeLock);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#writeLock.lock();
    try {
      this.#writer.run(CompiledQuery.raw('begin immediate'));
    } catch (error) {
      this.#writeLock.unlock();
      throw error;
    }
    (connection as RoutingConnection).inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.#end(connection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.#end(connection, 'rollback');
  }

  #end(connection: DatabaseConnection, command: 'commit' | 'rollback'): void {
    try {
      this.#writer.run(CompiledQuery.raw(command));
    } finally {
      try {
        // A commit that failed (a full disk, say) can leave the transaction open: never leave it behind the lock.
        if (this.#writer.database.inTransaction) this.#writer.run(CompiledQuery.raw('rollback'));
      } finally {
        (connection as RoutingConnection).inTransaction = false;
        this.#writeLock.unlock();
      }
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quote(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quote(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quote(name)}`));
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    this.#reader.database.close();
    this.#writer.database.close();
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
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

/** The Kysely dialect over a write connection and a read connection to the same SQLite file. */
export function readWriteSqliteDialect(writer: BetterSqlite3.Database, reader: BetterSqlite3.Database): Dialect {
  const base = new SqliteDialect({ database: writer });
  return {
    createAdapter: () => new TransactionalDdlSqliteAdapter(),
    createDriver: () => new ReadWriteSqliteDriver(writer, reader),
    createQueryCompiler: () => base.createQueryCompiler(),
    createIntrospector: (db: Kysely<any>) => base.createIntrospector(db),
  };
}

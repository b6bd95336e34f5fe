import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryCompiler, type QueryResult, type TransactionSettings } from 'kysely';

type Compile = QueryCompiler['compileQuery'];

/**
 * Inside a transaction's work, every query must go through the transaction handle it was given.
 * A query on the root handle would, on SQLite, wait for the write lock the transaction itself
 * holds (for ever), and on PostgreSQL run on another connection, outside the transaction (and,
 * with every pooled connection held by a transaction waiting for another one, stall the pool).
 * So the root handle knows, through the async context, when a transaction of its own database
 * is open, and refuses at once.
 */
export class RootHandleInTransactionError extends Error {
  constructor() {
    super(
      'A query was sent through the root database handle while a transaction of the same database is open in this async context: ' +
        'use the transaction handle given to the transaction’s work (it would otherwise wait for ever on SQLite, or run outside the transaction on PostgreSQL).',
    );
    this.name = 'RootHandleInTransactionError';
  }
}

interface OpenTransaction {
  guard: TransactionGuard;
  open: boolean;
}

const context = new AsyncLocalStorage<OpenTransaction>();

/** One per database: shared by its root handle's driver and by the code that runs its transactions. */
export class TransactionGuard {
  /** Runs a transaction's work; the root handle refuses queries made from it until it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const state: OpenTransaction = { guard: this, open: true };
    try {
      return await context.run(state, work);
    } finally {
      // Timers or promises started by the work keep this context: they may use the root handle once it has ended.
      state.open = false;
    }
  }

  /** Throws when the caller's async context is inside an open transaction of this database. */
  check(): void {
    const state = context.getStore();
    if (state?.open && state.guard === this) throw new RootHandleInTransactionError();
  }
}

const guards = new WeakMap<Kysely<any>, TransactionGuard>();

/** The guard of a root handle made by guardedDialect (undefined for any other Kysely instance). */
export function guardOf(db: Kysely<any>): TransactionGuard | undefined {
  return guards.get(db);
}

/** Records which guard a root handle (built over guardedDialect(…, guard)) answers to. */
export function registerGuard(db: Kysely<any>, guard: TransactionGuard): void {
  guards.set(db, guard);
}

/**
 * Wraps a dialect so that its driver checks the guard whenever the root handle asks for a
 * connection. A transaction's own queries never ask: they run on the connection it holds.
 */
export function guardedDialect(dialect: Dialect, guard: TransactionGuard): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new GuardedDriver(dialect.createDriver(), guard),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly guard: TransactionGuard,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.guard.check();
    return watchingUnits(await this.inner.acquireConnection());
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: Compile): Promise<void> {
    await this.inner.savepoint!(connection, name, compileQuery);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: Compile): Promise<void> {
    await this.inner.rollbackToSavepoint!(connection, name, compileQuery);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: Compile): Promise<void> {
    await this.inner.releaseSavepoint!(connection, name, compileQuery);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/**
 * A unit of work inside a group commit (transaction.ts), watched while it runs without a
 * savepoint: how many statements that may write it sent, and whether one of its statements failed
 * (on PostgreSQL a failed statement aborts the whole transaction, whose COMMIT would then quietly
 * roll back every unit of the group).
 */
export interface Unit {
  /** Statements sent that may write (see mayWrite). */
  writes: number;
  failed: boolean;
}

const units = new AsyncLocalStorage<Unit>();
const ended = new WeakSet<Unit>();

/** The unit whose work is running in the caller's async context, if any. */
export function currentUnit(): Unit | undefined {
  const unit = units.getStore();
  return unit && !ended.has(unit) ? unit : undefined;
}

/** Runs `work` as `unit`: the connection (see watchingUnits) records what its statements do. */
export async function runUnit<T>(unit: Unit, work: () => Promise<T>): Promise<T> {
  try {
    return await units.run(unit, work);
  } finally {
    // Timers or promises the work started keep its context; once it has ended, they are no longer part of it.
    ended.add(unit);
  }
}

/**
 * Plain reads never need undoing; anything else might: writes, raw SQL, DDL, and a select with a
 * WITH clause (PostgreSQL lets a CTE insert, update or delete).
 */
function mayWrite(query: CompiledQuery): boolean {
  return !(SelectQueryNode.is(query.query) && query.query.with === undefined);
}

const patched = new WeakSet<DatabaseConnection>();

/**
 * Makes a connection record, for the unit running, the statements that may write and those that
 * fail. Patched in place, once, like Kysely's own query logging: the drivers keep seeing the
 * connection object they made.
 */
function watchingUnits(connection: DatabaseConnection): DatabaseConnection {
  if (patched.has(connection)) return connection;
  patched.add(connection);
  const execute = connection.executeQuery.bind(connection);
  connection.executeQuery = async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
    const unit = units.getStore();
    const watched = unit !== undefined && !ended.has(unit);
    if (watched && mayWrite(query)) unit.writes++;
    try {
      return await execute<R>(query);
    } catch (error) {
      if (watched) unit.failed = true;
      throw error;
    }
  };
  return connection;
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { AGENDA_LOCK_KEY, isRetryableTransactionError, takeTransactionLock } from './dialect.js';
import type { DB } from './schema.js';
import { guardOf, TransactionGuard } from './transaction-guard.js';

const MAX_ATTEMPTS = 30;
/** For a Kysely instance not made by openDatabase: runs the work, checks nothing. */
const unguarded = new TransactionGuard();
/** Most write transactions one SQLite commit may carry. */
const MAX_GROUP = 64;

/**
 * Runs `work` in a transaction that the database serialises against every other writer of
 * the agenda, in this process and in any other sharing the database:
 * SQLite takes the write lock before the first read (`begin immediate`, see dialect.ts);
 * PostgreSQL takes the agenda's advisory lock first (`pg_advisory_xact_lock`), then runs at
 * READ COMMITTED: each statement sees everything committed before it, and no other writer of
 * the agenda can commit until this transaction ends. Every write to bookings goes through here
 * (see docs/architecture.md), which is what makes the capacity check inside `work` exact.
 * A deadlock with a writer outside this function (none today) is run again.
 * `work` must touch the database only through the handle it is given (the root handle refuses
 * queries from inside it, see transaction-guard.ts): no mail, no HTTP, nothing that cannot be
 * repeated or undone.
 */
export async function inSerializableTransaction<T>(database: Database, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  const guard = guardOf(database.db) ?? unguarded;
  // A transaction opened from inside another would wait for the lock its parent holds, for ever.
  guard.check();
  if (database.dialect === 'sqlite') return groupCommitOf(database).run((trx) => guard.run(() => work(trx)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.db.transaction().execute(async (trx) => {
        await takeTransactionLock(trx, 'postgres', AGENDA_LOCK_KEY);
        return guard.run(() => work(trx));
      });
    } catch (error) {
      if (!isRetryableTransactionError(error) || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6)));
    }
  }
}

interface Pending {
  work: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for SQLite. With synchronous=FULL every commit waits for the disk, and one
 * process has one write connection: committing each booking alone caps bookings per second
 * at the disk's sync rate. Write transactions that arrive together are run one after the
 * other, each inside its own savepoint (so that one refused booking undoes only itself),
 * and made durable by a single commit. Nobody hears of success before that commit has
 * returned. Alone, a transaction waits one turn of the event loop, then commits.
 */
class SqliteGroupCommit {
  #queue: Pending[] = [];
  #draining = false;

  constructor(private readonly db: Kysely<DB>) {}

  run<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    while (this.#queue.length > 0) {
      // better-sqlite3 commits synchronously, so nothing can join a group while it commits. Letting the
      // event loop turn once first lets requests that arrived meanwhile reach the queue and share the commit.
      await new Promise((resolve) => setImmediate(resolve));
      await this.#commitGroup(this.#queue.splice(0, MAX_GROUP));
    }
    this.#draining = false;
  }

  async #commitGroup(group: Pending[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    let trx;
    try {
      trx = await this.db.startTransaction().execute();
      for (const item of group) {
        const inner = await trx.savepoint('unit').execute();
        try {
          const value = await item.work(inner);
          await inner.releaseSavepoint('unit').execute();
          outcomes.push({ ok: true, value });
        } catch (error) {
          await inner.rollbackToSavepoint('unit').execute();
          await inner.releaseSavepoint('unit').execute();
          outcomes.push({ ok: false, error });
        }
      }
      await trx.commit().execute();
    } catch (error) {
      // The commit (or the transaction itself) failed: nothing in this group was saved.
      if (trx) await trx.rollback().execute().catch(() => undefined);
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}

const groupCommits = new WeakMap<Database, SqliteGroupCommit>();

function groupCommitOf(database: Database): SqliteGroupCommit {
  let group = groupCommits.get(database);
  if (!group) {
    group = new SqliteGroupCommit(database.db);
    groupCommits.set(database, group);
  }
  return group;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

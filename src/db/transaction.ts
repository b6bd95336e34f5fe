import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { AGENDA_LOCK_KEY, isRetryableTransactionError, takeTransactionLock, type DialectName } from './dialect.js';
import type { DB } from './schema.js';
import { currentUnit, guardOf, runUnit, TransactionGuard, type Unit } from './transaction-guard.js';

/** Most write transactions one commit may carry. */
const MAX_GROUP = 64;
/** How many times a group that PostgreSQL aborted (a deadlock with a writer outside this file) is run again. */
const MAX_ATTEMPTS = 10;
/** For a Kysely instance not made by openDatabase: runs the work, checks nothing. */
const unguarded = new TransactionGuard();

/**
 * Runs `work` in a transaction that the database serialises against every other writer of
 * the agenda, in this process and in any other sharing the database:
 * SQLite takes the write lock before the first read (`begin immediate`, see sqlite-driver.ts);
 * PostgreSQL takes the agenda's advisory lock first (`pg_advisory_xact_lock`, see dialect.ts),
 * then runs at READ COMMITTED: each statement sees everything committed before it, and no
 * other writer of the agenda commits until this transaction has ended. Every write to bookings
 * goes through here (docs/architecture.md), which is what makes the capacity check inside
 * `work` exact.
 * `work` must touch the database only through the handle it is given (the root handle refuses
 * queries from inside it, see transaction-guard.ts), and do nothing that cannot be repeated or
 * undone: no mail, no HTTP.
 */
export async function inSerializableTransaction<T>(database: Database, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  const guard = guardOf(database.db) ?? unguarded;
  // A transaction opened from inside another would wait for the lock its parent holds, for ever.
  guard.check();
  return groupCommitOf(database).run((trx) => guard.run(() => work(trx)));
}

/**
 * Lets the event loop handle what has arrived (I/O first) before the caller goes on. For the work a
 * request does before entering inSerializableTransaction, in pieces of a few hundred microseconds:
 * between two pieces, the database's answers to the group that holds the agenda's lock are
 * handled at once, instead of after the whole of the work, and every booking waiting its turn
 * waits that much less (on PostgreSQL about 3 % more bookings per second, BENCHMARKS.md).
 */
export function letTheLockHolderRun(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface Pending {
  work: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. Write transactions that arrive together are run one after the other in one
 * database transaction, each inside its own savepoint (so that one refused booking undoes only
 * itself), and made durable by a single commit. Nobody hears of success before that commit has
 * returned. Alone, a transaction waits one turn of the event loop, then commits.
 *
 * - SQLite: with synchronous=FULL every commit waits for the disk, and a process has one write
 *   connection; committing each booking alone would cap bookings per second at the disk's sync rate.
 * - PostgreSQL: the agenda's lock is held from the first statement to the commit, across every
 *   round trip, and between them the event loop serves other requests; one transaction per
 *   booking would hold it for many event-loop turns each, and every request waiting for the lock
 *   would hold a pooled connection the page reads need. A group takes the lock once, on one
 *   connection, for all the bookings that arrived meanwhile.
 */
class GroupCommit {
  #queue: Pending[] = [];
  /** Groups begun and not yet ended: waiting for the lock, or holding it. */
  #open = 0;
  /** A group has begun and does not hold the lock yet: it takes whatever is queued once it does. */
  #gathering = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
  ) {}

  run<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.#beginNextGroup();
    });
  }

  /**
   * How many groups may be open at once. On PostgreSQL, one holds the agenda's lock while the
   * next already waits for it in the database: the lock passes from one to the other at the
   * commit, without a round trip to this process in between. SQLite has one write connection.
   */
  get #maxOpen(): number {
    return this.dialect === 'postgres' ? 2 : 1;
  }

  #beginNextGroup(): void {
    if (this.#gathering || this.#queue.length === 0 || this.#open >= this.#maxOpen) return;
    this.#open++;
    this.#gathering = true;
    void this.#runNextGroup().finally(() => {
      this.#open--;
      this.#beginNextGroup();
    });
  }

  async #runNextGroup(): Promise<void> {
    // Letting the event loop turn once first lets requests that arrived meanwhile reach the queue and share the commit.
    await new Promise((resolve) => setImmediate(resolve));
    // The group is made of what is queued when the lock is ours: whatever arrived while it was awaited joins.
    const opened = await this.#openLocked().then(
      (trx) => ({ trx }),
      (error: unknown) => ({ error }),
    );
    this.#gathering = false;
    const group = this.#queue.splice(0, MAX_GROUP);
    this.#beginNextGroup();
    await this.#commitGroup(group, opened);
  }

  /** A transaction that holds the agenda's lock (on SQLite, `begin immediate` is the lock). */
  async #openLocked(): Promise<ControlledTransaction<DB>> {
    const trx = await this.db.startTransaction().execute();
    try {
      await takeTransactionLock(trx, this.dialect, AGENDA_LOCK_KEY);
      return trx;
    } catch (error) {
      await trx.rollback().execute().catch(() => undefined);
      throw error;
    }
  }

  async #commitGroup(group: Pending[], opened: { trx: ControlledTransaction<DB> } | { error: unknown }): Promise<void> {
    let withSavepoints = false;
    let first: typeof opened | undefined = opened;
    for (let attempt = 1; ; attempt++) {
      try {
        const current = first ?? { trx: await this.#openLocked() };
        first = undefined;
        if ('error' in current) throw current.error;
        const outcomes = await this.#runGroup(current.trx, group, withSavepoints);
        group.forEach((item, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.error);
        });
        return;
      } catch (error) {
        if (error instanceof UndoNeeded && !withSavepoints) {
          // A unit failed after writing, with nothing to roll back to: run the whole group again, each unit in a savepoint.
          withSavepoints = true;
          continue;
        }
        // The transaction itself failed: nothing in this group was saved. PostgreSQL may ask for it to be run again.
        if (isRetryableTransactionError(error) && attempt < MAX_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
          continue;
        }
        for (const item of group) item.reject(error);
        return;
      }
    }
  }

  async #runGroup(trx: ControlledTransaction<DB>, group: Pending[], withSavepoints: boolean): Promise<({ ok: true; value: unknown } | { ok: false; error: unknown })[]> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      if (group.length === 1) {
        // Alone, the transaction is the unit: no savepoint (two round trips fewer on PostgreSQL).
        const unit: Unit = { writes: 0, failed: false };
        let value: unknown;
        try {
          value = await runUnit(unit, () => group[0]!.work(trx));
        } catch (error) {
          if (isRetryableTransactionError(error)) throw error;
          await trx.rollback().execute();
          return [{ ok: false, error }];
        }
        // A statement failed and the work carried on: on PostgreSQL the commit would quietly roll back. Never report that as saved.
        if (unit.failed) throw new Error('A statement failed inside a transaction whose work went on as if it had not: nothing was saved.');
        await trx.commit().execute();
        return [{ ok: true, value }];
      }
      // Units run one after the other on this one handle: what one has read, the next may reuse (GroupMemo).
      const memo = withSavepoints ? undefined : new GroupMemo();
      if (memo) memos.set(trx, memo);
      for (const item of group) {
        if (withSavepoints) {
          // Each unit in a savepoint: a failure undoes only that unit; a release that fails (the
          // transaction was aborted by a statement the unit caught) fails the whole group.
          const inner = await trx.savepoint('unit').execute();
          try {
            const value = await item.work(inner);
            await inner.releaseSavepoint('unit').execute();
            outcomes.push({ ok: true, value });
          } catch (error) {
            if (isRetryableTransactionError(error)) throw error;
            await inner.rollbackToSavepoint('unit').execute();
            await inner.releaseSavepoint('unit').execute();
            outcomes.push({ ok: false, error });
          }
          continue;
        }
        // First without savepoints: a unit that fails does so, nearly always, before it writes (a
        // slot already full), with nothing to undo. A unit that fails after writing, or any unit one
        // of whose statements failed (on PostgreSQL the transaction is then aborted, and its commit
        // would quietly undo every unit), makes the whole group run again with savepoints.
        const unit: Unit = { writes: 0, failed: false };
        let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
        try {
          outcome = { ok: true, value: await runUnit(unit, () => item.work(trx)) };
        } catch (error) {
          if (isRetryableTransactionError(error)) throw error;
          outcome = { ok: false, error };
        }
        if (unit.failed || (!outcome.ok && unit.writes > 0)) throw new UndoNeeded();
        memo?.unitEnded(unit);
        outcomes.push(outcome);
      }
      await trx.commit().execute();
      return outcomes;
    } catch (error) {
      await trx.rollback().execute().catch(() => undefined);
      throw error;
    }
  }
}

/**
 * What a unit of a group commit read, remembered for the units after it in the same transaction,
 * which would otherwise read it again inside the agenda's lock (one more round trip each on
 * PostgreSQL). A remembered value holds only while nothing that may write has been sent since it
 * was remembered: the unit that remembers it must do so after its own writes, with them
 * included. Each group run has its own (a run again starts afresh), and units run in savepoints
 * have none.
 */
export class GroupMemo {
  readonly #entries = new Map<string, { value: unknown; writes: number }>();
  /** Statements that may write, sent by the units that have ended. */
  #endedWrites = 0;

  /** The value remembered under `key`, unless something may have been written since. */
  get<T>(key: string): T | undefined {
    const entry = this.#entries.get(key);
    return entry && entry.writes === this.#writes() ? (entry.value as T) : undefined;
  }

  /** Remembers `value` as what the database holds now, for the units after this one. */
  set(key: string, value: unknown): void {
    this.#entries.set(key, { value, writes: this.#writes() });
  }

  unitEnded(unit: Unit): void {
    this.#endedWrites += unit.writes;
  }

  #writes(): number {
    return this.#endedWrites + (currentUnit()?.writes ?? 0);
  }
}

const memos = new WeakMap<Transaction<DB>, GroupMemo>();

/** The memo of the group commit that `trx` runs, when it is the handle a unit was given outside a savepoint. */
export function groupMemoOf(trx: Kysely<DB>): GroupMemo | undefined {
  return memos.get(trx as Transaction<DB>);
}

/** A unit of a group run without savepoints failed after writing: the group must run again, with them. */
class UndoNeeded extends Error {}

const groupCommits = new WeakMap<Database, GroupCommit>();

function groupCommitOf(database: Database): GroupCommit {
  let group = groupCommits.get(database);
  if (!group) {
    group = new GroupCommit(database.db, database.dialect);
    groupCommits.set(database, group);
  }
  return group;
}

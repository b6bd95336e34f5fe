import { sql, type Expression, type InsertQueryBuilder, type Kysely, type QueryCreator, type Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import { lockSkippingLocked } from '../../db/dialect.js';
import type { DB } from '../../db/schema.js';
import type { Job, JobStatus } from './jobs.model.js';
import type { JobsTable } from './jobs.tables.js';

type Db = Kysely<DB>;

export function toJob(row: Selectable<JobsTable>): Job {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    status: row.status,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** An insert that travels with the jobs' own (PostgreSQL: as a data-modifying WITH of the same statement). */
export type CompanionInsert = (qc: QueryCreator<DB>) => InsertQueryBuilder<DB, any, any>;

/**
 * The companions and the jobs in one statement. PostgreSQL checks foreign keys at the end of the
 * statement, so a companion may reference a row another companion inserts (a booking's event, its
 * mails). Kysely types each WITH added in a loop apart, hence the loose type of `query`.
 */
export async function insertJobsWith<A>(db: Db, companions: readonly CompanionInsert[], rows: JobsTable[], answer?: Expression<A>): Promise<A | undefined> {
  let query: QueryCreator<any> = db;
  companions.forEach((companion, i) => {
    query = query.with(`companion_${i}`, (qc) => companion(qc as QueryCreator<DB>));
  });
  const insertJobs = (qc: QueryCreator<DB>) =>
    qc
      .insertInto('jobs')
      .values(rows)
      .onConflict((oc) => oc.column('key').doNothing());
  if (!answer) {
    await insertJobs(query as QueryCreator<DB>).execute();
    return undefined;
  }
  // The jobs' insert becomes one more WITH, and the statement answers `answer` (every WITH that writes runs, read or not).
  const row = await (query as QueryCreator<DB>)
    .with('scheduled_jobs', (qc) => insertJobs(qc as QueryCreator<DB>))
    .selectNoFrom(sql<A>`${answer}`.as('answer'))
    .executeTakeFirst();
  return row?.answer as A | undefined;
}

/** The value of `answer`, in a statement of its own. */
export async function selectAnswer<A>(db: Db, answer: Expression<A>): Promise<A | undefined> {
  const row = await db.selectNoFrom(sql<A>`${answer}`.as('answer')).executeTakeFirst();
  return row?.answer as A | undefined;
}

/** Inserts jobs; a key already scheduled keeps its job as it is (scheduling is idempotent). */
export async function insertJobs(db: Db, rows: JobsTable[]): Promise<void> {
  await db
    .insertInto('jobs')
    .values(rows)
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/**
 * Takes up to `limit` due jobs and leases them to `leaseToken` until `leaseUntil`, counting the
 * attempt; another worker (another instance) skips them, and a lease left by a crashed worker
 * expires. One statement: on PostgreSQL the due rows are locked and skipped by a concurrent
 * claim (`for update skip locked`); SQLite runs one writer at a time.
 */
export async function claimDueJobs(
  database: Database,
  claim: { nowIso: string; leaseUntilIso: string; leaseToken: string; limit: number; kinds?: readonly string[] },
): Promise<Selectable<JobsTable>[]> {
  let due = database.db
    .selectFrom('jobs')
    .select('id')
    .where('status', '=', 'pending')
    .where('run_at', '<=', claim.nowIso)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', claim.nowIso)]))
    .orderBy('run_at')
    .limit(claim.limit);
  if (claim.kinds) due = due.where('kind', 'in', claim.kinds);
  const rows = await database.db
    .updateTable('jobs')
    .set((eb) => ({ lease_token: claim.leaseToken, locked_until: claim.leaseUntilIso, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', lockSkippingLocked(due, database.dialect))
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.run_at.localeCompare(b.run_at));
}

/** Extends a lease still held by `leaseToken`; false when it ran out and another worker took the job. */
export async function renewLease(db: Db, id: string, leaseToken: string, leaseUntilIso: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: leaseUntilIso })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('lease_token', '=', leaseToken)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The outcome of a run, recorded only by the lease's holder; false when it no longer holds it. */
export type RunOutcome =
  | { status: 'done' | 'dead'; atIso: string; error: string | null }
  | { status: 'pending'; runAtIso: string; error: string | null; resetAttempts: boolean };

export async function recordOutcome(db: Db, id: string, leaseToken: string, outcome: RunOutcome): Promise<boolean> {
  const common = { lease_token: null, locked_until: null, last_error: outcome.error };
  const changes =
    outcome.status === 'pending'
      ? { ...common, status: 'pending' as const, run_at: outcome.runAtIso, ...(outcome.resetAttempts ? { attempts: 0 } : {}) }
      : { ...common, status: outcome.status, finished_at: outcome.atIso };
  const result = await db
    .updateTable('jobs')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('lease_token', '=', leaseToken)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Moves a pending job (not one running under a lease: it reads the current state when it runs). */
export async function reschedulePending(db: Db, key: string, runAtIso: string): Promise<boolean> {
  const result = await db.updateTable('jobs').set({ run_at: runAtIso }).where('key', '=', key).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function cancelPending(db: Db, key: string, atIso: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: atIso, lease_token: null, locked_until: null })
    .where('key', '=', key)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A dead job runs again now, with a fresh series of attempts. */
export async function revive(db: Db, where: { id: string } | { key: string }, nowIso: string): Promise<boolean> {
  let query = db
    .updateTable('jobs')
    .set({ status: 'pending', run_at: nowIso, attempts: 0, finished_at: null, lease_token: null, locked_until: null })
    .where('status', '=', 'dead');
  query = 'id' in where ? query.where('id', '=', where.id) : query.where('key', '=', where.key);
  return Number((await query.executeTakeFirst()).numUpdatedRows) > 0;
}

export async function selectJob(db: Db, where: { id: string } | { key: string }): Promise<Job | undefined> {
  const row = await db
    .selectFrom('jobs')
    .selectAll()
    .where('id' in where ? 'id' : 'key', '=', 'id' in where ? where.id : where.key)
    .executeTakeFirst();
  return row && toJob(row);
}

export async function selectJobs(db: Db, options: { status?: JobStatus; limit: number; offset: number }): Promise<Job[]> {
  let query = db.selectFrom('jobs').selectAll().orderBy('run_at', 'desc').orderBy('id').limit(options.limit).offset(options.offset);
  if (options.status) query = query.where('status', '=', options.status);
  return (await query.execute()).map(toJob);
}

export async function countByStatus(db: Db): Promise<Record<JobStatus, number>> {
  const rows = await db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
  const counts: Record<JobStatus, number> = { pending: 0, done: 0, cancelled: 0, dead: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/** Deletes the jobs of `statuses` finished before `beforeIso`. */
export async function deleteFinishedBefore(db: Db, statuses: JobStatus[], beforeIso: string): Promise<number> {
  const result = await db.deleteFrom('jobs').where('status', 'in', statuses).where('finished_at', '<', beforeIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Cancels the pending jobs under these keys (a person erased: their reminders must not run); returns how many. */
export async function cancelPendingKeys(db: Db, keys: readonly string[], atIso: string): Promise<number> {
  if (keys.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: atIso, lease_token: null, locked_until: null })
    .where('key', 'in', [...keys])
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

import type { Expression, Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { startPoller, type Poller } from '../../platform/poller.js';
import { PermanentJobFailure, type Job, type JobDefinition, type JobRun, type JobStatus, type NewJob } from './jobs.model.js';
import * as queries from './jobs.queries.js';
import type { CompanionInsert } from './jobs.queries.js';
import type { JobsTable } from './jobs.tables.js';

export interface JobsDeps {
  database: Database;
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  pollIntervalMs: number;
  /** Run before a batch that claimed jobs: the settings module takes in a business profile saved on another instance. */
  beforeBatch?: () => Promise<unknown>;
  /**
   * Awaited by the background worker before each job: pauses while requests are waiting for a
   * busy process (platform/http/request-priority.ts, wired by app.ts). Jobs run on demand
   * (runDue, runUntilIdle) do not wait.
   */
  giveWay?: () => Promise<void>;
}

const BATCH_SIZE = 20;
const LEASE_MS = 2 * 60_000;
/** A job started this soon after its batch was claimed still holds nearly all its lease: no need to renew it. */
const FRESH_LEASE_MS = 10_000;
const DEFAULT_MAX_ATTEMPTS = 10;
const DEFAULT_RETRY_BASE_MS = 30_000;
const DEFAULT_RETRY_MAX_MS = 60 * 60_000;
const ERROR_LENGTH = 1000;
const DAY = 24 * 3_600_000;
const HOUSEKEEPING_JOB = 'jobs.housekeeping';
/** Finished jobs are kept a month (what ran, when), dead ones 90 days (to look into), then deleted. */
export const FINISHED_JOB_RETENTION_DAYS = 30;
export const DEAD_JOB_RETENTION_DAYS = 90;

/**
 * A job's error is shown in the back office and kept with the job: an e-mail address a mail
 * server quotes in its refusal is replaced, so that the jobs table holds no personal data (the
 * module whose work failed keeps the full error with its own data, under its own retention).
 */
export function withoutAddresses(message: string): string {
  return message.replace(/[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/gu, '[address]');
}

/** The job was taken by another worker while this one ran it (its lease ran out): that worker records the outcome. */
class LeaseLost extends Error {}

export type JobsService = ReturnType<typeof createJobsService>;

/**
 * Work that must happen once, later or again: each job is a row, scheduled in the transaction
 * of the change that calls for it, claimed under a lease by one worker of one instance, retried
 * with backoff, and dead after its last attempt (shown in the back office, run again from there).
 * Due jobs whose time passed while the site was stopped run at the next claim.
 */
export function createJobsService(deps: JobsDeps) {
  const { database, clock, log } = deps;
  const definitions = new Map<string, JobDefinition<any>>();
  let poller: Poller | undefined;

  function toRow(job: NewJob, definition: JobDefinition<unknown> | undefined, nowIso: string): JobsTable {
    return {
      id: newId(),
      kind: job.kind,
      key: job.key,
      payload: JSON.stringify(job.payload ?? {}),
      status: 'pending',
      run_at: job.runAt.toISOString(),
      attempts: 0,
      max_attempts: definition?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      lease_token: null,
      locked_until: null,
      last_error: null,
      created_at: nowIso,
      finished_at: null,
    };
  }

  /**
   * Schedules jobs inside the caller's transaction; a key already scheduled is left as it is. Call
   * wake() after commit for a job due now. `companions`, the caller's own inserts that call for
   * these jobs (a booking, its event and the messages it queues), go in the same statement on
   * PostgreSQL (one round trip for all, inside the agenda's lock), one by one and in order just
   * before on SQLite, where a statement costs no round trip. `answer`, an expression the caller
   * needs the value of (which customer a booking references), is returned: on PostgreSQL the
   * same statement answers it, from its snapshot taken before the inserts; on SQLite a statement
   * of its own answers it after them.
   */
  async function scheduleAll<A = never>(db: Kysely<DB>, jobs: NewJob[], companions: readonly CompanionInsert[] = [], answer?: Expression<A>): Promise<A | undefined> {
    const now = clock.now().toISOString();
    const rows = jobs.map((job) => toRow(job, definitions.get(job.kind), now));
    if (companions.length > 0 && database.dialect === 'postgres' && rows.length > 0) return queries.insertJobsWith(db, companions, rows, answer);
    for (const companion of companions) await companion(db).execute();
    if (rows.length > 0) await queries.insertJobs(db, rows);
    return answer ? queries.selectAnswer(db, answer) : undefined;
  }

  function retryDelay(definition: JobDefinition<unknown>, failedAttempts: number): number {
    const base = definition.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
    const exponential = Math.min(base * 2 ** Math.max(0, failedAttempts - 1), definition.retryMaxMs ?? DEFAULT_RETRY_MAX_MS);
    // Up to 10 % more, so that jobs failing together do not all come back in the same instant.
    return exponential + Math.floor(Math.random() * exponential * 0.1);
  }

  async function recordFailure(job: Job, leaseToken: string, definition: JobDefinition<unknown> | undefined, error: unknown): Promise<void> {
    const message = withoutAddresses(error instanceof Error ? error.message : String(error)).slice(0, ERROR_LENGTH);
    const now = clock.now();
    const recurring = definition?.everyMs !== undefined;
    const permanent = error instanceof PermanentJobFailure;
    const outlived = definition?.retryForMs !== undefined && now.getTime() - Date.parse(job.createdAt) >= definition.retryForMs;
    const dead = !recurring && (permanent || outlived || job.attempts >= job.maxAttempts);
    if (dead) {
      await database.db.transaction().execute(async (trx) => {
        if (!(await queries.recordOutcome(trx, job.id, leaseToken, { status: 'dead', atIso: now.toISOString(), error: message }))) return;
        await definition?.onDead?.(trx, job.payload, message);
      });
    } else {
      const delay = definition ? retryDelay(definition, job.attempts) : DEFAULT_RETRY_MAX_MS;
      const wait = recurring ? Math.min(delay, definition.everyMs!) : delay;
      await queries.recordOutcome(database.db, job.id, leaseToken, {
        status: 'pending',
        runAtIso: new Date(now.getTime() + wait).toISOString(),
        error: message,
        resetAttempts: false,
      });
    }
    log.warn({ job: job.kind, key: job.key, attempts: job.attempts, permanent, dead }, 'job failed');
  }

  /** What a run that went to the end records: done, or for a recurring job its next time. */
  function successOutcome(definition: JobDefinition<unknown>): queries.RunOutcome {
    const now = clock.now();
    return definition.everyMs === undefined
      ? { status: 'done', atIso: now.toISOString(), error: null }
      : { status: 'pending', runAtIso: new Date(now.getTime() + definition.everyMs).toISOString(), error: null, resetAttempts: true };
  }

  async function runJob(job: Job, leaseToken: string): Promise<void> {
    const definition = definitions.get(job.kind);
    // A job of a kind this version does not know (scheduled by a newer instance during an upgrade): retried later.
    if (!definition) return recordFailure(job, leaseToken, undefined, new Error(`no handler for job kind "${job.kind}"`));
    let finished = false;
    const run: JobRun = {
      key: job.key,
      attempt: job.attempts,
      async finish(work) {
        await database.db.transaction().execute(async (trx) => {
          await work(trx);
          if (!(await queries.recordOutcome(trx, job.id, leaseToken, successOutcome(definition)))) throw new LeaseLost();
        });
        finished = true;
      },
    };
    try {
      await definition.run(job.payload, run);
      if (!finished && !(await queries.recordOutcome(database.db, job.id, leaseToken, successOutcome(definition)))) throw new LeaseLost();
    } catch (error) {
      if (error instanceof LeaseLost) {
        log.warn({ job: job.kind, key: job.key }, 'job taken by another worker while it ran; its outcome is theirs');
        return;
      }
      await recordFailure(job, leaseToken, definition, error);
    }
  }

  /**
   * Runs the jobs that are due (of `kinds` only, when given); true when a full batch was taken
   * and more may wait.
   */
  async function runDue(kinds?: readonly string[]): Promise<boolean> {
    return (await runBatch(kinds)) === BATCH_SIZE;
  }

  /** Claims one batch of due jobs and runs it, awaiting `beforeEach` before each job; how many it took. */
  async function runBatch(kinds?: readonly string[], beforeEach?: () => Promise<void>): Promise<number> {
    const claimedAt = clock.now();
    const leaseToken = newId();
    const leaseUntil = new Date(claimedAt.getTime() + LEASE_MS).toISOString();
    const rows = await queries.claimDueJobs(database, {
      nowIso: claimedAt.toISOString(),
      leaseUntilIso: leaseUntil,
      leaseToken,
      limit: BATCH_SIZE,
      ...(kinds ? { kinds } : {}),
    });
    if (rows.length > 0) await deps.beforeBatch?.();
    for (const row of rows) {
      await beforeEach?.();
      // A slow batch can outlast its lease: once the lease is no longer fresh, each job is leased
      // again before it runs, and skipped if another worker has taken it meanwhile.
      const startAt = clock.now().getTime();
      const fresh = startAt < claimedAt.getTime() + FRESH_LEASE_MS;
      if (fresh || (await queries.renewLease(database.db, row.id, leaseToken, new Date(startAt + LEASE_MS).toISOString()))) {
        await runJob(queries.toJob(row), leaseToken);
      }
    }
    return rows.length;
  }

  /**
   * The table's own housekeeping (it holds ids only, no personal data: not a retention rule of
   * the register): finished jobs go after a month, dead ones after 90 days, checked daily.
   */
  definitions.set(HOUSEKEEPING_JOB, {
    kind: HOUSEKEEPING_JOB,
    label: { fr: 'Nettoyage des tâches terminées', en: 'Clean-up of finished jobs' },
    everyMs: DAY,
    async run() {
      const now = clock.now().getTime();
      const deleted =
        (await queries.deleteFinishedBefore(database.db, ['done', 'cancelled'], new Date(now - FINISHED_JOB_RETENTION_DAYS * DAY).toISOString())) +
        (await queries.deleteFinishedBefore(database.db, ['dead'], new Date(now - DEAD_JOB_RETENTION_DAYS * DAY).toISOString()));
      if (deleted > 0) log.info({ deleted }, 'finished jobs deleted');
    },
  });

  return {
    /** Makes sure the daily clean-up of finished jobs is scheduled (main.ts, at start). */
    scheduleHousekeeping: () => scheduleAll(database.db, [{ kind: HOUSEKEEPING_JOB, key: HOUSEKEEPING_JOB, runAt: clock.now() }]),
    /** Declares how jobs of a kind run; every kind is defined before the worker starts. */
    define<Payload>(definition: JobDefinition<Payload>): void {
      if (definitions.has(definition.kind)) throw new Error(`job kind "${definition.kind}" is defined twice`);
      definitions.set(definition.kind, definition);
    },
    schedule: (db: Kysely<DB>, job: NewJob) => scheduleAll(db, [job]),
    /** See scheduleAll above. */
    scheduleAll,
    /** Makes sure a recurring job exists (once, whatever the number of instances), first due `firstRunAt` (default now). */
    async ensureRecurring(kind: string, firstRunAt: Date = clock.now()): Promise<void> {
      if (definitions.get(kind)?.everyMs === undefined) throw new Error(`job kind "${kind}" is not recurring`);
      await scheduleAll(database.db, [{ kind, key: kind, runAt: firstRunAt }]);
    },
    /** Moves a job not yet run to `runAt`; false when there is none pending under `key`. */
    reschedule: (db: Kysely<DB>, key: string, runAt: Date) => queries.reschedulePending(db, key, runAt.toISOString()),
    /** Cancels a job not yet run; false when there is none pending under `key`. */
    cancel: (db: Kysely<DB>, key: string) => queries.cancelPending(db, key, clock.now().toISOString()),
    runDue,
    /** Runs due jobs until none is left, those the runs schedule for now included (tests, and the CLI). */
    async runUntilIdle(kinds?: readonly string[]): Promise<void> {
      while ((await runBatch(kinds)) > 0);
    },
    /** Starts this process's worker. */
    start(): Poller {
      poller ??= startPoller({
        intervalMs: deps.pollIntervalMs,
        task: async () => (await runBatch(undefined, deps.giveWay)) === BATCH_SIZE,
        onError: (error) => log.error({ err: error }, 'jobs worker run failed'),
      });
      return poller;
    },
    /** Tells the worker that jobs due now were committed. */
    wake: () => poller?.wake(),
    /** Waits for the run in progress, then stops. */
    async stop(): Promise<void> {
      await poller?.stop();
      poller = undefined;
    },
    /** The owner's name for a kind of job (its kind itself when no definition has it). */
    labelOf: (kind: string) => definitions.get(kind)?.label,
    list: (options: { status?: JobStatus; limit: number; offset: number }) => queries.selectJobs(database.db, options),
    counts: () => queries.countByStatus(database.db),
    get: (id: string) => queries.selectJob(database.db, { id }),
    byKey: (key: string) => queries.selectJob(database.db, { key }),
    /** Runs a dead job again now (from the back office), with a fresh series of attempts; inside `db` when given. */
    async revive(where: { id: string } | { key: string }, db: Kysely<DB> = database.db): Promise<boolean> {
      const revived = await queries.revive(db, where, clock.now().toISOString());
      if (revived && db === database.db) poller?.wake();
      return revived;
    },
  };
}

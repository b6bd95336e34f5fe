import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Localized } from '../../platform/i18n/locale.js';
import type { JobStatus } from './jobs.tables.js';

export type { JobStatus };

/** A job to schedule. */
export interface NewJob {
  kind: string;
  key: string;
  payload?: Record<string, unknown>;
  runAt: Date;
}

export interface Job {
  id: string;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** What a handler is given besides its payload. */
export interface JobRun {
  key: string;
  /** 1 on the first attempt. */
  attempt: number;
  /**
   * Runs `work` and records the job as done in one transaction: its effect happens once, or not
   * at all if another worker took the job meanwhile (the transaction is then rolled back). A
   * handler that does not call it is recorded done when it returns.
   */
  finish(work: (trx: Kysely<DB>) => Promise<void>): Promise<void>;
}

export interface JobDefinition<Payload> {
  kind: string;
  /** What the owner reads in the back office's list of jobs. */
  label: Localized;
  run(payload: Payload, run: JobRun): Promise<void>;
  /** Attempts before a one-off job is dead (default 10). */
  maxAttempts?: number;
  /** First retry delay (default 30 s); each further one waits twice as long, up to `retryMaxMs` (default 1 h). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Besides the attempts: a one-off job still failing this long after it was scheduled is dead (a webhook: 3 days). */
  retryForMs?: number;
  /** A recurring job: it is due again this long after each run, and never dies (a failure is retried within this delay). */
  everyMs?: number;
  /** Called inside the transaction that makes the job dead, with the last error. */
  onDead?(db: Kysely<DB>, payload: Payload, error: string): Promise<void>;
}

/** Thrown by a handler for a failure that no retry can mend (a mail server refusing the recipient): the job dies at once. */
export class PermanentJobFailure extends Error {}

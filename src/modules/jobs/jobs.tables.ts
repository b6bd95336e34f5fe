/** Table types of the jobs module. */

/**
 * pending: waiting for its time, or running under a lease; done: ran to the end (a recurring
 * job never gets there: it is scheduled again); cancelled: no longer needed (a reminder of a
 * booking moved into its own reminder window); dead: gave up after its last attempt, shown in
 * the back office until someone runs it again.
 */
export type JobStatus = 'pending' | 'done' | 'cancelled' | 'dead';

export interface JobsTable {
  id: string;
  kind: string;
  /** Unique: what makes a job exist once (e.g. "booking.reminder:<booking id>"), however often it is scheduled. */
  key: string;
  /** JSON; ids only, never personal data (a handler reads what it needs from its module). */
  payload: string;
  status: JobStatus;
  /** When it is due; a pending job whose time is past runs at the next claim, so a stopped site catches up. */
  run_at: string;
  /** Claims so far, counted at the claim: a process that dies while running a job still used an attempt. */
  attempts: number;
  max_attempts: number;
  /** The claim's random token: only the worker that holds it may record the outcome. */
  lease_token: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface JobsTables {
  jobs: JobsTable;
}

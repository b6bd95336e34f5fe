import type { ModuleRegister } from '../../platform/privacy-register.js';
import { deleteFinishedBefore } from './jobs.queries.js';

const DAY = 24 * 3_600_000;
/** Finished jobs are kept a month (what ran, when), dead ones 90 days (to look into), then deleted. */
export const FINISHED_JOB_RETENTION_DAYS = 30;
export const DEAD_JOB_RETENTION_DAYS = 90;

/**
 * The jobs table holds no personal data: payloads carry ids only, and errors are stored with
 * e-mail addresses replaced (jobs.service.ts, withoutAddresses). It is declared all the same,
 * column by column, so that the register test notices a column added later.
 */
export const jobsRegister: ModuleRegister = {
  module: 'jobs',
  activities: [],
  tables: [
    {
      table: 'jobs',
      personal: {},
      nonPersonal: ['id', 'kind', 'key', 'payload', 'status', 'run_at', 'attempts', 'max_attempts', 'lease_token', 'locked_until', 'last_error', 'created_at', 'finished_at'],
    },
  ],
  async sweep(db, now) {
    await deleteFinishedBefore(db, ['done', 'cancelled'], new Date(now.getTime() - FINISHED_JOB_RETENTION_DAYS * DAY).toISOString());
    await deleteFinishedBefore(db, ['dead'], new Date(now.getTime() - DEAD_JOB_RETENTION_DAYS * DAY).toISOString());
    return [];
  },
};

import type { ModuleRegister } from '../../platform/privacy-register.js';

/**
 * The jobs table holds no personal data: payloads carry ids only, and errors are stored with
 * e-mail addresses replaced (jobs.service.ts, withoutAddresses). It is declared all the same,
 * column by column, so that the register test notices a column added later. Its clean-up is
 * the table's own housekeeping (jobs.housekeeping in jobs.service.ts), not a retention rule. A job
 * about a person (a booking's reminder, a message's delivery) is cancelled by the port of the
 * module that scheduled it when the person is erased.
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
};

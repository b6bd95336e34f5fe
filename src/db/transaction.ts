import type { Transaction } from 'kysely';
import type { Database } from './database.js';
import { isRetryableTransactionError } from './dialect.js';
import type { DB } from './schema.js';

const MAX_ATTEMPTS = 30;

/**
 * Runs `work` in a transaction that the database serialises against every other writer:
 * SQLite takes the write lock before the first read (`begin immediate`, see dialect.ts);
 * PostgreSQL runs it SERIALIZABLE and runs it again when it reports a conflict.
 * `work` must therefore touch only the database: no mail, no HTTP, no clock-dependent
 * side effect that cannot be repeated.
 */
export async function inSerializableTransaction<T>(database: Database, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (database.dialect === 'sqlite') return database.db.transaction().execute(work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.db.transaction().setIsolationLevel('serializable').execute(work);
    } catch (error) {
      if (!isRetryableTransactionError(error) || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6)));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import type { Database } from '../../db/database.js';
import type { PaymentPeriod } from './payments.model.js';
import * as queries from './payments.queries.js';

export type PaymentReads = ReturnType<typeof createPaymentReads>;
export type { PaymentPeriod };

/**
 * Reads of the ledger over a period, for the owner's « Paiements » page and the accountant's
 * export. Apart from the recording service on purpose: they only read, and need only the database.
 */
export function createPaymentReads({ database }: { database: Database }) {
  const db = database.db;
  return {
    /** Payments and corrections of the days between two local dates (both included), with totals per method and the days' closings. */
    async period(from: string, to: string): Promise<PaymentPeriod> {
      const [entries, closings] = await Promise.all([queries.selectEntriesPaidBetween(db, from, to), queries.selectClosingRecordsBetween(db, from, to)]);
      const totalsByMethod = new Map<string, number>();
      for (const e of entries) totalsByMethod.set(e.method, (totalsByMethod.get(e.method) ?? 0) + e.amountCents);
      return { entries, totalsByMethod, totalCents: entries.reduce((sum, e) => sum + e.amountCents, 0), closings };
    },
  };
}

import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * Payments taken on site and the ledger that chains them (payments module): each payment or
 * correction, and each day's closing, takes the next position of one hash chain whose head is a
 * single row, updated in the same transaction as the record it points to. No foreign key to the
 * bookings: a payment record outlives its booking's retention (10 years, Code de commerce L123-22).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sequence', 'integer', (c) => c.notNull().unique())
    .addColumn('booking_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql.raw("kind in ('payment', 'correction')")))
    .addColumn('method', 'text', (c) => c.notNull().check(sql.raw("method in ('cash', 'card_terminal', 'cheque', 'bank_transfer')")))
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('paid_on', 'text', (c) => c.notNull())
    .addColumn('corrects_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('recorded_at', instant, (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('previous_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_by_booking').on('payments').column('booking_id').execute();
  await db.schema.createIndex('payments_by_recorded_at').on('payments').column('recorded_at').execute();

  await db.schema
    .createTable('payment_closings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sequence', 'integer', (c) => c.notNull().unique())
    .addColumn('day', 'text', (c) => c.notNull().unique())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('totals_by_method', 'text', (c) => c.notNull())
    .addColumn('running_total_cents', 'integer', (c) => c.notNull())
    .addColumn('closed_at', instant, (c) => c.notNull())
    .addColumn('previous_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('payment_ledger_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('payment_ledger_head').values({ id: 1, sequence: 0, hash: '0'.repeat(64) }).execute();
}

import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * Refunds (issue 7, item 6): money given back for one payment of the ledger, through its
 * provider (Stripe, PayPal) or by the owner's hand (a payment taken on site). Each refund, once
 * made, is a correction in the ledger (`correction_id`); this table says where it stands.
 * Provider events may now name no attempt (a refund's).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('payment_refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // No foreign key: like the ledger, the record outlives the booking's retention.
    .addColumn('booking_id', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql.raw("method in ('cash', 'card_terminal', 'cheque', 'bank_transfer', 'stripe', 'paypal')")))
    .addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql.raw('amount_cents > 0')))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw("status in ('requested', 'pending', 'succeeded', 'failed', 'by_hand', 'given_back')")))
    .addColumn('provider_refund_ref', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('tries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failure', 'text')
    .addColumn('correction_id', 'text')
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_refunds_by_booking').on('payment_refunds').column('booking_id').execute();
  await db.schema.createIndex('payment_refunds_by_ref').on('payment_refunds').columns(['method', 'provider_refund_ref']).execute();
}

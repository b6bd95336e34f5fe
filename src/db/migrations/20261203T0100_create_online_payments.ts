import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * Online payments (issue 7, items 1–4):
 * - each service says how it may be paid (`payment_options`, JSON array of on_site, stripe,
 *   paypal; on site only for every existing service) and the optional online deposit (1–99 %);
 * - a booking waiting for its online payment holds its place (`awaiting_payment` = 1 while its
 *   status stays 'confirmed', so every capacity check counts it unchanged);
 * - the ledger takes payments made through Stripe and PayPal (method check widened);
 * - payment attempts and the provider events recorded with their effect.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .alterTable('services')
    .addColumn('payment_options', 'text', (c) => c.notNull().defaultTo('["on_site"]'))
    .execute();
  await db.schema
    .alterTable('services')
    .addColumn('deposit_percent', 'integer', (c) => c.check(sql.raw('deposit_percent is null or (deposit_percent >= 1 and deposit_percent <= 99)')))
    .execute();
  await db.schema.alterTable('bookings').addColumn('awaiting_payment', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await widenPaymentMethods(db, dialect);

  await db.schema
    .createTable('payment_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // No foreign key: like the ledger, the record outlives the booking's retention.
    .addColumn('booking_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull().check(sql.raw("provider in ('stripe', 'paypal')")))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql.raw("purpose in ('full', 'deposit')")))
    .addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql.raw('amount_cents > 0')))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw("status in ('pending', 'succeeded', 'failed', 'expired', 'cancelled')")))
    .addColumn('provider_ref', 'text')
    .addColumn('provider_payment_ref', 'text')
    .addColumn('fraud_outcome', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('redirect_url', 'text')
    .addColumn('expires_at', instant, (c) => c.notNull())
    .addColumn('payment_id', 'text')
    .addColumn('attention', 'text', (c) => c.check(sql.raw("attention is null or attention in ('paid_after_release', 'amount_mismatch')")))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_attempts_by_booking').on('payment_attempts').column('booking_id').execute();
  await db.schema.createIndex('payment_attempts_by_provider_ref').on('payment_attempts').columns(['provider', 'provider_ref']).unique().execute();
  await db.schema.createIndex('payment_attempts_by_status').on('payment_attempts').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('provider_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull().check(sql.raw("provider in ('stripe', 'paypal')")))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('attempt_id', 'text')
    .addColumn('received_at', instant, (c) => c.notNull())
    .addUniqueConstraint('provider_events_once', ['provider', 'event_id'])
    .execute();
}

const METHODS = "method in ('cash', 'card_terminal', 'cheque', 'bank_transfer', 'stripe', 'paypal')";

/** PostgreSQL changes the check in place; SQLite cannot, so the (small, unreferenced) table is copied into a new one. */
async function widenPaymentMethods(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`alter table payments drop constraint payments_method_check`.execute(db);
    await sql`alter table payments add constraint payments_method_check check (${sql.raw(METHODS)})`.execute(db);
    return;
  }
  await db.schema
    .createTable('payments_widened')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sequence', 'integer', (c) => c.notNull().unique())
    .addColumn('booking_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql.raw("kind in ('payment', 'correction')")))
    .addColumn('method', 'text', (c) => c.notNull().check(sql.raw(METHODS)))
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('paid_on', 'text', (c) => c.notNull())
    .addColumn('corrects_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('previous_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into payments_widened select id, sequence, booking_id, kind, method, amount_cents, currency, paid_on, corrects_id, reason, recorded_at, recorded_by, previous_hash, hash from payments`.execute(db);
  await db.schema.dropTable('payments').execute();
  await sql`alter table payments_widened rename to payments`.execute(db);
  await db.schema.createIndex('payments_by_booking').on('payments').column('booking_id').execute();
  await db.schema.createIndex('payments_by_recorded_at').on('payments').column('recorded_at').execute();
}

import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('restrict'))
    .addColumn('start_at', instant, (c) => c.notNull())
    .addColumn('end_at', instant, (c) => c.notNull())
    .addColumn('blocked_from', instant, (c) => c.notNull())
    .addColumn('blocked_until', instant, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw("status in ('confirmed', 'cancelled')")))
    .addColumn('customer_last_name', 'text')
    .addColumn('customer_first_name', 'text')
    .addColumn('customer_company', 'text')
    .addColumn('customer_country', 'text')
    .addColumn('customer_email', 'text', (c) => c.notNull())
    .addColumn('customer_phone', 'text')
    .addColumn('address_line1', 'text')
    .addColumn('address_line2', 'text')
    .addColumn('address_postal_code', 'text')
    .addColumn('address_city', 'text')
    .addColumn('address_country', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('vat_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('terms_version', 'text', (c) => c.notNull())
    .addColumn('terms_accepted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('privacy_notice_version', 'text', (c) => c.notNull())
    .addColumn('withdrawal_policy', 'text', (c) => c.notNull())
    .addColumn('early_performance_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('request_fingerprint', 'text')
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addColumn('cancelled_at', instant)
    .addColumn('cancelled_by', 'text')
    .addColumn('cancellation_reason', 'text')
    .addCheckConstraint('bookings_interval_order', sql.raw('blocked_from <= start_at and start_at < end_at and end_at <= blocked_until'))
    .execute();
  // Availability and the capacity check read the busy intervals that overlap a range.
  await db.schema.createIndex('bookings_by_blocked_from').on('bookings').columns(['blocked_from', 'blocked_until']).execute();
  await db.schema.createIndex('bookings_by_service_start').on('bookings').columns(['service_id', 'start_at']).execute();
  await db.schema.createIndex('bookings_by_customer_email').on('bookings').column('customer_email').execute();

  await db.schema
    .createTable('booking_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('booking_id', 'text', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('booking_events_by_booking').on('booking_events').column('booking_id').execute();
}

import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * Restriction of processing (GDPR art. 18), the suppression list of those who objected to
 * prospecting (art. 21), and the log of recipients told of a rectification, an erasure or a
 * restriction (art. 19). Addresses are kept only as keyed hashes (HMAC-SHA256 under a key derived
 * from SECRET_KEY): the suppression list outlives the person's erasure without their address.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('processing_restrictions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('restricted_at', instant, (c) => c.notNull())
    .addColumn('restricted_by', 'text', (c) => c.notNull())
    .addColumn('lifted_at', instant)
    .addColumn('lifted_by', 'text')
    .execute();
  // At most one restriction in force per address; lifted ones stay as the history.
  await db.schema.createIndex('processing_restrictions_in_force').on('processing_restrictions').column('email_hash').unique().where(sql.ref('lifted_at'), 'is', null).execute();
  await db.schema.createIndex('processing_restrictions_by_customer').on('processing_restrictions').column('customer_id').execute();

  await db.schema
    .createTable('prospecting_objections')
    .addColumn('email_hash', 'text', (c) => c.primaryKey())
    .addColumn('objected_at', instant, (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('recipient_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('set null'))
    .addColumn('subject_hash', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull().check(sql.raw("event in ('rectification', 'erasure', 'restriction')")))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('notified_at', instant, (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recipient_notices_by_subject').on('recipient_notices').column('subject_hash').execute();
}

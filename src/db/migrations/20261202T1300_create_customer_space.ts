import type { Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * The customer's own space: the sign-in links mailed to customers and their sessions, both kept
 * as SHA-256 hashes of their tokens, both deleted with their customer.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('customer_sign_in_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .addColumn('used_at', instant)
    .execute();
  // The per-address limit counts a customer's recent links; the sweep deletes expired ones.
  await db.schema.createIndex('customer_sign_in_links_by_customer').on('customer_sign_in_links').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('customer_sign_in_links_by_expiry').on('customer_sign_in_links').column('expires_at').execute();

  await db.schema
    .createTable('customer_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('last_seen_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_sessions_by_customer').on('customer_sessions').column('customer_id').execute();
}

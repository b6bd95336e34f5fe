import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Where a service happens: at the business (the default, what every existing service did),
 * at the customer's address, by phone, or online at a link the owner gives.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('services')
    .addColumn('location', 'text', (c) => c.notNull().defaultTo('business').check(sql.raw(`location in ('business', 'customer_address', 'phone', 'online')`)))
    .execute();
  await db.schema
    .alterTable('services')
    .addColumn('online_url', 'text', (c) => c.check(sql.raw(`online_url is null or online_url like 'https://%'`)))
    .execute();
  // The demo catalog's home visit and discovery call, where a site already holds them: they never happened at the shop.
  await db.updateTable('services').set({ location: 'customer_address' }).where('slug', '=', 'installation-a-domicile').execute();
  await db.updateTable('services').set({ location: 'phone' }).where('slug', '=', 'appel-decouverte').execute();
}

import type { Database } from './db/database.js';
import { seedDemoCatalog, type CatalogService } from './modules/catalog/index.js';

/**
 * On the very first start, seed the demo catalog so that a new installation shows a site
 * that can be booked at once. Exactly one instance does it, even when several start together.
 */
export async function seedOnFirstStart(database: Database, catalog: CatalogService, nowIso: string): Promise<boolean> {
  const result = await database.db
    .insertInto('app_settings')
    .values({ key: 'demo_seeded_at', value: nowIso, updated_at: nowIso })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await seedDemoCatalog(catalog);
  return true;
}

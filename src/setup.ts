import type { Database } from './db/database.js';
import { seedDemoCatalog, type CatalogService } from './modules/catalog/index.js';

/**
 * On the very first start, seed the demo catalog so that a new installation shows a site
 * that can be booked at once. Exactly one instance does it, even when several start together.
 */
export async function seedOnFirstStart(database: Database, catalog: CatalogService, nowIso: string): Promise<boolean> {
  if (!(await recordDemoSeeded(database, nowIso))) return false;
  await seedDemoCatalog(catalog);
  return true;
}

/**
 * Notes that the demo catalog was seeded (by the first start or by `wservices demo seed`), so that a
 * later first start does not bring back a demo service the owner has deleted. False if already noted.
 */
export async function recordDemoSeeded(database: Database, nowIso: string): Promise<boolean> {
  const result = await database.db
    .insertInto('app_settings')
    .values({ key: 'demo_seeded_at', value: nowIso, updated_at: nowIso })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

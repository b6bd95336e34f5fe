import type { Kysely } from 'kysely';
import { binaryColumnType, instantColumnType, type DialectName } from '../dialect.js';

/**
 * The business profile moves from BUSINESS_FILE into the database, where the owner edits it
 * (/admin/parametres) and every instance reads it; the file only seeds it on the first start.
 * Services may set their own reminder delay and cancellation cut-off (null: the profile's).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('business_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', instantColumnType(dialect), (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('business_logos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('original', binaryColumnType(dialect), (c) => c.notNull())
    .addColumn('raster', binaryColumnType(dialect), (c) => c.notNull())
    .addColumn('favicon_32', binaryColumnType(dialect), (c) => c.notNull())
    .addColumn('favicon_180', binaryColumnType(dialect), (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('created_at', instantColumnType(dialect), (c) => c.notNull())
    .execute();
  await db.schema.alterTable('services').addColumn('reminder_hours_before', 'integer').execute();
  await db.schema.alterTable('services').addColumn('cancellation_cutoff_hours', 'integer').execute();
}

import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name_fr', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('description_fr', 'text', (c) => c.notNull())
    .addColumn('description_en', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().check(sql.raw('duration_minutes > 0 and duration_minutes <= 1440')))
    .addColumn('price_cents', 'integer', (c) => c.notNull().check(sql.raw('price_cents >= 0')))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('vat_rate_bp', 'integer', (c) => c.notNull().check(sql.raw('vat_rate_bp >= 0 and vat_rate_bp <= 10000')))
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(1).check(sql.raw('capacity >= 1')))
    .addColumn('buffer_before_minutes', 'integer', (c) => c.notNull().defaultTo(0).check(sql.raw('buffer_before_minutes between 0 and 1440')))
    .addColumn('buffer_after_minutes', 'integer', (c) => c.notNull().defaultTo(0).check(sql.raw('buffer_after_minutes between 0 and 1440')))
    .addColumn('min_notice_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('horizon_days', 'integer', (c) => c.notNull().defaultTo(90))
    .addColumn('slot_step_minutes', 'integer')
    .addColumn('required_fields', 'text', (c) => c.notNull())
    .addColumn('withdrawal_policy', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('opening_hours')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('weekday', 'integer', (c) => c.notNull().check(sql.raw('weekday between 1 and 7')))
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('closures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('starts_at', instant, (c) => c.notNull())
    .addColumn('ends_at', instant, (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('closures_by_end').on('closures').column('ends_at').execute();
}

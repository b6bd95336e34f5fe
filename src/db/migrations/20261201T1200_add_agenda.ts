import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/** The owner's agenda: whether a past booking was honoured, and the generation of the private calendar feed. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('bookings')
    .addColumn('attendance', 'text', (c) => c.check(sql.raw("attendance in ('honoured', 'no_show')")))
    .execute();
  await db.schema
    .createTable('owner_calendar_feed')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('updated_at', instantColumnType(dialect), (c) => c.notNull())
    .execute();
}

import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * Group sessions: a service may be offered only at sessions the owner schedules, and a
 * booking may take several places of a slot or session.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .alterTable('services')
    .addColumn('scheduling', 'text', (c) => c.notNull().defaultTo('open_hours').check(sql.raw("scheduling in ('open_hours', 'sessions')")))
    .execute();
  await db.schema
    .alterTable('services')
    .addColumn('max_places_per_booking', 'integer', (c) => c.notNull().defaultTo(1).check(sql.raw('max_places_per_booking >= 1')))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('restrict'))
    .addColumn('starts_at', instant, (c) => c.notNull())
    .addColumn('ends_at', instant, (c) => c.notNull())
    .addColumn('places', 'integer', (c) => c.notNull().check(sql.raw('places >= 1')))
    .addColumn('min_participants', 'integer', (c) => c.check(sql.raw('min_participants >= 1')))
    .addColumn('decision_at', instant)
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled').check(sql.raw("status in ('scheduled', 'confirmed', 'cancelled')")))
    .addColumn('cancelled_at', instant)
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addCheckConstraint('sessions_interval_order', sql.raw('starts_at < ends_at'))
    .addCheckConstraint('sessions_minimum_with_decision', sql.raw('(min_participants is null) = (decision_at is null)'))
    .execute();
  await db.schema.createIndex('sessions_by_service_start').on('sessions').columns(['service_id', 'starts_at']).execute();
  await db.schema.createIndex('sessions_by_start').on('sessions').column('starts_at').execute();
  await db.schema.createIndex('sessions_by_status_decision').on('sessions').columns(['status', 'decision_at']).execute();
  // One open session of a service per start: the slots API names a session by its start.
  await db.schema
    .createIndex('sessions_one_open_per_start')
    .on('sessions')
    .columns(['service_id', 'starts_at'])
    .unique()
    .where(sql.ref('status'), '!=', 'cancelled')
    .execute();

  await db.schema
    .alterTable('bookings')
    .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(1).check(sql.raw('quantity >= 1')))
    .execute();
  await db.schema
    .alterTable('bookings')
    .addColumn('session_id', 'text', (c) => c.references('sessions.id').onDelete('restrict'))
    .execute();
  await db.schema.createIndex('bookings_by_session').on('bookings').column('session_id').execute();
}

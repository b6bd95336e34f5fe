import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * One generic jobs table. The outbox's own schedule (next_attempt_at, locked_until) moves to it:
 * each message still waiting gets its delivery job, due when its next attempt was; a failed
 * message keeps when it gave up in failed_at.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw("status in ('pending', 'done', 'cancelled', 'dead')")))
    .addColumn('run_at', instant, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('lease_token', 'text')
    .addColumn('locked_until', instant)
    .addColumn('last_error', 'text')
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('finished_at', instant)
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();

  await db.schema.alterTable('outbox_messages').addColumn('failed_at', instant).execute();
  await db.updateTable('outbox_messages').set({ failed_at: sql.ref('next_attempt_at') }).where('status', '=', 'failed').execute();
  const waiting = await db.selectFrom('outbox_messages').select(['id', 'next_attempt_at', 'attempts', 'created_at']).where('status', '=', 'pending').execute();
  for (const message of waiting) {
    await db
      .insertInto('jobs')
      .values({
        id: message.id,
        kind: 'outbox.deliver',
        key: `outbox.deliver:${message.id}`,
        payload: JSON.stringify({ messageId: message.id }),
        status: 'pending',
        run_at: message.next_attempt_at,
        attempts: message.attempts,
        max_attempts: 12,
        created_at: message.created_at,
      })
      .execute();
  }
  await db.schema.dropIndex('outbox_messages_due').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('next_attempt_at').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('locked_until').execute();
}

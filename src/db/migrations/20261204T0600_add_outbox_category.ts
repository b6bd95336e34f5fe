import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Every message says why it is sent (its category), and may be refused before sending by the
 * mail policy (a restricted person, an objection to prospecting): status 'skipped' with its reason.
 * Messages queued so far were all transactional.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('outbox_messages')
    .addColumn('category', 'text', (c) => c.notNull().defaultTo('transactional').check(sql.raw("category in ('transactional', 'legal', 'information', 'marketing', 'survey')")))
    .execute();
  await db.schema
    .alterTable('outbox_messages')
    .addColumn('skip_reason', 'text', (c) => c.check(sql.raw("skip_reason in ('restricted', 'suppressed')")))
    .execute();
  const statuses = "'pending', 'sent', 'saved', 'failed', 'skipped'";
  if (dialect === 'postgres') {
    await sql.raw('alter table outbox_messages drop constraint if exists outbox_messages_status_check').execute(db);
    await sql.raw(`alter table outbox_messages add constraint outbox_messages_status_check check (status in (${statuses}))`).execute(db);
    return;
  }
  // SQLite cannot change a CHECK constraint: the table is made again from its own definition with
  // the new list (same columns, same order), the rows copied, and its index made again.
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'outbox_messages'`.execute(db);
  const definition = rows[0]!.sql;
  const oldCheck = /status in \('pending', 'sent', 'saved', 'failed'\)/;
  if (!oldCheck.test(definition)) throw new Error('outbox_messages: the status constraint is not the one this migration expects');
  const renewed = definition.replace(oldCheck, `status in (${statuses})`).replace(/^CREATE TABLE\s+"?outbox_messages"?/i, 'CREATE TABLE "outbox_messages_renewed"');
  await sql.raw(renewed).execute(db);
  await sql.raw('insert into outbox_messages_renewed select * from outbox_messages').execute(db);
  await sql.raw('drop table outbox_messages').execute(db);
  await sql.raw('alter table outbox_messages_renewed rename to outbox_messages').execute(db);
  await db.schema.createIndex('outbox_messages_by_booking').on('outbox_messages').column('booking_id').execute();
}

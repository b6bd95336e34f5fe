import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import type { DialectName } from '../dialect.js';
import { migrations } from './index.js';

/** 20261204T0600_add_outbox_category on an outbox that already holds messages (SQLite makes the table again). */
describeEachDialect('migration: outbox categories and skipped messages', (dialect: DialectName) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await createTestDatabase(dialect, { migrate: false });
  });
  afterEach(() => test?.drop());

  const message = (id: string, status: string) => ({
    id,
    message_id: `<${id}@example.fr>`,
    kind: 'booking-confirmation',
    booking_id: null,
    recipient: 'claire@example.fr',
    reply_to: null,
    locale: 'fr',
    subject: 'Confirmation',
    text_body: 'Bonjour',
    html_body: '<p>Bonjour</p>',
    attachments: '[]',
    status,
    attempts: 1,
    last_error: null,
    created_at: '2026-11-01T00:00:00.000Z',
    sent_at: null,
    failed_at: null,
    erase_after_sending: 0,
  });

  it('keeps every message as transactional, accepts skipped with a reason, and still refuses unknown statuses and categories', async () => {
    const db = test.database.db;
    const at = migrations.findIndex(([name]) => name === '20261204T0600_add_outbox_category');
    for (const [, migration] of migrations.slice(0, at)) await migration.up(db, dialect);
    await db.insertInto('outbox_messages' as never).values([message('m1', 'sent'), message('m2', 'pending')] as never).execute();

    await migrations[at]![1].up(db, dialect);
    const rows = await db.selectFrom('outbox_messages').select(['id', 'status', 'category', 'skip_reason', 'subject']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'm1', status: 'sent', category: 'transactional', skip_reason: null, subject: 'Confirmation' },
      { id: 'm2', status: 'pending', category: 'transactional', skip_reason: null, subject: 'Confirmation' },
    ]);
    await db.updateTable('outbox_messages').set({ status: 'skipped', skip_reason: 'suppressed' }).where('id', '=', 'm2').execute();
    await expect(db.updateTable('outbox_messages').set({ status: 'lost' as never }).where('id', '=', 'm1').execute()).rejects.toThrow();
    await expect(db.updateTable('outbox_messages').set({ category: 'spam' as never }).where('id', '=', 'm1').execute()).rejects.toThrow();
    await expect(db.insertInto('outbox_messages' as never).values(message('m1', 'sent') as never).execute()).rejects.toThrow();
    // The index by booking is there (made again on SQLite).
    const indexes =
      dialect === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'outbox_messages'`.execute(db)
        : await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'outbox_messages' and schemaname = current_schema()`.execute(db);
    expect(indexes.rows.map((r) => r.name)).toContain('outbox_messages_by_booking');
    for (const [, migration] of migrations.slice(at + 1)) await migration.up(db, dialect);
  });
});

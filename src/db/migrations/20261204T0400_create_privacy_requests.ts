import { sql, type Kysely } from 'kysely';
import { binaryColumnType, instantColumnType, type DialectName } from '../dialect.js';

/**
 * Rights requests (GDPR arts. 15–22, French post-mortem directives): the requests, each step of
 * their history, and the identity document a person may be asked for (sealed, one per request).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('privacy_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('access', 'rectification', 'erasure', 'restriction', 'objection', 'portability', 'directive', 'question')`),
    )
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale in ('fr', 'en')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('unconfirmed', 'open', 'closed')`))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('confirm_token_hash', 'text', (c) => c.unique())
    .addColumn('confirm_expires_at', instant, (c) => c.notNull())
    .addColumn('received_at', instant)
    .addColumn('due_date', 'text')
    .addColumn('extended_due_date', 'text')
    .addColumn('identity_status', 'text', (c) => c.check(sql`identity_status in ('asked', 'received', 'checked')`))
    .addColumn('identity_token_hash', 'text', (c) => c.unique())
    .addColumn('closed_at', instant)
    .execute();
  // The back office lists open requests by due date; retention finds unconfirmed and long-closed ones; an heir's request finds directives by address.
  await db.schema.createIndex('privacy_requests_by_status_due').on('privacy_requests').columns(['status', 'due_date']).execute();
  await db.schema.createIndex('privacy_requests_by_email').on('privacy_requests').column('email').execute();

  await db.schema
    .createTable('privacy_request_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('privacy_requests.id').onDelete('cascade'))
    .addColumn('at', instant, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('privacy_request_events_by_request').on('privacy_request_events').columns(['request_id', 'at']).execute();

  await db.schema
    .createTable('privacy_request_documents')
    .addColumn('request_id', 'text', (c) => c.primaryKey().references('privacy_requests.id').onDelete('cascade'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('sealed', binaryColumnType(dialect), (c) => c.notNull())
    .addColumn('uploaded_at', instant, (c) => c.notNull())
    .execute();
}

import type { Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * The privacy engine's own records: the people erased (a keyed hash of their address, so that a
 * replayed webhook or a restored session cannot bring them back), and the access archives
 * (zips kept 3 days behind a link whose token is stored hashed).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('privacy_erased_subjects')
    .addColumn('email_hash', 'text', (c) => c.primaryKey())
    .addColumn('erased_at', instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('privacy_access_archives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('subject_hash', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('privacy_access_archives_by_subject').on('privacy_access_archives').column('subject_hash').execute();
  await db.schema.createIndex('privacy_access_archives_by_expiry').on('privacy_access_archives').column('expires_at').execute();
}

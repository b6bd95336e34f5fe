import type { Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * The privacy policy's announcements (issue 8 item 3): each version of the policy customers were
 * told about (by mail and a notice on the site for 30 days), the one before it (what the changes
 * are measured against), and how far the mailing went. The first version, at first start, is
 * recorded silently. The versions themselves stay in legal_documents.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('privacy_policy_announcements')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('previous_version', 'text')
    .addColumn('announced_at', instant, (c) => c.notNull())
    // 1: recorded without mail nor notice (the first version, when the site starts for the first time).
    .addColumn('silent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('customers_mailed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mailing_done_at', instant)
    .execute();
  await db.schema.createIndex('privacy_policy_announcements_by_date').on('privacy_policy_announcements').column('announced_at').execute();
}

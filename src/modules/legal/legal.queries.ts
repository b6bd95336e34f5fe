import { mentionsEmail } from '../../platform/personal-data.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { LegalDocument } from '../../platform/legal-document.js';

export async function insertVersionIfAbsent(
  db: Kysely<DB>,
  row: { kind: string; version: string; locale: Locale; document: LegalDocument; publishedAt: string },
): Promise<void> {
  await db
    .insertInto('legal_documents')
    .values({ kind: row.kind, version: row.version, locale: row.locale, body: JSON.stringify(row.document), published_at: row.publishedAt })
    .onConflict((oc) => oc.columns(['kind', 'version', 'locale']).doNothing())
    .execute();
}

export async function selectVersion(
  db: Kysely<DB>,
  kind: string,
  version: string,
  locale: Locale,
): Promise<{ document: LegalDocument; publishedAt: string } | undefined> {
  const row = await db
    .selectFrom('legal_documents')
    .select(['body', 'published_at'])
    .where('kind', '=', kind)
    .where('version', '=', version)
    .where('locale', '=', locale)
    .executeTakeFirst();
  return row && { document: JSON.parse(row.body) as LegalDocument, publishedAt: row.published_at };
}

/** The published versions that name one of these addresses (the business identity they repeat): the register's personal-data port. */
export async function selectVersionsNaming(db: Kysely<DB>, emails: readonly string[]) {
  return db.selectFrom('legal_documents').select(['kind', 'version', 'locale', 'body', 'published_at']).where(mentionsEmail('body', emails)).orderBy('published_at').orderBy('kind').orderBy('locale').execute();
}

/** The latest version of a kind published before, other than `version` (what was in force before it), if any. */
export async function selectLatestOtherVersion(db: Kysely<DB>, kind: string, version: string): Promise<string | undefined> {
  const row = await db.selectFrom('legal_documents').select('version').where('kind', '=', kind).where('version', '!=', version).orderBy('published_at', 'desc').orderBy('version').limit(1).executeTakeFirst();
  return row?.version;
}

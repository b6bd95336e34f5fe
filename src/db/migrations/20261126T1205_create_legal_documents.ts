import type { Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('legal_documents')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('published_at', instantColumnType(dialect), (c) => c.notNull())
    .addPrimaryKeyConstraint('legal_documents_pk', ['kind', 'version', 'locale'])
    .execute();
}

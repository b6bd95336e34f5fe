import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../db/dialect.js';

/**
 * The archive's own migrations: its store is not the main database, so the main timeline
 * (src/db/migrations) does not reach it. Forward only, applied in order when the archive opens,
 * each recorded in archive_migrations; on PostgreSQL an advisory lock serialises two processes
 * starting together.
 */
interface ArchiveMigration {
  name: string;
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

const migrations: ArchiveMigration[] = [
  {
    name: '20261204T0200_create_legal_archive',
    async up(db, dialect) {
      const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
      await db.schema
        .createTable('archive_entries')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text')
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('ground', 'text', (c) => c.notNull())
        .addColumn('keep_until', 'text', (c) => c.notNull())
        .addColumn('archived_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('archive_entries_pk', ['kind', 'record_id'])
        .execute();
      await db.schema.createIndex('archive_entries_customer').on('archive_entries').column('customer_id').execute();
      await db.schema.createIndex('archive_entries_keep_until').on('archive_entries').column('keep_until').execute();
      await db.schema
        .createTable('archive_files')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('content', sql.raw(bytes), (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('archive_files_pk', ['kind', 'record_id', 'name'])
        .execute();
      await db.schema
        .createTable('archive_reads')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('read_at', 'text', (c) => c.notNull())
        .addColumn('reader_id', 'text', (c) => c.notNull())
        .addColumn('reader_name', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('kind', 'text')
        .addColumn('record_id', 'text')
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('archive_reads_read_at').on('archive_reads').column('read_at').execute();
    },
  },
];

/** Brings the archive's store up to date; returns the names of the migrations it applied. */
export async function migrateArchive(db: Kysely<any>, dialect: DialectName, schema: string | undefined): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext(${`legal-archive:${schema}`}))`.execute(trx);
      await sql`create schema if not exists ${sql.id(schema!)}`.execute(trx);
    }
    await trx.schema
      .createTable('archive_migrations')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
    const done = new Set((await trx.selectFrom('archive_migrations').select('name').execute()).map((r: { name: string }) => r.name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await migration.up(trx, dialect);
      await trx.insertInto('archive_migrations').values({ name: migration.name, applied_at: new Date().toISOString() }).execute();
      applied.push(migration.name);
    }
    return applied;
  });
}

import type { Kysely } from 'kysely';
import type { ArchiveEntry } from '../../platform/privacy-register.js';
import { newId } from '../../platform/ids.js';
import { createHash } from 'node:crypto';
import type { ArchiveDB, ArchiveEntriesTable, ArchiveReadsTable } from './legal-archive.tables.js';

export type ArchiveDb = Kysely<ArchiveDB>;

/** Adds the entry and its files once: a second put of the same (kind, recordId) changes nothing. */
export async function insertEntry(db: ArchiveDb, entry: ArchiveEntry, archivedAt: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('archive_entries')
      .values({
        kind: entry.kind,
        record_id: entry.recordId,
        customer_id: entry.customerId,
        record: JSON.stringify(entry.record),
        ground: JSON.stringify(entry.ground),
        keep_until: entry.keepUntil,
        archived_at: archivedAt,
      })
      .onConflict((oc) => oc.columns(['kind', 'record_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
    for (const file of entry.files ?? []) {
      await trx
        .insertInto('archive_files')
        .values({ kind: entry.kind, record_id: entry.recordId, name: file.name, content: file.content, sha256: fileSha256(file.content) })
        .execute();
    }
    return true;
  });
}

export const fileSha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

export interface EntryFilter {
  kind?: string | undefined;
  customerId?: string | undefined;
  /** Archived on or after / before the end of, YYYY-MM-DD (UTC days). */
  from?: string | undefined;
  to?: string | undefined;
}

export type EntrySummary = Omit<ArchiveEntriesTable, 'record'> & { files: { name: string; sha256: string; size: number }[] };

export async function selectEntries(db: ArchiveDb, filter: EntryFilter, limit: number): Promise<EntrySummary[]> {
  let query = db.selectFrom('archive_entries').select(['kind', 'record_id', 'customer_id', 'ground', 'keep_until', 'archived_at']);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.from) query = query.where('archived_at', '>=', `${filter.from}T00:00:00.000Z`);
  if (filter.to) query = query.where('archived_at', '<=', `${filter.to}T23:59:59.999Z`);
  const rows = await query.orderBy('archived_at', 'desc').orderBy('kind').orderBy('record_id').limit(limit).execute();
  return withFileSummaries(db, rows);
}

async function withFileSummaries(db: ArchiveDb, rows: Omit<ArchiveEntriesTable, 'record'>[]): Promise<EntrySummary[]> {
  if (rows.length === 0) return [];
  const files = await db
    .selectFrom('archive_files')
    .select(['kind', 'record_id', 'name', 'sha256', 'content'])
    .where('record_id', 'in', [...new Set(rows.map((r) => r.record_id))])
    .orderBy('name')
    .execute();
  return rows.map((row) => ({
    ...row,
    files: files.filter((f) => f.kind === row.kind && f.record_id === row.record_id).map((f) => ({ name: f.name, sha256: f.sha256, size: Buffer.from(f.content).length })),
  }));
}

export async function selectKinds(db: ArchiveDb): Promise<string[]> {
  return (await db.selectFrom('archive_entries').select('kind').distinct().orderBy('kind').execute()).map((r) => r.kind);
}

export async function selectEntry(db: ArchiveDb, kind: string, recordId: string): Promise<(EntrySummary & { record: string }) | undefined> {
  const row = await db.selectFrom('archive_entries').selectAll().where('kind', '=', kind).where('record_id', '=', recordId).executeTakeFirst();
  if (!row) return undefined;
  const [summary] = await withFileSummaries(db, [row]);
  return { ...summary!, record: row.record };
}

export async function selectFiles(db: ArchiveDb, kind: string, recordId: string): Promise<{ name: string; content: Buffer }[]> {
  const rows = await db.selectFrom('archive_files').select(['name', 'content']).where('kind', '=', kind).where('record_id', '=', recordId).orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, content: Buffer.from(r.content) }));
}

export async function selectFile(db: ArchiveDb, kind: string, recordId: string, name: string): Promise<{ content: Buffer; sha256: string } | undefined> {
  const row = await db.selectFrom('archive_files').select(['content', 'sha256']).where('kind', '=', kind).where('record_id', '=', recordId).where('name', '=', name).executeTakeFirst();
  return row ? { content: Buffer.from(row.content), sha256: row.sha256 } : undefined;
}

export async function selectEntriesOfCustomer(db: ArchiveDb, customerId: string): Promise<ArchiveEntriesTable[]> {
  return db.selectFrom('archive_entries').selectAll().where('customer_id', '=', customerId).orderBy('kind').orderBy('record_id').execute();
}

export async function insertRead(db: ArchiveDb, read: Omit<ArchiveReadsTable, 'id'>): Promise<void> {
  await db.insertInto('archive_reads').values({ id: newId(), ...read }).execute();
}

export async function selectReads(db: ArchiveDb, limit: number): Promise<ArchiveReadsTable[]> {
  return db.selectFrom('archive_reads').selectAll().orderBy('read_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The entries kept until `lastDay` (YYYY-MM-DD) or before: counted, or deleted with their files. */
export async function deleteExpired(db: ArchiveDb, lastDay: string, dryRun: boolean): Promise<number> {
  const expired = await db.selectFrom('archive_entries').select(['kind', 'record_id']).where('keep_until', '<=', lastDay).execute();
  if (dryRun || expired.length === 0) return expired.length;
  await db.transaction().execute(async (trx) => {
    for (const { kind, record_id } of expired) {
      await trx.deleteFrom('archive_files').where('kind', '=', kind).where('record_id', '=', record_id).execute();
      await trx.deleteFrom('archive_entries').where('kind', '=', kind).where('record_id', '=', record_id).execute();
    }
  });
  return expired.length;
}


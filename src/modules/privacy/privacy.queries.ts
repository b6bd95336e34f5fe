import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/** Records (or refreshes the date of) an erased person's address fingerprints. */
export async function recordErased(db: Db, hashes: string[], atIso: string): Promise<void> {
  if (hashes.length === 0) return;
  await db
    .insertInto('privacy_erased_subjects')
    .values(hashes.map((email_hash) => ({ email_hash, erased_at: atIso })))
    .onConflict((oc) => oc.column('email_hash').doUpdateSet({ erased_at: atIso }))
    .execute();
}

export async function selectErased(db: Db, hashes: string[]): Promise<{ emailHash: string; erasedAt: string }[]> {
  if (hashes.length === 0) return [];
  const rows = await db.selectFrom('privacy_erased_subjects').select(['email_hash', 'erased_at']).where('email_hash', 'in', hashes).execute();
  return rows.map((r) => ({ emailHash: r.email_hash, erasedAt: r.erased_at }));
}

export async function deleteErasedBefore(db: Db, cutoffIso: string, dryRun: boolean): Promise<number> {
  if (dryRun) {
    const row = await db.selectFrom('privacy_erased_subjects').select((eb) => eb.fn.countAll<number>().as('n')).where('erased_at', '<', cutoffIso).executeTakeFirstOrThrow();
    return Number(row.n);
  }
  const result = await db.deleteFrom('privacy_erased_subjects').where('erased_at', '<', cutoffIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface AccessArchiveRow {
  id: string;
  file: string;
  createdAt: string;
  expiresAt: string;
}

const archiveColumns = ['id', 'file', 'created_at', 'expires_at'] as const;
function toArchive(r: { id: string; file: string; created_at: string; expires_at: string }): AccessArchiveRow {
  return { id: r.id, file: r.file, createdAt: r.created_at, expiresAt: r.expires_at };
}

export async function insertAccessArchive(db: Db, row: { id: string; tokenHash: string; subjectHash: string; file: string; createdAt: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('privacy_access_archives')
    .values({ id: row.id, token_hash: row.tokenHash, subject_hash: row.subjectHash, file: row.file, created_at: row.createdAt, expires_at: row.expiresAt })
    .execute();
}

export async function selectArchiveByToken(db: Db, tokenHash: string): Promise<AccessArchiveRow | undefined> {
  const row = await db.selectFrom('privacy_access_archives').select(archiveColumns).where('token_hash', '=', tokenHash).executeTakeFirst();
  return row && toArchive(row);
}

export async function selectArchivesOf(db: Db, subjectHashes: string[]): Promise<AccessArchiveRow[]> {
  if (subjectHashes.length === 0) return [];
  const rows = await db.selectFrom('privacy_access_archives').select(archiveColumns).where('subject_hash', 'in', subjectHashes).orderBy('created_at').execute();
  return rows.map(toArchive);
}

export async function selectArchivesCreatedBefore(db: Db, cutoffIso: string): Promise<AccessArchiveRow[]> {
  const rows = await db.selectFrom('privacy_access_archives').select(archiveColumns).where('created_at', '<', cutoffIso).execute();
  return rows.map(toArchive);
}

export async function deleteArchives(db: Db, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('privacy_access_archives').where('id', 'in', ids).execute();
}

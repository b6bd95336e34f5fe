import { sql, type Kysely } from 'kysely';
import type { Database, SideStore } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { Localized } from '../../platform/i18n/locale.js';
import type { ArchivedCopyLookup } from '../../platform/legal-archive.js';
import type { ArchiveEntry, LegalArchiveWriter } from '../../platform/privacy-register.js';
import { migrateArchive } from './legal-archive.migrations.js';
import * as queries from './legal-archive.queries.js';
import type { ArchivedEntryView } from './legal-archive.model.js';
import type { ArchiveDB } from './legal-archive.tables.js';

/** Who reads: a back-office account (the owner), or a command run on the server. */
export interface ArchiveReader {
  id: string;
  name: string;
}

/** `npx wservices ledger verify`, as the read log names it. */
export const LEDGER_VERIFY_READER: ArchiveReader = { id: 'cli', name: 'ledger verify' };

export type { ArchivedEntryView, ArchiveRead } from './legal-archive.model.js';
import type { ArchiveRead } from './legal-archive.model.js';

/**
 * The owner's reads of the archive: each one is written to the archive's read log before the
 * data is returned (who, when, what). Only the back-office archive pages (owner only), the
 * ledger verification and the archive's own personal-data port hold one.
 */
export interface LegalArchiveReads {
  list(filter: queries.EntryFilter, reader: ArchiveReader): Promise<ArchivedEntryView[]>;
  kinds(): Promise<string[]>;
  open(kind: string, recordId: string, reader: ArchiveReader): Promise<(ArchivedEntryView & { record: unknown }) | undefined>;
  file(kind: string, recordId: string, name: string, reader: ArchiveReader): Promise<Buffer | undefined>;
  /** The read log, newest first. Reading it is not itself logged: it holds no archived data. */
  log(limit?: number): Promise<ArchiveRead[]>;
  /** The archived copies as ledger verify reads them, each read logged under `reader`. */
  copies(reader: ArchiveReader): ArchivedCopyLookup;
}

export interface LegalArchive {
  /** The only part other modules receive (PortContext.archive). */
  writer: LegalArchiveWriter;
  reads: LegalArchiveReads;
  /** Where it lives, as the owner's page and the CONTEXT say it: the file or the schema. */
  location: string;
  /** The entries of one customer, for the archive's own port (access: logged; erasure: kept). */
  ofCustomer(customerId: string, reader: ArchiveReader, purpose: 'export' | 'erase'): Promise<(ArchivedEntryView & { record: unknown; fileContents: { name: string; content: Buffer }[] })[]>;
  countOfCustomer(customerId: string): Promise<number>;
  /** Deletes (or counts) the entries whose keepUntil is `lastDay` or before. */
  deleteExpired(lastDay: string, dryRun: boolean): Promise<number>;
  close(): Promise<void>;
}

/**
 * The archive's PostgreSQL schema, named from the main one: `<schema>_archive`, or `legal_archive`
 * beside `public`. Test files each run in their own schema; their archives stay apart the same way.
 */
export function archiveSchemaFor(mainSchema: string): string {
  return mainSchema === 'public' ? 'legal_archive' : `${mainSchema}_archive`;
}

/** Opens (and brings up to date) the legal archive beside the main database. */
export async function openLegalArchive(database: Database, clock: Clock): Promise<LegalArchive> {
  const side: SideStore = database.openSideStore('archive');
  let schema: string | undefined;
  try {
    if (database.dialect === 'postgres') {
      const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
      schema = archiveSchemaFor(result.rows[0]!.schema);
    }
    const db = (schema ? side.db.withSchema(schema) : side.db) as Kysely<ArchiveDB>;
    await migrateArchive(db, database.dialect, schema);
    return createLegalArchive(db, side, clock, schema ? `PostgreSQL schema ${schema}` : 'archive.sqlite');
  } catch (error) {
    await side.close();
    throw error;
  }
}

function createLegalArchive(db: Kysely<ArchiveDB>, side: SideStore, clock: Clock, location: string): LegalArchive {
  const now = () => clock.now().toISOString();
  const logRead = (reader: ArchiveReader, action: string, what: { kind?: string; recordId?: string; detail?: string } = {}) =>
    queries.insertRead(db, {
      read_at: now(),
      reader_id: reader.id,
      reader_name: reader.name,
      action,
      kind: what.kind ?? null,
      record_id: what.recordId ?? null,
      detail: what.detail ?? null,
    });

  const writer: LegalArchiveWriter = {
    async put(entry: ArchiveEntry) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.keepUntil)) throw new Error(`keepUntil must be a YYYY-MM-DD day: ${entry.keepUntil}`);
      await queries.insertEntry(db, entry, now());
    },
  };

  const reads: LegalArchiveReads = {
    async list(filter, reader) {
      await logRead(reader, 'list', { detail: describeFilter(filter) });
      return (await queries.selectEntries(db, filter, 200)).map(view);
    },
    kinds: () => queries.selectKinds(db),
    async open(kind, recordId, reader) {
      const entry = await queries.selectEntry(db, kind, recordId);
      if (!entry) return undefined;
      await logRead(reader, 'open', { kind, recordId });
      return { ...view(entry), record: JSON.parse(entry.record) as unknown };
    },
    async file(kind, recordId, name, reader) {
      const file = await queries.selectFile(db, kind, recordId, name);
      if (!file) return undefined;
      await logRead(reader, 'file', { kind, recordId, detail: name });
      return file.content;
    },
    log: (limit = 100) => queries.selectReads(db, limit),
    copies: (reader) => async (kind, recordId) => {
      const entry = await queries.selectEntry(db, kind, recordId);
      if (!entry) return undefined;
      await logRead(reader, 'verify', { kind, recordId });
      return { record: JSON.parse(entry.record) as unknown, files: await queries.selectFiles(db, kind, recordId) };
    },
  };

  const archive: LegalArchive = {
    writer,
    reads,
    location,
    /** For an erasure's report only the entries' grounds and terms are needed: their files are not read. */
    async ofCustomer(customerId, reader, purpose) {
      const rows = await queries.selectEntriesOfCustomer(db, customerId);
      const result = [];
      for (const row of rows) {
        await logRead(reader, purpose, { kind: row.kind, recordId: row.record_id });
        const fileContents = purpose === 'export' ? await queries.selectFiles(db, row.kind, row.record_id) : [];
        result.push({
          ...view({ ...row, files: fileContents.map((f) => ({ name: f.name, sha256: queries.fileSha256(f.content), size: f.content.length })) }),
          record: JSON.parse(row.record) as unknown,
          fileContents,
        });
      }
      return result;
    },
    async countOfCustomer(customerId) {
      const row = await db.selectFrom('archive_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    deleteExpired: (day, dryRun) => queries.deleteExpired(db, day, dryRun),
    close: () => side.close(),
  };
  archives.set(writer, archive);
  return archive;
}

/**
 * The archive behind a writer, for this module's own register (its port and retention rule are
 * given the writer in their PortContext). Not exported from index.ts: other modules only write.
 */
const archives = new WeakMap<LegalArchiveWriter, LegalArchive>();
export function archiveBehind(writer: LegalArchiveWriter): LegalArchive {
  const archive = archives.get(writer);
  if (!archive) throw new Error('This writer is not the legal archive’s: the privacy engine must pass the archive opened by app.ts');
  return archive;
}

function view(entry: queries.EntrySummary): ArchivedEntryView {
  return {
    kind: entry.kind,
    recordId: entry.record_id,
    customerId: entry.customer_id,
    ground: JSON.parse(entry.ground) as Localized,
    keepUntil: entry.keep_until,
    archivedAt: entry.archived_at,
    files: entry.files,
  };
}

function describeFilter(filter: queries.EntryFilter): string {
  const parts = [
    filter.kind ? `kind=${filter.kind}` : '',
    filter.customerId ? `customer=${filter.customerId}` : '',
    filter.from ? `from=${filter.from}` : '',
    filter.to ? `to=${filter.to}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'all';
}

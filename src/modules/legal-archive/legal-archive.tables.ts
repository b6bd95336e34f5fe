/**
 * Table types of the legal archive. These tables are not in the main database: they live in the
 * archive's own store (archive.sqlite in DATA_DIR, or the archive's own PostgreSQL schema).
 */

/** A record the law requires to keep, as it was when it left its module: (kind, record_id) is unique. */
export interface ArchiveEntriesTable {
  kind: string;
  record_id: string;
  /** The person it concerns (customers.id), when there is one: the owner reads by customer. */
  customer_id: string | null;
  /** The record, JSON, unchanged. */
  record: string;
  /** JSON Localized: the legal ground that keeps it. */
  ground: string;
  /** YYYY-MM-DD: the retention rule deletes the entry the day after. */
  keep_until: string;
  /** ISO-8601 UTC. */
  archived_at: string;
}

/** A file that belongs to an entry (an invoice's PDF as issued). */
export interface ArchiveFilesTable {
  kind: string;
  record_id: string;
  name: string;
  content: Buffer;
  /** SHA-256 (hex) of the content, shown to the owner and checked when read. */
  sha256: string;
}

/** Who read what, and when: every read of the archive, the owner's and the CLI's. */
export interface ArchiveReadsTable {
  id: string;
  read_at: string;
  /** The back-office account's id, or « cli » for a command. */
  reader_id: string;
  /** What the log shows: the account's name, or the command (« ledger verify »). */
  reader_name: string;
  /** list, open, file, verify, export (the person's access request), erase (their erasure's report). */
  action: string;
  kind: string | null;
  record_id: string | null;
  /** The file's name, or the list's filter. */
  detail: string | null;
}

export interface ArchiveMigrationsTable {
  name: string;
  applied_at: string;
}

export interface ArchiveDB {
  archive_entries: ArchiveEntriesTable;
  archive_files: ArchiveFilesTable;
  archive_reads: ArchiveReadsTable;
  archive_migrations: ArchiveMigrationsTable;
}

/**
 * The one read of the legal archive other modules may be handed: the archived copy of a record
 * of theirs, for `ledger verify` to check a record that was anonymised after archiving. The
 * archive logs each call as a read by the reader it was opened for. Implemented by
 * modules/legal-archive; the chains' verifiers take it as an argument (never import the archive).
 */
export interface ArchivedRecord {
  record: unknown;
  files: { name: string; content: Buffer }[];
}

export type ArchivedCopyLookup = (kind: string, recordId: string) => Promise<ArchivedRecord | undefined>;

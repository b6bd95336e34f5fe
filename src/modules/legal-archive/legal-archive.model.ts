import type { Localized } from '../../platform/i18n/locale.js';

/** An archived record as the owner's pages show it (without its content, until opened). */
export interface ArchivedEntryView {
  kind: string;
  recordId: string;
  customerId: string | null;
  ground: Localized;
  keepUntil: string;
  archivedAt: string;
  files: { name: string; sha256: string; size: number }[];
}

/** One line of the read log: who read what, when. */
export interface ArchiveRead {
  id: string;
  read_at: string;
  reader_id: string;
  reader_name: string;
  action: string;
  kind: string | null;
  record_id: string | null;
  detail: string | null;
}

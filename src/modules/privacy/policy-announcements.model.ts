import type { Locale } from '../../platform/i18n/locale.js';
import type { PublishedDocument } from '../legal/index.js';
import type { SectionChanges } from './policy-diff.js';

/** A version of the policy customers were told of (or, silent, the first one in force). */
export interface PolicyAnnouncement {
  version: string;
  previousVersion: string | null;
  announcedAt: string;
  silent: boolean;
  customersMailed: number;
  mailingDoneAt: string | null;
}

/** The version in force, when customers were not yet told of it, and what changed since the one they were told of. */
export interface PendingAnnouncement {
  current: PublishedDocument;
  /** The version customers were last told of (or that was in force at first start). */
  previous: PolicyAnnouncement;
  /** What changed, per language. */
  changes: Record<Locale, SectionChanges[]>;
}

/** The notice every public page shows for 30 days after an announcement. */
export interface PolicyNotice {
  version: string;
  announcedAt: string;
}


/** Each version of the privacy policy customers were told about: no personal data. */
export interface PrivacyPolicyAnnouncementsTable {
  /** The policy's version (legal_documents.version, kind privacy-policy). */
  version: string;
  /** The version announced before it: what the changes are measured against (null for the first). */
  previous_version: string | null;
  announced_at: string;
  /** 1: recorded without mail nor notice (the first version, at first start). */
  silent: number;
  /** Customers the mailing has queued a message for so far. */
  customers_mailed: number;
  /** When the last batch was queued. */
  mailing_done_at: string | null;
}

export interface PolicyAnnouncementTables {
  privacy_policy_announcements: PrivacyPolicyAnnouncementsTable;
}

/** Table types of the privacy module: the people erased, and the access archives waiting to be downloaded. */

export interface PrivacyErasedSubjectsTable {
  /** HMAC-SHA-256 of the normalised e-mail address under a key derived from SECRET_KEY: the address itself is gone. */
  email_hash: string;
  /** When the person was erased (the latest time, if they were erased twice). */
  erased_at: string;
}

export interface PrivacyAccessArchivesTable {
  id: string;
  /** SHA-256 of the download link's token: a copy of the database opens no archive. */
  token_hash: string;
  /** HMAC of the person's first address (as the erased register keeps it): their erasure removes the archive too. */
  subject_hash: string;
  /** The zip's name under DATA_DIR/privacy/access/. */
  file: string;
  created_at: string;
  /** Three days after created_at: then the link answers 410 and the retention rule deletes the file and the row. */
  expires_at: string;
}

export interface PrivacyTables {
  privacy_erased_subjects: PrivacyErasedSubjectsTable;
  privacy_access_archives: PrivacyAccessArchivesTable;
}

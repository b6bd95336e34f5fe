/** Table types of the restrictions module. Addresses are never stored here, only their keyed hash (restrictions.hash.ts). */

/** A restriction of processing (GDPR art. 18): in force until lifted; lifted ones stay as the history. */
export interface ProcessingRestrictionsTable {
  id: string;
  /** HMAC-SHA256 of the normalised address, under a key derived from SECRET_KEY. */
  email_hash: string;
  /** The customer record, when the person has one: the restriction follows it if the address is rectified. */
  customer_id: string | null;
  reason: string;
  restricted_at: string;
  /** Who recorded it: a back-office account's e-mail, or the rights request that asked for it. */
  restricted_by: string;
  lifted_at: string | null;
  lifted_by: string | null;
}

/** The suppression list: addresses whose owner objected to prospecting (art. 21), as keyed hashes only. */
export interface ProspectingObjectionsTable {
  email_hash: string;
  objected_at: string;
  recorded_by: string;
}

export type NoticeEvent = 'rectification' | 'erasure' | 'restriction';

/** Art. 19: a recipient told (or found to need nothing) of a rectification, an erasure or a restriction. */
export interface RecipientNoticesTable {
  id: string;
  /** Set to null when the customer record goes: the notice stays, found by subject_hash. */
  customer_id: string | null;
  /** Keyed hash of the person's address: the log outlives their erasure without naming them. */
  subject_hash: string;
  event: NoticeEvent;
  /** The recipient as the register names it (« Stripe », « notre prestataire d’envoi d’e-mails »). */
  recipient: string;
  /** What was notified, or why nothing had to be. */
  content: string;
  /** How: the owner's manual action (« formulaire de Stripe, le 3 décembre »), or « rien à transmettre ». */
  method: string;
  notified_at: string;
  recorded_by: string;
}

export interface RestrictionsTables {
  processing_restrictions: ProcessingRestrictionsTable;
  prospecting_objections: ProspectingObjectionsTable;
  recipient_notices: RecipientNoticesTable;
}

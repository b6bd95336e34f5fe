/** Table types of the rights module: requests, the steps of their history, the identity document of one. */

export type PrivacyRequestType = 'access' | 'rectification' | 'erasure' | 'restriction' | 'objection' | 'portability' | 'directive' | 'question';
export type PrivacyRequestStatus = 'unconfirmed' | 'open' | 'closed';
export type IdentityStatus = 'asked' | 'received' | 'checked';
/** Answer steps that run the privacy engine and mail the person: each is taken once per click, not twice. */
/** The answer step under way; 'erased' once an erasure has been carried out in full (never taken again). */
export type AnswerStep = 'erase' | 'access' | 'erased';

export interface PrivacyRequestsTable {
  id: string;
  type: PrivacyRequestType;
  /** The address the request was made from and the confirmation went to, normalised (trimmed, lower case). */
  email: string;
  /** What the person wrote: the question, what to correct, or the text of their directives. */
  details: string | null;
  locale: 'fr' | 'en';
  status: PrivacyRequestStatus;
  created_at: string;
  /** SHA-256 of the confirmation link's token; null once confirmed. */
  confirm_token_hash: string | null;
  /** 24 hours after created_at; an unconfirmed request is deleted after it. */
  confirm_expires_at: string;
  /** When the person confirmed: the request is received then, and its month starts. */
  received_at: string | null;
  /** YYYY-MM-DD in the business's time zone: one calendar month after the day of receipt. */
  due_date: string | null;
  /** Three calendar months after the day of receipt, once the owner extended it. */
  extended_due_date: string | null;
  identity_status: IdentityStatus | null;
  /** SHA-256 of the private upload link's token while a document is awaited. */
  identity_token_hash: string | null;
  closed_at: string | null;
  /** An heir's request: the address of the deceased person it concerns, normalised; their directives are shown with it. */
  deceased_email: string | null;
  /** The answer step under way or just done (`erase`, `access`): a second identical click within minutes does nothing. */
  answer_step: AnswerStep | null;
  answer_step_at: string | null;
}

export interface PrivacyRequestEventsTable {
  id: string;
  request_id: string;
  at: string;
  kind: string;
  /** The back-office member's e-mail, « person » or « system ». */
  actor: string;
  detail: string | null;
}

export interface PrivacyRequestDocumentsTable {
  request_id: string;
  content_type: string;
  /** AES-256-GCM under a key derived from SECRET_KEY, the request's id authenticated with it. */
  sealed: Buffer;
  uploaded_at: string;
}

export interface RightsTables {
  privacy_requests: PrivacyRequestsTable;
  privacy_request_events: PrivacyRequestEventsTable;
  privacy_request_documents: PrivacyRequestDocumentsTable;
}

import type { Locale } from '../../platform/i18n/locale.js';
import type { OutboxStatus } from './outbox.tables.js';

export type { OutboxStatus };

export interface Attachment {
  filename: string;
  contentType: string;
  /** UTF-8 text (calendar files), or base64 when `encoding` says so (the logo). */
  content: string;
  encoding?: 'base64';
  /** Shown inside the HTML part (<img src="cid:…">) rather than listed as a file. */
  cid?: string;
}

/** A message to queue: rendered completely now, sent later, the same on every attempt. */
export interface NewMessage {
  kind: string;
  recipient: string;
  /** Where a reply goes instead of the From address (the customer, on the owner's notices); dropped unless one plain address. */
  replyTo?: string;
  locale: Locale;
  subject: string;
  text: string;
  html: string;
  attachments?: Attachment[];
  bookingId?: string;
  /** The body holds a one-time link (sign-in, password reset, invitation): erased once sent by SMTP. */
  eraseAfterSending?: boolean;
}

export interface OutboxMessage {
  id: string;
  messageId: string;
  kind: string;
  bookingId: string | null;
  recipient: string;
  replyTo: string | null;
  locale: Locale;
  subject: string;
  text: string;
  html: string;
  attachments: Attachment[];
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  failedAt: string | null;
  /** The body holds a one-time link: erased once sent by SMTP. */
  eraseAfterSending: boolean;
}

/** Table types of the outbox module. */

export type OutboxStatus = 'pending' | 'sent' | 'saved' | 'failed';

export interface OutboxMessagesTable {
  id: string;
  /** The Message-ID header, fixed when the message is queued so that a retry is the same message. */
  message_id: string;
  kind: string;
  booking_id: string | null;
  recipient: string;
  /** The Reply-To address (the customer, on the owner's notices), or null. */
  reply_to: string | null;
  locale: 'fr' | 'en';
  subject: string;
  text_body: string;
  html_body: string;
  /** JSON array of { filename, contentType, content } with UTF-8 text content. */
  attachments: string;
  status: OutboxStatus;
  /** Delivery attempts so far; when the next one happens is its delivery job's business (jobs module). */
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** When delivery was given up (status failed). */
  failed_at: string | null;
  /** 1: the body holds a one-time link; erased once the message is sent (the link must not outlive its use in our database). */
  erase_after_sending: number;
}

export interface OutboxTables {
  outbox_messages: OutboxMessagesTable;
}

/** Table types of the outbox module. */

/** skipped: refused before sending by the mail policy (a restricted person, an objection to prospecting); never retried. */
export type OutboxStatus = 'pending' | 'sent' | 'saved' | 'failed' | 'skipped';

/**
 * Why a message is sent, which decides who may still receive it: 'transactional' (a booking or a
 * request of the person requires it), 'legal' (the law requires it: invoices, answers to rights
 * requests), 'information' (a change of the privacy policy: sent even to those who objected to
 * prospecting), 'marketing' and 'survey' (never to a restricted person nor one who objected).
 */
export type MailCategory = 'transactional' | 'legal' | 'information' | 'marketing' | 'survey';

/** Why a message was not sent: the person's processing is restricted (GDPR art. 18), or they objected to prospecting (art. 21). */
export type MailRefusal = 'restricted' | 'suppressed';

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
  category: MailCategory;
  /** For a skipped message: why the mail policy refused it. */
  skip_reason: MailRefusal | null;
}

export interface OutboxTables {
  outbox_messages: OutboxMessagesTable;
}

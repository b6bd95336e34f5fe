import type { ExpressionBuilder, Kysely, QueryCreator, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { affected, emailIn, mentionsEmail } from '../../platform/personal-data.js';
import type { Attachment, MailRefusal, OutboxMessage, OutboxStatus } from './outbox.model.js';
import type { OutboxMessagesTable } from './outbox.tables.js';

type Db = Kysely<DB>;

function toMessage(row: Selectable<OutboxMessagesTable>): OutboxMessage {
  return {
    id: row.id,
    messageId: row.message_id,
    kind: row.kind,
    category: row.category,
    skipReason: row.skip_reason,
    bookingId: row.booking_id,
    recipient: row.recipient,
    replyTo: row.reply_to,
    locale: row.locale,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    attachments: JSON.parse(row.attachments) as Attachment[],
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    failedAt: row.failed_at,
    eraseAfterSending: row.erase_after_sending === 1,
  };
}

/** The insert of queued messages, for the jobs module to run with their delivery jobs. */
export function insertMessagesQuery(qc: QueryCreator<DB>, rows: OutboxMessagesTable[]) {
  return qc.insertInto('outbox_messages').values(rows);
}

/** Records a delivery; with `erasedBody`, the body (and attachments) are replaced by that note in the same statement. */
export async function markDelivered(db: Db, id: string, status: Extract<OutboxStatus, 'sent' | 'saved'>, nowIso: string, erasedBody?: string): Promise<void> {
  const erased = erasedBody === undefined ? {} : { text_body: erasedBody, html_body: `<p>${erasedBody}</p>`, attachments: '[]' };
  await db
    .updateTable('outbox_messages')
    .set((eb) => ({ status, sent_at: nowIso, last_error: null, attempts: eb('attempts', '+', 1), ...erased }))
    .where('id', '=', id)
    .execute();
}

/** Counts a failed attempt and keeps its error (the full one: this table is declared personal). */
export async function recordFailedAttempt(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set((eb) => ({ last_error: error, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** The mail policy refused the message: it leaves the queue with its reason, and is never tried again. */
export async function markSkipped(db: Db, id: string, reason: MailRefusal): Promise<void> {
  await db.updateTable('outbox_messages').set({ status: 'skipped', skip_reason: reason }).where('id', '=', id).where('status', '=', 'pending').execute();
}

export async function markFailed(db: Db, id: string, nowIso: string): Promise<void> {
  await db.updateTable('outbox_messages').set({ status: 'failed', failed_at: nowIso }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Puts a failed message back in the queue when the owner asks for it (its delivery job is run again). */
export async function requeueMessage(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ status: 'pending', failed_at: null, attempts: 0 })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function selectMessages(db: Db, options: { status?: OutboxStatus; limit: number; offset: number }): Promise<OutboxMessage[]> {
  let query = db.selectFrom('outbox_messages').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(options.limit).offset(options.offset);
  if (options.status) query = query.where('status', '=', options.status);
  return (await query.execute()).map(toMessage);
}

export async function countByStatus(db: Db): Promise<Record<OutboxStatus, number>> {
  const rows = await db.selectFrom('outbox_messages').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, saved: 0, failed: 0, skipped: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export async function selectMessage(db: Db, id: string): Promise<OutboxMessage | undefined> {
  const row = await db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toMessage(row);
}

export async function selectMessagesForBooking(db: Db, bookingId: string): Promise<OutboxMessage[]> {
  const rows = await db.selectFrom('outbox_messages').selectAll().where('booking_id', '=', bookingId).orderBy('created_at').execute();
  return rows.map(toMessage);
}

// ---------------------------------------------------------------------------------------------
// One person's messages (the register's personal-data port): sent to them, replying to them (the
// owner's notice of their booking), or naming their address in the text.
// ---------------------------------------------------------------------------------------------

function personalMessages(db: Db, emails: readonly string[]) {
  return db
    .selectFrom('outbox_messages')
    .where((eb) => eb.or([emailIn('recipient', emails), emailIn('reply_to', emails), mentionsEmail('text_body', emails)]));
}

export async function selectPersonalMessages(db: Db, emails: readonly string[]) {
  return personalMessages(db, emails)
    .select(['id', 'message_id', 'kind', 'booking_id', 'recipient', 'reply_to', 'locale', 'subject', 'text_body', 'html_body', 'attachments', 'status', 'attempts', 'last_error', 'created_at', 'sent_at', 'failed_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Deletes the person's messages, those still waiting included (their delivery then finds nothing to send). */
export async function deleteMessages(db: Db, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return affected(await db.deleteFrom('outbox_messages').where('id', 'in', [...ids]).executeTakeFirst());
}

/**
 * Retention: messages sent or given up before the cutoff; counted, or deleted. From the sending
 * (or the giving up, for a failed one), not the queuing: a message sent again weeks later keeps
 * its period. A message still waiting is never deleted.
 */
export async function messagesDoneBefore(db: Db, cutoffIso: string, dryRun: boolean): Promise<number> {
  const done = (eb: ExpressionBuilder<DB, 'outbox_messages'>) => eb.and([eb('status', '!=', 'pending'), eb(eb.fn.coalesce('sent_at', 'failed_at', 'created_at'), '<', cutoffIso)]);
  if (dryRun) return Number((await db.selectFrom('outbox_messages').select((eb) => eb.fn.countAll<number>().as('n')).where(done).executeTakeFirstOrThrow()).n);
  return affected(await db.deleteFrom('outbox_messages').where(done).executeTakeFirst());
}

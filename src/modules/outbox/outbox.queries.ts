import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { lockSkippingLocked } from '../../db/dialect.js';
import type { Attachment, OutboxMessage, OutboxStatus } from './outbox.model.js';
import type { OutboxMessagesTable } from './outbox.tables.js';

type Db = Kysely<DB>;

function toMessage(row: Selectable<OutboxMessagesTable>): OutboxMessage {
  return {
    id: row.id,
    messageId: row.message_id,
    kind: row.kind,
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
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

export async function insertMessages(db: Db, rows: OutboxMessagesTable[]): Promise<void> {
  await db.insertInto('outbox_messages').values(rows).execute();
}

/**
 * Takes up to `limit` due messages and leases them until `leaseUntil`, so that another
 * worker (another instance) skips them; a lease left by a crashed worker simply expires.
 */
export async function claimDueMessages(database: Database, nowIso: string, leaseUntilIso: string, limit: number): Promise<OutboxMessage[]> {
  // One statement (one round trip): the due ids, locked and skipped by a concurrent worker on
  // PostgreSQL (SQLite runs one writer at a time), leased and returned.
  const due = lockSkippingLocked(
    database.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', nowIso)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
      .orderBy('next_attempt_at')
      .limit(limit),
    database.dialect,
  );
  const rows = await database.db.updateTable('outbox_messages').set({ locked_until: leaseUntilIso }).where('id', 'in', due).returningAll().execute();
  return rows.sort((a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at)).map(toMessage);
}

/**
 * Renews the lease a worker took on a message, just before sending it. False when the lease
 * ran out while earlier messages of the batch were sent and another worker took this one:
 * that worker sends it, not this one.
 */
export async function renewLease(db: Db, id: string, heldUntilIso: string, leaseUntilIso: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ locked_until: leaseUntilIso })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('locked_until', '=', heldUntilIso)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markDelivered(db: Db, id: string, status: Extract<OutboxStatus, 'sent' | 'saved'>, nowIso: string): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set((eb) => ({ status, sent_at: nowIso, locked_until: null, last_error: null, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function markAttemptFailed(
  db: Db,
  id: string,
  outcome: { status: Extract<OutboxStatus, 'pending' | 'failed'>; nextAttemptAt: string; error: string },
): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set((eb) => ({
      status: outcome.status,
      next_attempt_at: outcome.nextAttemptAt,
      locked_until: null,
      last_error: outcome.error,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** Puts a failed message back in the queue, due now, when the owner asks for it. */
export async function requeueMessage(db: Db, id: string, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    // A fresh series of attempts: otherwise a message that failed 12 times would give up at its next failure.
    .set({ status: 'pending', next_attempt_at: nowIso, locked_until: null, attempts: 0 })
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
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, saved: 0, failed: 0 };
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

import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { DeliveryError, toEml, type MailTransport, type OutgoingMail } from '../../platform/mail/transport.js';
import { startPoller, type Poller } from '../../platform/poller.js';
import type { NewMessage, OutboxMessage, OutboxStatus } from './outbox.model.js';
import * as queries from './outbox.queries.js';
import { OUTBOX_RETENTION_DAYS } from './outbox.register.js';
import type { OutboxMessagesTable } from './outbox.tables.js';

export interface OutboxDeps {
  database: Database;
  clock: Clock;
  transport: MailTransport;
  /** The From header, e.g. "W Services <contact@wservicesparis.com>". */
  from: string;
  /** The right-hand side of Message-IDs: the site's host name. */
  messageIdDomain: string;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  pollIntervalMs: number;
  /** First retry delay; each further retry waits twice as long, up to an hour. */
  retryBaseMs?: number;
  maxAttempts?: number;
}

const BATCH_SIZE = 20;
const LEASE_MS = 2 * 60_000;
/** A message sent this soon after its batch was claimed still holds nearly all its lease: no need to renew it. */
const FRESH_LEASE_MS = 10_000;
const MAX_RETRY_DELAY_MS = 60 * 60_000;

export type OutboxService = ReturnType<typeof createOutboxService>;

/**
 * A Reply-To comes from what a customer typed: kept only when it is one plain address (no
 * display name, comma, angle bracket, quote, space or line break), so that it can never add a
 * header or another recipient. Dropped otherwise: the message still goes, replies to From.
 */
export function plainAddressOrNull(address: string | undefined): string | null {
  if (!address || address.length > 254) return null;
  const part = String.raw`[^\s\p{Cc}@<>()[\]\\,;:"]+`;
  return new RegExp(`^${part}@${part}\\.${part}$`, 'u').test(address) ? address : null;
}

/**
 * Transactional mail without loss: a message is written to the outbox in the same
 * transaction as the change it tells about, then delivered by a background worker with
 * retries and backoff. A crash or an SMTP outage only delays it; every attempt sends the
 * same bytes under the same Message-ID, so a receiver can drop a duplicate.
 */
export function createOutboxService(deps: OutboxDeps) {
  const { database, clock, transport, log } = deps;
  const retryBaseMs = deps.retryBaseMs ?? 30_000;
  const maxAttempts = deps.maxAttempts ?? 12;
  let poller: Poller | undefined;

  function toRow(message: NewMessage, now: string): OutboxMessagesTable {
    const id = newId();
    return {
      id,
      message_id: `<${id}@${deps.messageIdDomain}>`,
      kind: message.kind,
      booking_id: message.bookingId ?? null,
      recipient: message.recipient,
      reply_to: plainAddressOrNull(message.replyTo),
      locale: message.locale,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html,
      attachments: JSON.stringify(message.attachments ?? []),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      last_error: null,
      created_at: now,
      sent_at: null,
    };
  }

  /** Queues a message inside the caller's transaction. Call wake() once that transaction has committed. */
  async function enqueue(db: Kysely<DB>, message: NewMessage): Promise<string> {
    const [id] = await enqueueAll(db, [message]);
    return id!;
  }

  /** Queues several messages in one statement (a booking's confirmation and the owner's notice), inside the caller's transaction. */
  async function enqueueAll(db: Kysely<DB>, messages: NewMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const now = clock.now().toISOString();
    const rows = messages.map((message) => toRow(message, now));
    await queries.insertMessages(db, rows);
    return rows.map((row) => row.id);
  }

  function toOutgoing(message: OutboxMessage): OutgoingMail {
    return {
      messageId: message.messageId,
      date: new Date(message.createdAt),
      from: deps.from,
      to: message.recipient,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments,
    };
  }

  function retryDelay(failedAttempts: number): number {
    const exponential = Math.min(retryBaseMs * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_DELAY_MS);
    return exponential + Math.floor(Math.random() * exponential * 0.1);
  }

  async function deliver(message: OutboxMessage): Promise<void> {
    try {
      await transport.deliver(toOutgoing(message));
    } catch (error) {
      const attempts = message.attempts + 1;
      const permanent = error instanceof DeliveryError && error.permanent;
      const giveUp = permanent || attempts >= maxAttempts;
      const now = clock.now().getTime();
      await queries.markAttemptFailed(database.db, message.id, {
        status: giveUp ? 'failed' : 'pending',
        nextAttemptAt: new Date(giveUp ? now : now + retryDelay(attempts)).toISOString(),
        error: (error as Error).message.slice(0, 1000),
      });
      log.warn({ outboxId: message.id, kind: message.kind, attempts, permanent, gaveUp: giveUp }, 'mail delivery failed');
      return;
    }
    // Outside the try: the message left; if recording that fails, it must not count as a failed delivery
    // (the lease then expires and it is sent again, under the same Message-ID).
    await queries.markDelivered(database.db, message.id, transport.kind === 'smtp' ? 'sent' : 'saved', clock.now().toISOString());
    log.info({ outboxId: message.id, kind: message.kind }, 'mail delivered');
  }


  /**
   * The .eml copies written when no SMTP server is configured hold the same personal data as
   * the outbox rows: they are deleted after the same retention, checked at most hourly.
   */
  let prunedAt = 0;
  async function pruneFileCopies(now: Date): Promise<void> {
    if (now.getTime() - prunedAt < 3_600_000) return;
    prunedAt = now.getTime();
    const deleted = await transport.prune(new Date(now.getTime() - OUTBOX_RETENTION_DAYS * 24 * 3_600_000));
    if (deleted > 0) log.info({ deleted }, 'old .eml copies deleted');
  }

  /** Delivers the messages that are due; true when a full batch was taken and more may wait. */
  async function deliverDue(): Promise<boolean> {
    const now = clock.now();
    await pruneFileCopies(now);
    const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
    const batch = await queries.claimDueMessages(database, now.toISOString(), leaseUntil, BATCH_SIZE);
    for (const message of batch) {
      // A slow server can make a batch outlast its lease: once the lease is no longer fresh, each message
      // is leased again before it is sent, and skipped if another worker has taken it meanwhile.
      const sendAt = clock.now().getTime();
      const fresh = sendAt < now.getTime() + FRESH_LEASE_MS;
      if (fresh || (await queries.renewLease(database.db, message.id, leaseUntil, new Date(sendAt + LEASE_MS).toISOString()))) await deliver(message);
    }
    return batch.length === BATCH_SIZE;
  }

  return {
    enqueue,
    enqueueAll,
    deliverDue,
    /** Starts the background worker of this process. */
    startWorker(): Poller {
      poller ??= startPoller({
        intervalMs: deps.pollIntervalMs,
        task: deliverDue,
        onError: (error) => log.error({ err: error }, 'outbox worker run failed'),
      });
      return poller;
    },
    /** Tells the worker that new messages were committed. */
    wake: () => poller?.wake(),
    async stopWorker(): Promise<void> {
      await poller?.stop();
      poller = undefined;
    },
    transportKind: transport.kind,
    list: (options: { status?: OutboxStatus; limit: number; offset: number }) => queries.selectMessages(database.db, options),
    counts: () => queries.countByStatus(database.db),
    get: (id: string) => queries.selectMessage(database.db, id),
    forBooking: (bookingId: string) => queries.selectMessagesForBooking(database.db, bookingId),
    async retry(id: string): Promise<boolean> {
      const requeued = await queries.requeueMessage(database.db, id, clock.now().toISOString());
      if (requeued) poller?.wake();
      return requeued;
    },
    eml: (message: OutboxMessage) => toEml(toOutgoing(message)),
  };
}

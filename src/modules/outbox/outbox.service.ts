import type { Expression, Kysely, QueryCreator } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { DeliveryError, toEml, type MailTransport, type OutgoingMail } from '../../platform/mail/transport.js';
import { PermanentJobFailure, type CompanionInsert, type JobRun, type JobsService, type NewJob } from '../jobs/index.js';
import type { MayMail, NewMessage, OutboxMessage, OutboxStatus } from './outbox.model.js';
import * as queries from './outbox.queries.js';
import { deliveryKey, OUTBOX_RETENTION_DAYS } from './outbox.register.js';
import type { OutboxMessagesTable } from './outbox.tables.js';

export interface OutboxDeps {
  database: Database;
  clock: Clock;
  jobs: JobsService;
  transport: MailTransport;
  /** The From header, e.g. "W Services <contact@wservicesparis.com>". */
  from: string | (() => string);
  /** The right-hand side of Message-IDs: the site's host name. */
  messageIdDomain: string;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** First retry delay; each further retry waits twice as long, up to an hour. */
  retryBaseMs?: number;
  maxAttempts?: number;
  /** The mail policy (restrictions and objections, given by app.ts): asked before each delivery. Everything goes without it. */
  mayMail?: MayMail;
}

/** The job that delivers one message, and its key. */
export const DELIVER_JOB = 'outbox.deliver';
const PRUNE_JOB = 'outbox.prune-mail-files';
const MAX_RETRY_DELAY_MS = 60 * 60_000;
const HOUR = 3_600_000;
const ERASED_BODY = {
  fr: 'Ce message contenait un lien à usage unique\u00a0: son contenu a été effacé après l’envoi.',
  en: 'This message held a one-time link: its content was erased once sent.',
};

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
  const { database, clock, jobs, transport, log } = deps;

  function toRow(message: NewMessage, now: string): OutboxMessagesTable {
    const id = newId();
    return {
      id,
      message_id: `<${id}@${deps.messageIdDomain}>`,
      kind: message.kind,
      category: message.category,
      skip_reason: null,
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
      last_error: null,
      created_at: now,
      sent_at: null,
      failed_at: null,
      erase_after_sending: message.eraseAfterSending ? 1 : 0,
    };
  }

  const deliveryJob = (messageId: string, runAt: Date) => ({ kind: DELIVER_JOB, key: deliveryKey(messageId), payload: { messageId }, runAt });

  /** Queues a message inside the caller's transaction. Call wake() once that transaction has committed. */
  async function enqueue(db: Kysely<DB>, message: NewMessage): Promise<string> {
    const { messageIds } = await enqueueAll(db, [message]);
    return messageIds[0]!;
  }

  /**
   * Queues several messages (a booking's confirmation and the owner's notice) and their delivery
   * jobs, inside the caller's transaction. `alsoSchedule` adds the caller's own jobs to the same
   * insert (a booking's reminder), and `alsoInsert` the caller's own rows, inserted first (the
   * booking the messages are about): on PostgreSQL all of it is one statement, one round trip,
   * which also answers `answer` for the caller (jobs.scheduleAll).
   */
  async function enqueueAll<A = never>(
    db: Kysely<DB>,
    messages: NewMessage[],
    alsoSchedule: NewJob[] = [],
    alsoInsert: readonly CompanionInsert[] = [],
    answer?: Expression<A>,
  ): Promise<{ messageIds: string[]; answer: A | undefined }> {
    const now = clock.now();
    const rows = messages.map((message) => toRow(message, now.toISOString()));
    const companions = rows.length > 0 ? [...alsoInsert, (qc: QueryCreator<DB>) => queries.insertMessagesQuery(qc, rows)] : alsoInsert;
    const answered = await jobs.scheduleAll(db, [...rows.map((row) => deliveryJob(row.id, now)), ...alsoSchedule], companions, answer);
    return { messageIds: rows.map((row) => row.id), answer: answered };
  }

  function toOutgoing(message: OutboxMessage): OutgoingMail {
    return {
      messageId: message.messageId,
      date: new Date(message.createdAt),
      from: typeof deps.from === 'function' ? deps.from() : deps.from,
      to: message.recipient,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments,
    };
  }

  /**
   * One delivery attempt. A failure is counted on the message with its full error, then thrown
   * for the jobs module to schedule the next attempt; a 5xx refusing the message itself (not a
   * refused login, which is a setting to fix) gives up at once.
   */
  async function deliver({ messageId }: { messageId: string }, run: JobRun): Promise<void> {
    const message = await queries.selectMessage(database.db, messageId);
    // Deleted by the retention sweep, or already delivered by a worker whose lease ran out: nothing to send.
    if (!message || message.status !== 'pending') return;
    // Asked at delivery, not when queued: a restriction or an objection recorded meanwhile still stops the message.
    const refusal = deps.mayMail ? await deps.mayMail(message.recipient, message.category) : null;
    if (refusal) {
      await queries.markSkipped(database.db, message.id, refusal);
      log.info({ outboxId: message.id, kind: message.kind, category: message.category, refusal }, 'mail skipped by the mail policy');
      return;
    }
    try {
      await transport.deliver(toOutgoing(message));
    } catch (error) {
      const permanent = error instanceof DeliveryError && error.permanent;
      await queries.recordFailedAttempt(database.db, message.id, (error as Error).message.slice(0, 1000));
      log.warn({ outboxId: message.id, kind: message.kind, attempt: run.attempt, permanent }, 'mail delivery failed');
      const summary = `${message.kind}: ${(error as Error).message}`;
      throw permanent ? new PermanentJobFailure(summary) : new Error(summary);
    }
    // The message left. Recorded in one statement, then the job's end by the worker: if the process dies
    // between the two, the job runs again, finds the message sent and sends nothing (no transaction needed).
    // If recording fails, it does not count as a failed delivery: the message is sent again, under the same Message-ID.
    const sent = transport.kind === 'smtp';
    // Without SMTP the outbox is where the owner reads a one-time link: it stays until the retention.
    const erasedBody = sent && message.eraseAfterSending ? ERASED_BODY[message.locale] : undefined;
    await queries.markDelivered(database.db, message.id, sent ? 'sent' : 'saved', clock.now().toISOString(), erasedBody);
    log.info({ outboxId: message.id, kind: message.kind }, 'mail delivered');
  }

  jobs.define<{ messageId: string }>({
    kind: DELIVER_JOB,
    label: { fr: 'Envoi d’un courriel', en: 'E-mail delivery' },
    run: deliver,
    maxAttempts: deps.maxAttempts ?? 12,
    retryBaseMs: deps.retryBaseMs ?? 30_000,
    retryMaxMs: MAX_RETRY_DELAY_MS,
    onDead: (db, { messageId }) => queries.markFailed(db, messageId, clock.now().toISOString()),
  });

  /**
   * The .eml copies written when no SMTP server is configured hold the same personal data as
   * the outbox rows: they are deleted after the same retention, checked hourly.
   */
  jobs.define({
    kind: PRUNE_JOB,
    label: { fr: 'Suppression des copies .eml de plus de 90 jours', en: 'Deletion of .eml copies older than 90 days' },
    everyMs: HOUR,
    async run() {
      const deleted = await transport.prune(new Date(clock.now().getTime() - OUTBOX_RETENTION_DAYS * 24 * HOUR));
      if (deleted > 0) log.info({ deleted }, 'old .eml copies deleted');
    },
  });

  return {
    enqueue,
    enqueueAll,
    /** Delivers the messages that are due now (the jobs worker does it in the background); true when more may wait. */
    deliverDue: () => jobs.runDue([DELIVER_JOB]),
    /** Makes sure the hourly clean-up of .eml copies is scheduled. */
    scheduleHousekeeping: () => jobs.ensureRecurring(PRUNE_JOB),
    /** Tells the worker that new messages were committed. */
    wake: () => jobs.wake(),
    transportKind: transport.kind,
    list: (options: { status?: OutboxStatus; limit: number; offset: number }) => queries.selectMessages(database.db, options),
    counts: () => queries.countByStatus(database.db),
    get: (id: string) => queries.selectMessage(database.db, id),
    /** When a message waiting for delivery is next tried; null once it is no longer waiting. */
    async nextAttemptAt(message: OutboxMessage): Promise<string | null> {
      if (message.status !== 'pending') return null;
      const job = await jobs.byKey(deliveryKey(message.id));
      return job?.status === 'pending' ? job.runAt : null;
    },
    forBooking: (bookingId: string) => queries.selectMessagesForBooking(database.db, bookingId),
    /** Puts a failed message back in the queue, with a fresh series of attempts. */
    async retry(id: string): Promise<boolean> {
      const requeued = await database.db.transaction().execute(async (trx) => {
        if (!(await queries.requeueMessage(trx, id))) return false;
        // A message that failed before the jobs table existed has no delivery job: it gets one.
        if (!(await jobs.revive({ key: deliveryKey(id) }, trx))) await jobs.schedule(trx, deliveryJob(id, clock.now()));
        return true;
      });
      if (requeued) jobs.wake();
      return requeued;
    },
    eml: (message: OutboxMessage) => toEml(toOutgoing(message)),
  };
}

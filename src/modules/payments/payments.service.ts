import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { validate } from '../../platform/http/validation.js';
import { formatPrice } from '../../platform/i18n/format.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { newId } from '../../platform/ids.js';
import { addDays, calendarDate, localDateOf, localTimeToInstant } from '../../platform/time-zone.js';
import type { EventBus, JobsService } from '../jobs/index.js';
import { chainHash, closingCanonical, paymentCanonical, recordMatchesHash, verifyChain, type ChainVerdict, type LedgerRecord } from './payments.chain.js';
import type { ArchivedCopyLookup } from '../../platform/legal-archive.js';
import { paymentErrors, paymentFieldMessages } from './payments.errors.js';
import { LEDGER_METHODS, paymentStatusOf, type BookingLedger, type DailyClosing, type PayableBooking, type Payment, type PaymentStatus } from './payments.model.js';
import * as queries from './payments.queries.js';
import * as refundQueries from './payments.refunds.queries.js';
import * as attemptQueries from './payments.attempts.queries.js';
import { correctPaymentSchema, paymentValidationTexts, recordPaymentSchema } from './payments.schemas.js';
import type { PaymentClosingsTable, PaymentsTable } from './payments.tables.js';

export const CLOSING_JOB = 'payments.close-days';
const HOUR = 3_600_000;

/** What the ledger tells its hook after appending a payment or a correction, inside the same transaction. */
export interface LedgerRecorded<B extends PayableBooking = PayableBooking> {
  /** The booking as bookingOf gave it before the transaction; null when the caller of appendToLedger did not pass it. */
  booking: B | null;
  bookingId: string;
  /** The record appended (a payment, or a correction with a negative amount). */
  payment: Payment;
  /** Every record of the booking, this one included, in ledger order. */
  entries: Payment[];
  /** What the booking has received once this record is counted. */
  paidCentsAfter: number;
}

export interface PaymentsDeps<B extends PayableBooking = PayableBooking> {
  database: Database;
  clock: Clock;
  jobs: JobsService;
  /** The business's time zone: the day a payment is taken, the days the closings fix. */
  timezone: () => string;
  /** The booking a payment is for (the booking module's, wired in app.ts): this module reads no other module's tables. */
  bookingOf: (id: string) => Promise<B | null>;
  /**
   * Called inside the ledger's transaction for every payment and correction appended (app.ts wires
   * the invoice and the events to it): it may write in `trx`; if it throws, the record is not written.
   */
  onRecorded?: (trx: Kysely<DB>, recorded: LedgerRecorded<B>) => Promise<void>;
  /** Publishes payment.succeeded (each payment) and payment.refunded (each correction or refund) in the record's transaction. */
  events?: EventBus;
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;

/** Payments taken on site, recorded in a hash-chained ledger that is never edited, closed day by day. */
export function createPaymentsService<B extends PayableBooking = PayableBooking>(deps: PaymentsDeps<B>) {
  const { database, clock, jobs } = deps;
  const db = database.db;
  const today = () => localDateOf(clock.now().getTime(), deps.timezone());

  /**
   * Appends records to the chain in one transaction: the head row is locked first (every other
   * writer, in any instance, waits for this commit), `work` gets the next position and the hash
   * to link to, and returns the new head; the head is moved in the same transaction.
   */
  async function appendToLedger<T>(
    work: (trx: Kysely<DB>, head: { sequence: number; hash: string }) => Promise<{ value: T; head: { sequence: number; hash: string } }>,
    trx?: Kysely<DB>,
    /** The booking the records are for, as bookingOf gave it: passed on to the onRecorded hook. */
    context?: { booking?: B },
  ): Promise<T> {
    const run = async (t: Kysely<DB>) => {
      const head = await queries.lockHead(t, database.dialect);
      const outcome = await work(t, head);
      if (outcome.head.sequence !== head.sequence) await queries.moveHead(t, head.sequence, outcome.head);
      if (outcome.head.sequence > head.sequence) await tellRecorded(t, head.sequence, context?.booking);
      return outcome.value;
    };
    return trx ? run(trx) : db.transaction().execute(run);
  }

  /** Every payment or correction appended after position `after` (whoever appended it: on site, online), told to the hook in the same transaction. */
  async function tellRecorded(trx: Kysely<DB>, after: number, booking: B | undefined): Promise<void> {
    const appended = await queries.selectPaymentsAfter(trx, after);
    for (const payment of appended) {
      const entries = await queries.selectPaymentsOfBooking(trx, payment.bookingId);
      const paidCentsAfter = entries.filter((e) => e.sequence <= payment.sequence).reduce((sum, e) => sum + e.amountCents, 0);
      const type = payment.kind === 'payment' ? 'payment.succeeded' : 'payment.refunded';
      await deps.events?.publishWithin(trx, { type, subjectId: payment.id, occurredAt: new Date(payment.recordedAt).toISOString() });
      if (!deps.onRecorded) continue;
      await deps.onRecorded(trx, { booking: booking && booking.id === payment.bookingId ? booking : null, bookingId: payment.bookingId, payment, entries, paidCentsAfter });
    }
  }

  async function payable(bookingId: string): Promise<B> {
    const booking = await deps.bookingOf(bookingId);
    if (!booking) throw paymentErrors.PAYMENT_BOOKING_NOT_FOUND();
    return booking;
  }

  function chained(row: Omit<PaymentsTable, 'hash'>): PaymentsTable {
    return { ...row, hash: chainHash(row.previous_hash, paymentCanonical(row)) };
  }

  function toPayment(row: PaymentsTable): Payment {
    return {
      id: row.id,
      sequence: row.sequence,
      bookingId: row.booking_id,
      kind: row.kind,
      method: row.method,
      amountCents: row.amount_cents,
      currency: row.currency,
      paidOn: row.paid_on,
      correctsId: row.corrects_id,
      reason: row.reason,
      recordedAt: row.recorded_at,
      recordedBy: row.recorded_by,
    };
  }

  function correctable(entries: Payment[]): BookingLedger['correctable'] {
    return entries
      .filter((e) => e.kind === 'payment')
      .map((payment) => ({ payment, remainingCents: payment.amountCents + entries.filter((c) => c.correctsId === payment.id).reduce((sum, c) => sum + c.amountCents, 0) }))
      .filter((p) => p.remainingCents > 0);
  }

  /** Closes every finished day not closed yet (from the day of the first record), inside `trx`. */
  async function closeFinishedDays(trx: Kysely<DB>): Promise<number> {
    const zone = deps.timezone();
    const now = clock.now();
    const todayIso = localDateOf(now.getTime(), zone);
    return appendToLedger(async (t, head) => {
      const last = await queries.selectLastClosing(t);
      const first = last ? undefined : await queries.selectFirstRecordedAt(t);
      let day = last ? addDays(last.day, 1) : first ? localDateOf(Date.parse(first), zone) : undefined;
      let running = last?.runningTotalCents ?? 0;
      let current = head;
      let closed = 0;
      const startOf = (iso: string) => {
        const { year, month, day: d } = calendarDate(iso);
        return new Date(localTimeToInstant(zone, year, month, d)).toISOString();
      };
      while (day !== undefined && day < todayIso) {
        const next = addDays(day, 1);
        const { records, byMethod } = await queries.totalsBetween(t, startOf(day), startOf(next));
        const totalsByMethod = Object.fromEntries(LEDGER_METHODS.filter((m) => byMethod.has(m)).map((m) => [m, byMethod.get(m)!]));
        const total = [...byMethod.values()].reduce((a, b) => a + b, 0);
        running += total;
        const row: Omit<PaymentClosingsTable, 'hash'> = {
          id: newId(),
          sequence: current.sequence + 1,
          day,
          records,
          total_cents: total,
          totals_by_method: JSON.stringify(totalsByMethod),
          running_total_cents: running,
          closed_at: now.toISOString(),
          previous_hash: current.hash,
        };
        const hash = chainHash(row.previous_hash, closingCanonical(row));
        await queries.insertClosing(t, { ...row, hash });
        current = { sequence: row.sequence, hash };
        closed++;
        day = next;
      }
      return { value: closed, head: current };
    }, trx);
  }

  jobs.define({
    kind: CLOSING_JOB,
    label: { fr: 'Clôture journalière des paiements', en: 'Daily closing of payments' },
    everyMs: HOUR,
    async run(_payload, run) {
      await run.finish(async (trx) => {
        await closeFinishedDays(trx);
      });
    },
  });

  return {
    /** Records money taken on site for a booking. Refused (nothing written): a free or cancelled booking, a booking already paid, more than what remains, a day in the future. */
    async record(bookingId: string, input: unknown, locale: Locale, recordedBy: string | null = null): Promise<Payment> {
      const booking = await payable(bookingId);
      const parsed = validate(recordPaymentSchema, input, locale, paymentValidationTexts);
      const paidOn = parsed.paidOn ?? today();
      if (paidOn > today()) throw new ValidationFailed([paymentFieldMessages.PAID_ON_FUTURE(locale)]);
      if (booking.priceCents <= 0) throw new ValidationFailed([paymentFieldMessages.FREE_BOOKING(locale)]);
      if (booking.status === 'cancelled') throw new ValidationFailed([paymentFieldMessages.BOOKING_CANCELLED(locale)]);
      return appendToLedger(async (trx, head) => {
        // Read under the ledger's lock: two people taking the same booking's payment at once cannot both pass.
        const paid = (await queries.sumByBooking(trx, [booking.id])).get(booking.id) ?? 0;
        const remaining = booking.priceCents - paid;
        if (remaining <= 0) throw new ValidationFailed([paymentFieldMessages.ALREADY_PAID(locale)]);
        if (parsed.amount > remaining) throw new ValidationFailed([paymentFieldMessages.OVER_PAYMENT(locale, { remaining: formatPrice(remaining, booking.currency, locale) })]);
        const row = chained({
          id: newId(),
          sequence: head.sequence + 1,
          booking_id: booking.id,
          kind: 'payment',
          method: parsed.method,
          amount_cents: parsed.amount,
          currency: booking.currency,
          paid_on: paidOn,
          corrects_id: null,
          reason: null,
          recorded_at: clock.now().toISOString(),
          recorded_by: recordedBy,
          previous_hash: head.hash,
        });
        await queries.insertPayment(trx, row);
        return { value: toPayment(row), head: { sequence: row.sequence, hash: row.hash } };
      }, undefined, { booking });
    },

    /** Takes back part or all of one payment (a mistake, a refund in cash): a negative entry with its reason; the payment itself is never changed. */
    async correct(bookingId: string, input: unknown, locale: Locale, recordedBy: string | null = null): Promise<Payment> {
      const booking = await payable(bookingId);
      const parsed = validate(correctPaymentSchema, input, locale, paymentValidationTexts);
      return appendToLedger(async (trx, head) => {
        const entries = await queries.selectPaymentsOfBooking(trx, booking.id);
        const target = correctable(entries).find((p) => p.payment.id === parsed.correctsId);
        if (!target) throw new ValidationFailed([paymentFieldMessages.UNKNOWN_PAYMENT(locale)]);
        if (parsed.correctionAmount > target.remainingCents) {
          throw new ValidationFailed([paymentFieldMessages.CORRECTION_TOO_LARGE(locale, { remaining: formatPrice(target.remainingCents, booking.currency, locale) })]);
        }
        const row = chained({
          id: newId(),
          sequence: head.sequence + 1,
          booking_id: booking.id,
          kind: 'correction',
          method: target.payment.method,
          amount_cents: -parsed.correctionAmount,
          currency: booking.currency,
          paid_on: today(),
          corrects_id: target.payment.id,
          reason: parsed.reason,
          recorded_at: clock.now().toISOString(),
          recorded_by: recordedBy,
          previous_hash: head.hash,
        });
        await queries.insertPayment(trx, row);
        // Money of a cancelled booking given back by hand: the refund it was waiting for is done.
        await refundQueries.settleByHandWithin(trx, { bookingId: booking.id, correctsId: target.payment.id, correctionId: row.id, amountCents: parsed.correctionAmount, at: row.recorded_at });
        return { value: toPayment(row), head: { sequence: row.sequence, hash: row.hash } };
      }, undefined, { booking });
    },

    /**
     * An online payment the provider confirmed (payments.online.ts), appended to the ledger inside
     * the caller's transaction: the one that records the provider's event and confirms the booking.
     */
    async recordOnlineWithin(trx: Kysely<DB>, input: { bookingId: string; method: 'stripe' | 'paypal'; amountCents: number; currency: string }, booking?: unknown): Promise<Payment> {
      return appendToLedger(async (t, head) => {
        const row = chained({
          id: newId(),
          sequence: head.sequence + 1,
          booking_id: input.bookingId,
          kind: 'payment',
          method: input.method,
          amount_cents: input.amountCents,
          currency: input.currency,
          paid_on: today(),
          corrects_id: null,
          reason: null,
          recorded_at: clock.now().toISOString(),
          recorded_by: null,
          previous_hash: head.hash,
        });
        await queries.insertPayment(t, row);
        return { value: toPayment(row), head: { sequence: row.sequence, hash: row.hash } };
        // The booking read before the transaction (bookingBeforeRecording) lets the invoice be issued in it.
      }, trx, booking ? { booking: booking as B } : undefined);
    },

    /**
     * Money given back through a provider (a refund it confirmed: payments.refunds.ts), appended
     * as a correction of `correctsId` inside the caller's transaction: the one that marks the
     * refund done, so it is in the ledger once or not at all.
     */
    async correctWithin(trx: Kysely<DB>, input: { bookingId: string; correctsId: string; amountCents: number; reason: string }): Promise<Payment> {
      return appendToLedger(async (t, head) => {
        const own = await queries.selectPaymentsOfBooking(t, input.bookingId);
        // A refund completing after its customer's erasure: the payment it takes from no longer names
        // its booking (anonymised), so it and its corrections are found by the payment's id.
        const entries = own.some((e) => e.id === input.correctsId) ? own : await queries.selectPaymentWithCorrections(t, input.correctsId);
        const target = correctable(entries).find((p) => p.payment.id === input.correctsId);
        // Never more than what remains of the payment (an on-site correction may have taken part of it meanwhile).
        if (!target || input.amountCents <= 0 || input.amountCents > target.remainingCents) throw paymentErrors.REFUND_EXCEEDS_PAYMENT();
        const row = chained({
          id: newId(),
          sequence: head.sequence + 1,
          booking_id: input.bookingId,
          kind: 'correction',
          method: target.payment.method,
          amount_cents: -input.amountCents,
          currency: target.payment.currency,
          paid_on: today(),
          corrects_id: target.payment.id,
          reason: input.reason,
          recorded_at: clock.now().toISOString(),
          recorded_by: null,
          previous_hash: head.hash,
        });
        await queries.insertPayment(t, row);
        return { value: toPayment(row), head: { sequence: row.sequence, hash: row.hash } };
      }, trx);
    },

    /**
     * The booking as bookingOf gives it, read before a transaction that records an online payment
     * (nothing may be read outside the transaction inside it): the hook then issues the invoice in
     * that same transaction; without it a job issues it just after.
     */
    bookingBeforeRecording: (bookingId: string): Promise<unknown> => deps.bookingOf(bookingId),

    /** A booking's payments, what they add up to, and which of them a correction may still take from. */
    async forBooking(bookingId: string): Promise<BookingLedger> {
      const booking = await payable(bookingId);
      const entries = await queries.selectPaymentsOfBooking(db, booking.id);
      const paidCents = entries.reduce((sum, e) => sum + e.amountCents, 0);
      const [refunds, attempts] = await Promise.all([refundQueries.selectRefundsOfBooking(db, booking.id), attemptQueries.selectAttemptsOfBooking(db, booking.id)]);
      const paidAfterRelease = attempts.filter((a) => a.attention === 'paid_after_release').map((a) => ({ provider: a.provider, amountCents: a.amountCents, currency: a.currency }));
      return { booking, entries, paidCents, status: paymentStatusOf(booking.priceCents, paidCents), correctable: correctable(entries), refunds, paidAfterRelease };
    },

    /** What a booking has received, read inside the caller's transaction (a cancellation deciding its refund). */
    async paidCentsWithin(trx: Kysely<DB>, bookingId: string): Promise<number> {
      return (await queries.sumByBooking(trx, [bookingId])).get(bookingId) ?? 0;
    },

    /** What each booking has received (0 when nothing): for the other modules' pages. */
    async paidCentsByBooking(ids: readonly string[]): Promise<Map<string, number>> {
      const sums = await queries.sumByBooking(db, [...new Set(ids)]);
      return new Map(ids.map((id) => [id, sums.get(id) ?? 0]));
    },

    /** paid / partly paid / unpaid / free of each booking, from its price and what it received. */
    async statusesOf(bookings: readonly { id: string; priceCents: number }[]): Promise<Map<string, PaymentStatus>> {
      const paid = await queries.sumByBooking(db, [...new Set(bookings.map((b) => b.id))]);
      return new Map(bookings.map((b) => [b.id, paymentStatusOf(b.priceCents, paid.get(b.id) ?? 0)]));
    },

    /** One payment or correction by its id (the webhooks' payment.* events). */
    byId: (id: string) => queries.selectPaymentById(db, id),
    /** Payments and corrections recorded in [fromIso, toIso), in ledger order (the owner API). */
    recordedBetween: (fromIso: string, toIso: string) => queries.selectRecordedBetween(db, fromIso, toIso),

    /** Checks the whole chain: every record's hash, every link, no position missing, the head. */
    verify: () => verifyPaymentLedger(db),

    /** Closes the finished days now (the recurring job does it every hour); the number of days closed. */
    closeFinishedDays: () => db.transaction().execute((trx) => closeFinishedDays(trx)),
    closings: (limit = 31): Promise<DailyClosing[]> => queries.selectClosings(db, limit),
    /** Makes sure the hourly closing job exists (once, whatever the number of instances). */
    scheduleClosings: () => jobs.ensureRecurring(CLOSING_JOB),
    /** Runs the closing job if due (tests). */
    runClosingJob: () => jobs.runUntilIdle([CLOSING_JOB]),
  };
}

/** `npx wservices ledger verify`: the whole chain checked on an open database, with its verdict in words. */
export async function verifyPaymentLedger(db: Kysely<DB>, archivedCopy?: ArchivedCopyLookup): Promise<{ intact: boolean; text: string }> {
  const [records, head] = await Promise.all([queries.selectChain(db), queries.selectHead(db)]);
  const verdict = verifyChain(records, head, archivedCopy ? await archivedCopiesOf(records, archivedCopy) : new Map());
  return { intact: verdict.intact, text: describeVerdict(verdict) };
}

/**
 * The archived copies of the payment records that no longer give their hash as stored (anonymised
 * after archiving, or tampered with): only those are read from the archive, each read logged there.
 */
async function archivedCopiesOf(records: LedgerRecord[], archivedCopy: ArchivedCopyLookup): Promise<Map<string, PaymentsTable>> {
  const copies = new Map<string, PaymentsTable>();
  for (const record of records) {
    if (record.type !== 'payment' || recordMatchesHash(record, record.row.hash)) continue;
    const copy = await archivedCopy('payment', record.row.id);
    if (copy) copies.set(record.row.id, copy.record as PaymentsTable);
  }
  return copies;
}

/** The verdict of `ledger verify`, in one English sentence per line. */
export function describeVerdict(verdict: ChainVerdict): string {
  if (verdict.intact) return `The payment ledger is intact: ${verdict.records} record${verdict.records === 1 ? '' : 's'} checked, the chain's last hash is ${verdict.headHash}.`;
  const { record, sequence } = verdict;
  const what = !record
    ? `record #${sequence}`
    : record.type === 'payment'
      ? `record #${sequence} (payment ${record.row.id} of booking ${record.row.booking_id}, recorded ${new Date(record.row.recorded_at).toISOString()})`
      : `record #${sequence} (closing of ${record.row.day})`;
  const why = {
    altered: 'its content no longer matches its hash: it was changed after it was recorded',
    'archived-altered': 'its copy in the legal archive no longer matches its hash: the archived copy was changed',
    diverged: 'it was anonymised after archiving, but the record in the database is no longer what its archived copy gives: it was changed since',
    unlinked: 'it does not point to the hash of the record before it: a record before it was changed and re-hashed, or this one was inserted',
    missing: 'it is missing: a record was deleted',
    head: 'the chain head does not name the last record: records were added or removed outside the application',
  }[verdict.problem];
  return `The payment ledger is broken. First broken link: ${what}: ${why}.`;
}

import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import * as queries from './payment-states.queries.js';
import { customerPaymentStateOf, paymentSummaryOf, type BookingForPaymentState, type BookingMoney, type BookingPaymentSummary, type CustomerPaymentState, type PaymentFollowUps } from './payment-states.model.js';

const FAILED_LOOKBACK_MS = 7 * 24 * 3_600_000;

/**
 * Payment states of bookings (only reads: the ledger and the attempts of this module), and what
 * the owner must follow up on.
 */
export function createPaymentStates({ database, clock }: { database: Database; clock: Clock }) {
  const db = database.db;

  async function moneyOf(bookingIds: readonly string[]): Promise<Map<string, BookingMoney>> {
    const ids = [...new Set(bookingIds)];
    const [entries, attempts] = await Promise.all([queries.selectEntriesOfBookings(db, ids), queries.selectAttemptsOfBookings(db, ids)]);
    const result = new Map<string, BookingMoney>(ids.map((id) => [id, { paidCents: 0, methods: [], attempts: [] }]));
    for (const entry of entries) {
      const money = result.get(entry.bookingId)!;
      money.paidCents += entry.amountCents;
      if (entry.amountCents > 0 && !money.methods.includes(entry.method)) money.methods.push(entry.method);
    }
    for (const attempt of attempts) result.get(attempt.bookingId)!.attempts.push(attempt);
    return result;
  }

  return {
    /** Each booking's state as the customer reads it. */
    async statesOf(bookings: readonly BookingForPaymentState[]): Promise<Map<string, CustomerPaymentState>> {
      const money = await moneyOf(bookings.map((b) => b.id));
      return new Map(bookings.map((b) => [b.id, customerPaymentStateOf(b, money.get(b.id)!)]));
    },
    /** Each booking's payment as the owner API gives it. */
    async summariesOf(bookings: readonly BookingForPaymentState[]): Promise<Map<string, BookingPaymentSummary>> {
      const money = await moneyOf(bookings.map((b) => b.id));
      return new Map(bookings.map((b) => [b.id, paymentSummaryOf(b, money.get(b.id)!)]));
    },
    /** The dashboard's « À traiter »: late payments, payments awaited, attempts refused this past week. */
    async followUps(): Promise<PaymentFollowUps> {
      const since = new Date(clock.now().getTime() - FAILED_LOOKBACK_MS).toISOString();
      const [attention, pending, failed] = await Promise.all([queries.selectAttemptsWithAttention(db), queries.selectPendingAttempts(db), queries.selectFailedAttemptsSince(db, since)]);
      return {
        attention: attention.map((a) => ({ attemptId: a.id, bookingId: a.bookingId, reason: a.attention!, provider: a.provider, amountCents: a.amountCents, currency: a.currency, at: a.updatedAt })),
        awaiting: { count: pending.length, oldestSince: pending[0]?.createdAt ?? null, oldestBookingId: pending[0]?.bookingId ?? null },
        failed: failed.map((a) => ({ attemptId: a.id, bookingId: a.bookingId, provider: a.provider, amountCents: a.amountCents, currency: a.currency, at: a.updatedAt })),
      };
    },
  };
}

export type PaymentStates = ReturnType<typeof createPaymentStates>;

import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AttemptSummary } from './payment-states.model.js';
import type { AttemptAttention, AttemptPurpose, AttemptStatus } from './payments.online.tables.js';
import type { PaymentMethod } from './payments.tables.js';
import type { ProviderName } from './providers/provider.js';

type Db = Kysely<DB>;
/** A week of a busy agenda or a page of the owner API stays far below the engines' limits on bound parameters. */
const SLICE = 500;

function slices<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += SLICE) result.push(items.slice(i, i + SLICE));
  return result;
}

/** Each booking's ledger entries, reduced to what a payment state needs: the amount and the method. */
export async function selectEntriesOfBookings(db: Db, bookingIds: readonly string[]): Promise<{ bookingId: string; method: PaymentMethod; amountCents: number }[]> {
  const result: { bookingId: string; method: PaymentMethod; amountCents: number }[] = [];
  for (const slice of slices(bookingIds)) {
    const rows = await db.selectFrom('payments').select(['booking_id', 'method', 'amount_cents']).where('booking_id', 'in', slice).orderBy('sequence').execute();
    for (const row of rows) result.push({ bookingId: row.booking_id, method: row.method, amountCents: Number(row.amount_cents) });
  }
  return result;
}

export type AttemptSummaryRow = AttemptSummary;

function toRow(row: { id: string; booking_id: string; provider: ProviderName; purpose: AttemptPurpose; amount_cents: number; currency: string; status: AttemptStatus; expires_at: string | Date; attention: AttemptAttention | null; created_at: string | Date; updated_at: string | Date }): AttemptSummaryRow {
  return {
    id: row.id,
    bookingId: row.booking_id,
    provider: row.provider,
    purpose: row.purpose,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    status: row.status,
    expiresAt: new Date(row.expires_at).toISOString(),
    attention: row.attention,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const attemptColumns = ['id', 'booking_id', 'provider', 'purpose', 'amount_cents', 'currency', 'status', 'expires_at', 'attention', 'created_at', 'updated_at'] as const;

/** The attempts of these bookings, the latest first. */
export async function selectAttemptsOfBookings(db: Db, bookingIds: readonly string[]): Promise<AttemptSummaryRow[]> {
  const result: AttemptSummaryRow[] = [];
  for (const slice of slices(bookingIds)) {
    const rows = await db.selectFrom('payment_attempts').select(attemptColumns).where('booking_id', 'in', slice).orderBy('created_at', 'desc').orderBy('id').execute();
    result.push(...rows.map(toRow));
  }
  return result;
}

/** Attempts still waiting for the customer, the oldest first. */
export async function selectPendingAttempts(db: Db): Promise<AttemptSummaryRow[]> {
  const rows = await db.selectFrom('payment_attempts').select(attemptColumns).where('status', '=', 'pending').orderBy('created_at').orderBy('id').execute();
  return rows.map(toRow);
}

/** Attempts the provider refused since `sinceIso`, the latest first. */
export async function selectFailedAttemptsSince(db: Db, sinceIso: string): Promise<AttemptSummaryRow[]> {
  const rows = await db.selectFrom('payment_attempts').select(attemptColumns).where('status', '=', 'failed').where('updated_at', '>=', sinceIso).orderBy('updated_at', 'desc').orderBy('id').execute();
  return rows.map(toRow);
}

/** Attempts the owner must look at (paid after the place was released, another amount than asked), the latest first. */
export async function selectAttemptsWithAttention(db: Db): Promise<AttemptSummaryRow[]> {
  const rows = await db.selectFrom('payment_attempts').select(attemptColumns).where('attention', 'is not', null).orderBy('updated_at', 'desc').orderBy('id').execute();
  return rows.map(toRow);
}

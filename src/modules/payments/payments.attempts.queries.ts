import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { AttemptAttention, AttemptStatus, PaymentAttemptsTable } from './payments.online.tables.js';
import type { PaymentAttempt } from './payments.online.model.js';
import type { FraudOutcome, ProviderName } from './providers/provider.js';

type Db = Kysely<DB>;

function toAttempt(row: Selectable<PaymentAttemptsTable>): PaymentAttempt {
  return {
    id: row.id,
    bookingId: row.booking_id,
    provider: row.provider,
    purpose: row.purpose,
    amountCents: row.amount_cents,
    currency: row.currency,
    status: row.status,
    providerRef: row.provider_ref,
    providerPaymentRef: row.provider_payment_ref,
    fraud: row.fraud_outcome ? (JSON.parse(row.fraud_outcome) as FraudOutcome) : null,
    idempotencyKey: row.idempotency_key,
    redirectUrl: row.redirect_url,
    expiresAt: new Date(row.expires_at).toISOString(),
    paymentId: row.payment_id,
    attention: row.attention,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function insertAttempt(db: Db, row: PaymentAttemptsTable): Promise<void> {
  await db.insertInto('payment_attempts').values(row).execute();
}

export async function selectAttempt(db: Db, id: string): Promise<PaymentAttempt | undefined> {
  const row = await db.selectFrom('payment_attempts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toAttempt(row);
}

export async function selectAttemptByProviderRef(db: Db, provider: ProviderName, providerRef: string): Promise<PaymentAttempt | undefined> {
  const row = await db.selectFrom('payment_attempts').selectAll().where('provider', '=', provider).where('provider_ref', '=', providerRef).executeTakeFirst();
  return row && toAttempt(row);
}

/** A booking's attempts, the latest first. */
export async function selectAttemptsOfBooking(db: Db, bookingId: string): Promise<PaymentAttempt[]> {
  const rows = await db.selectFrom('payment_attempts').selectAll().where('booking_id', '=', bookingId).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(toAttempt);
}

export async function setCheckout(db: Db, id: string, checkout: { providerRef: string; redirectUrl: string }, at: string): Promise<void> {
  await db.updateTable('payment_attempts').set({ provider_ref: checkout.providerRef, redirect_url: checkout.redirectUrl, updated_at: at }).where('id', '=', id).execute();
}

/** Moves an attempt from one of `from` to `to`; false when it was no longer in one of them (another delivery or job won). */
export async function moveAttempt(
  db: Db,
  id: string,
  from: readonly AttemptStatus[],
  change: { status: AttemptStatus; at: string; paymentRef?: string | undefined; fraud?: FraudOutcome | undefined; paymentId?: string; attention?: AttemptAttention | null },
): Promise<boolean> {
  const result = await db
    .updateTable('payment_attempts')
    .set({
      status: change.status,
      updated_at: change.at,
      ...(change.paymentRef ? { provider_payment_ref: change.paymentRef } : {}),
      ...(change.fraud ? { fraud_outcome: JSON.stringify(change.fraud) } : {}),
      ...(change.paymentId ? { payment_id: change.paymentId } : {}),
      ...(change.attention !== undefined ? { attention: change.attention } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records a provider event once; false when it was already recorded (a redelivery). Inside the transaction of its effect. */
export async function recordEvent(db: Db, row: { id: string; provider: ProviderName; event_id: string; type: string; attempt_id: string | null; received_at: string }): Promise<boolean> {
  try {
    // On PostgreSQL a failed insert aborts the transaction: ask first, then insert (the agenda lock serialises the writers).
    const seen = await db.selectFrom('provider_events').select('id').where('provider', '=', row.provider).where('event_id', '=', row.event_id).executeTakeFirst();
    if (seen) return false;
    await db.insertInto('provider_events').values(row).execute();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function selectEvents(db: Db, attemptId: string): Promise<{ eventId: string; type: string }[]> {
  const rows = await db.selectFrom('provider_events').select(['event_id', 'type']).where('attempt_id', '=', attemptId).orderBy('received_at').execute();
  return rows.map((r) => ({ eventId: r.event_id, type: r.type }));
}

/** Attempts the owner must look at: paid after the place was released, or another amount than asked. */
export async function selectAttemptsNeedingAttention(db: Db): Promise<PaymentAttempt[]> {
  const rows = await db.selectFrom('payment_attempts').selectAll().where('attention', 'is not', null).orderBy('updated_at', 'desc').execute();
  return rows.map(toAttempt);
}

import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { PaymentRefundsTable, RefundStatus } from './payments.refunds.tables.js';
import type { PaymentMethod } from './payments.tables.js';

type Db = Kysely<DB>;

/** Money given back for one payment of the ledger, and where it stands. */
export interface Refund {
  id: string;
  bookingId: string;
  paymentId: string;
  method: PaymentMethod;
  amountCents: number;
  currency: string;
  status: RefundStatus;
  providerRefundRef: string | null;
  reason: string;
  tries: number;
  failure: string | null;
  correctionId: string | null;
  createdAt: string;
  updatedAt: string;
}

function toRefund(row: Selectable<PaymentRefundsTable>): Refund {
  return {
    id: row.id,
    bookingId: row.booking_id,
    paymentId: row.payment_id,
    method: row.method,
    amountCents: row.amount_cents,
    currency: row.currency,
    status: row.status,
    providerRefundRef: row.provider_refund_ref,
    reason: row.reason,
    tries: row.tries,
    failure: row.failure,
    correctionId: row.correction_id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function insertRefund(db: Db, row: PaymentRefundsTable): Promise<void> {
  await db.insertInto('payment_refunds').values(row).execute();
}

export async function selectRefund(db: Db, id: string): Promise<Refund | undefined> {
  const row = await db.selectFrom('payment_refunds').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRefund(row);
}

export async function selectRefundByRef(db: Db, method: PaymentMethod, ref: string): Promise<Refund | undefined> {
  const row = await db.selectFrom('payment_refunds').selectAll().where('method', '=', method).where('provider_refund_ref', '=', ref).executeTakeFirst();
  return row && toRefund(row);
}

/** A booking's refunds, oldest first. */
export async function selectRefundsOfBooking(db: Db, bookingId: string): Promise<Refund[]> {
  const rows = await db.selectFrom('payment_refunds').selectAll().where('booking_id', '=', bookingId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toRefund);
}

/** Moves a refund from one of `from`; false when it was no longer in one of them (a webhook or another worker won). */
export async function moveRefund(
  db: Db,
  id: string,
  from: readonly RefundStatus[],
  change: { status: RefundStatus; at: string; providerRefundRef?: string; failure?: string | null; correctionId?: string; tries?: number },
): Promise<boolean> {
  const result = await db
    .updateTable('payment_refunds')
    .set({
      status: change.status,
      updated_at: change.at,
      ...(change.providerRefundRef !== undefined ? { provider_refund_ref: change.providerRefundRef } : {}),
      ...(change.failure !== undefined ? { failure: change.failure } : {}),
      ...(change.correctionId !== undefined ? { correction_id: change.correctionId } : {}),
      ...(change.tries !== undefined ? { tries: change.tries } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Inside the transaction of an on-site correction: the refunds by hand of that payment it
 * settles (those it covers, oldest first), marked given back with the correction that records them.
 */
export async function settleByHandWithin(db: Db, correction: { bookingId: string; correctsId: string; correctionId: string; amountCents: number; at: string }): Promise<void> {
  let left = correction.amountCents;
  for (const refund of await selectRefundsOfBooking(db, correction.bookingId)) {
    if (refund.status !== 'by_hand' || refund.paymentId !== correction.correctsId || refund.amountCents > left) continue;
    left -= refund.amountCents;
    await moveRefund(db, refund.id, ['by_hand'], { status: 'given_back', at: correction.at, correctionId: correction.correctionId });
  }
}

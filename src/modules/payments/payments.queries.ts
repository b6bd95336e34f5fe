import type { Kysely } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { DB } from '../../db/schema.js';
import type { LedgerRecord } from './payments.chain.js';
import type { ClosingRecord, DailyClosing, Payment, PaymentMethod } from './payments.model.js';
import type { PaymentClosingsTable, PaymentsTable } from './payments.tables.js';

function toPayment(row: PaymentsTable): Payment {
  return {
    id: row.id,
    sequence: Number(row.sequence),
    bookingId: row.booking_id,
    kind: row.kind,
    method: row.method,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    paidOn: row.paid_on,
    correctsId: row.corrects_id,
    reason: row.reason,
    recordedAt: new Date(row.recorded_at).toISOString(),
    recordedBy: row.recorded_by,
  };
}

function toClosing(row: PaymentClosingsTable): DailyClosing {
  return {
    sequence: Number(row.sequence),
    day: row.day,
    records: Number(row.records),
    totalCents: Number(row.total_cents),
    totalsByMethod: JSON.parse(row.totals_by_method) as Partial<Record<PaymentMethod, number>>,
    runningTotalCents: Number(row.running_total_cents),
    closedAt: row.closed_at,
  };
}

/**
 * The chain's head, locked until the transaction ends: on PostgreSQL `for update` makes every
 * other writer of the ledger (any instance) wait for this commit; on SQLite `begin immediate`
 * has already taken the database's write lock. So positions are taken one at a time.
 */
export async function lockHead(trx: Kysely<DB>, dialect: DialectName): Promise<{ sequence: number; hash: string }> {
  let query = trx.selectFrom('payment_ledger_head').select(['sequence', 'hash']).where('id', '=', 1);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirstOrThrow();
  return { sequence: Number(row.sequence), hash: row.hash };
}

export async function selectHead(db: Kysely<DB>): Promise<{ sequence: number; hash: string }> {
  const row = await db.selectFrom('payment_ledger_head').select(['sequence', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { sequence: Number(row.sequence), hash: row.hash };
}

export async function moveHead(trx: Kysely<DB>, from: number, to: { sequence: number; hash: string }): Promise<void> {
  const result = await trx.updateTable('payment_ledger_head').set({ sequence: to.sequence, hash: to.hash }).where('id', '=', 1).where('sequence', '=', from).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new Error('the payment ledger head moved during a locked write');
}

export async function insertPayment(trx: Kysely<DB>, row: PaymentsTable): Promise<void> {
  await trx.insertInto('payments').values(row).execute();
}

export async function insertClosing(trx: Kysely<DB>, row: PaymentClosingsTable): Promise<void> {
  await trx.insertInto('payment_closings').values(row).execute();
}

export async function selectPaymentsOfBooking(db: Kysely<DB>, bookingId: string): Promise<Payment[]> {
  const rows = await db.selectFrom('payments').selectAll().where('booking_id', '=', bookingId).orderBy('sequence').execute();
  return rows.map(toPayment);
}

/** A payment and the corrections that took from it, in ledger order: what may still be corrected of it, whatever booking they name. */
export async function selectPaymentWithCorrections(db: Kysely<DB>, paymentId: string): Promise<Payment[]> {
  const rows = await db.selectFrom('payments').selectAll().where((eb) => eb.or([eb('id', '=', paymentId), eb('corrects_id', '=', paymentId)])).orderBy('sequence').execute();
  return rows.map(toPayment);
}

export async function selectPaymentById(db: Kysely<DB>, id: string): Promise<Payment | undefined> {
  const row = await db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPayment(row) : undefined;
}

/** The payments and corrections appended after a position of the chain, in order. */
export async function selectPaymentsAfter(db: Kysely<DB>, sequence: number): Promise<Payment[]> {
  const rows = await db.selectFrom('payments').selectAll().where('sequence', '>', sequence).orderBy('sequence').execute();
  return rows.map(toPayment);
}

/** Payments and corrections recorded in [fromIso, toIso), in ledger order (the owner API). */
export async function selectRecordedBetween(db: Kysely<DB>, fromIso: string, toIso: string): Promise<Payment[]> {
  const rows = await db.selectFrom('payments').selectAll().where('recorded_at', '>=', fromIso).where('recorded_at', '<', toIso).orderBy('sequence').execute();
  return rows.map(toPayment);
}

/** What each booking has received (payments less corrections); bookings with no record are absent. */
export async function sumByBooking(db: Kysely<DB>, bookingIds: readonly string[]): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  // In slices: a week of a busy agenda stays far below the engines' limits on bound parameters.
  for (let i = 0; i < bookingIds.length; i += 500) {
    const slice = bookingIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('payments')
      .select(['booking_id', (eb) => eb.fn.sum<number | string>('amount_cents').as('total')])
      .where('booking_id', 'in', slice)
      .groupBy('booking_id')
      .execute();
    for (const row of rows) sums.set(row.booking_id, Number(row.total));
  }
  return sums;
}

/** Every record of the chain, in its order. */
export async function selectChain(db: Kysely<DB>): Promise<LedgerRecord[]> {
  const [payments, closings] = await Promise.all([
    db.selectFrom('payments').selectAll().orderBy('sequence').execute(),
    db.selectFrom('payment_closings').selectAll().orderBy('sequence').execute(),
  ]);
  const records: LedgerRecord[] = [
    ...payments.map((row) => ({ type: 'payment' as const, row: { ...row, sequence: Number(row.sequence), amount_cents: Number(row.amount_cents) } })),
    ...closings.map((row) => ({
      type: 'closing' as const,
      row: { ...row, sequence: Number(row.sequence), records: Number(row.records), total_cents: Number(row.total_cents), running_total_cents: Number(row.running_total_cents) },
    })),
  ];
  return records.sort((a, b) => a.row.sequence - b.row.sequence);
}

export async function selectLastClosing(db: Kysely<DB>): Promise<DailyClosing | undefined> {
  const row = await db.selectFrom('payment_closings').selectAll().orderBy('sequence', 'desc').limit(1).executeTakeFirst();
  return row ? toClosing(row) : undefined;
}

export async function selectClosings(db: Kysely<DB>, limit: number): Promise<DailyClosing[]> {
  const rows = await db.selectFrom('payment_closings').selectAll().orderBy('day', 'desc').limit(limit).execute();
  return rows.map(toClosing);
}

export async function selectFirstRecordedAt(db: Kysely<DB>): Promise<string | undefined> {
  const row = await db.selectFrom('payments').select('recorded_at').orderBy('sequence').limit(1).executeTakeFirst();
  return row?.recorded_at;
}

/** The records of [fromIso, toIso): how many, and their totals per method. */
export async function totalsBetween(db: Kysely<DB>, fromIso: string, toIso: string): Promise<{ records: number; byMethod: Map<PaymentMethod, number> }> {
  const rows = await db
    .selectFrom('payments')
    .select(['method', (eb) => eb.fn.countAll<number | string>().as('records'), (eb) => eb.fn.sum<number | string>('amount_cents').as('total')])
    .where('recorded_at', '>=', fromIso)
    .where('recorded_at', '<', toIso)
    .groupBy('method')
    .execute();
  const byMethod = new Map<PaymentMethod, number>();
  let records = 0;
  for (const row of rows) {
    byMethod.set(row.method, Number(row.total));
    records += Number(row.records);
  }
  return { records, byMethod };
}

/** Payments and corrections whose day (`paid_on`, the day the money changed hands) is between two local dates, both included, in ledger order. */
export async function selectEntriesPaidBetween(db: Kysely<DB>, from: string, to: string): Promise<Payment[]> {
  const rows = await db.selectFrom('payments').selectAll().where('paid_on', '>=', from).where('paid_on', '<=', to).orderBy('paid_on').orderBy('sequence').execute();
  return rows.map(toPayment);
}

/** The daily closings of the days between two local dates, both included, with their place and hash in the chain. */
export async function selectClosingRecordsBetween(db: Kysely<DB>, from: string, to: string): Promise<ClosingRecord[]> {
  const rows = await db.selectFrom('payment_closings').selectAll().where('day', '>=', from).where('day', '<=', to).orderBy('day').execute();
  return rows.map((row) => ({ ...toClosing(row), previousHash: row.previous_hash, hash: row.hash }));
}

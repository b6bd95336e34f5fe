import type { Kysely } from 'kysely';

/**
 * A waiting invoice (`invoice_pending`) outlives its customer's erasure: the law requires the
 * invoice of a payment that stays recorded. After the erasure the payments no longer name their
 * booking, so the row keeps what issuing needs of them (`payments`, JSON: sequence, kind, method,
 * amount, day, the payment it corrects, reason) and says when its buyer was erased (`erased_at`):
 * « Émettre la facture » then issues it for « Client effacé ». Rows already waiting get their
 * payments from the ledger here, once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invoice_pending').addColumn('payments', 'text').execute();
  await db.schema.alterTable('invoice_pending').addColumn('erased_at', 'text').execute();
  const waiting = await db.selectFrom('invoice_pending').select('booking_id').execute();
  for (const { booking_id } of waiting as { booking_id: string }[]) {
    const rows = await db
      .selectFrom('payments')
      .select(['id', 'sequence', 'kind', 'method', 'amount_cents', 'paid_on', 'corrects_id', 'reason'])
      .where('booking_id', '=', booking_id)
      .orderBy('sequence')
      .execute();
    const facts = rows.map((r) => ({ id: r.id, sequence: Number(r.sequence), kind: r.kind, method: r.method, amountCents: Number(r.amount_cents), paidOn: r.paid_on, correctsId: r.corrects_id, reason: r.reason }));
    await db.updateTable('invoice_pending').set({ payments: JSON.stringify(facts) }).where('booking_id', '=', booking_id).execute();
  }
}

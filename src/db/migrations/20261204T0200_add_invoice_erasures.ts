import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * Erasure of an invoice's buyer (issue 8 item 7): the document is first copied unchanged to the
 * legal archive, then its buyer is anonymised in place, so that the numbering, the amounts and the
 * hash chain stay (ledger verify checks the chain against the archived copy). The database still
 * refuses every other change and every delete: an update passes only for a document listed in
 * `invoice_erasures` and only when it leaves every column but buyer, document and pdf as they were.
 * The chain tables and `invoice/1` (20261203T0300) are untouched.
 */
const refusal = 'an issued invoice is never changed or deleted: issue a credit note';

/** Every column an erasure leaves as it was (all but buyer, document and pdf). */
const kept = ['id', 'number', 'type', 'year', 'sequence', 'booking_id', 'source_key', 'corrects_number', 'issue_date', 'service_date', 'net_cents', 'vat_cents', 'gross_cents', 'seller', 'created_at'];

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('invoice_erasures')
    .addColumn('invoice_id', 'text', (c) => c.primaryKey())
    .addColumn('erased_at', instantColumnType(dialect), (c) => c.notNull())
    // « erasure » (the person's request) or « retention » (the end of the document's active life).
    .addColumn('cause', 'text', (c) => c.notNull())
    .execute();
  if (dialect === 'postgres') {
    const unchanged = kept.map((c) => `new.${c} is not distinct from old.${c}`).join(' and ');
    await sql
      .raw(
        `create or replace function invoices_never_change() returns trigger language plpgsql as $$
        begin
          if tg_op = 'UPDATE' and ${unchanged} and exists (select 1 from invoice_erasures e where e.invoice_id = old.id) then
            return new;
          end if;
          raise exception '${refusal}';
        end $$`,
      )
      .execute(db);
  } else {
    const unchanged = kept.map((c) => `new.${c} is old.${c}`).join(' and ');
    await sql`drop trigger invoices_never_updated`.execute(db);
    await sql
      .raw(
        `create trigger invoices_never_updated before update on invoices
        when not (${unchanged} and exists (select 1 from invoice_erasures e where e.invoice_id = old.id))
        begin select raise(abort, '${refusal}'); end`,
      )
      .execute(db);
  }
}

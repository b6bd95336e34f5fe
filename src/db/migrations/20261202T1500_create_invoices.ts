import { sql, type Kysely } from 'kysely';
import { binaryColumnType, instantColumnType, type DialectName } from '../dialect.js';

/**
 * Invoices and credit notes (issue 7 items 7 and 8): one gapless sequence per calendar year and
 * document type, drawn from a counter row updated in the issuing transaction. Issued documents are
 * never changed: no foreign key to bookings (a booking erased for privacy leaves its invoices, kept
 * 10 years), and the Factur-X PDF is stored as issued. The database itself refuses to change or
 * delete an issued document (a trigger on each engine): a correction is a credit note.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('invoice_counters')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_sequence', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_counters_pk', ['type', 'year'])
    .execute();
  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('invoice', 'credit_note')`))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('booking_id', 'text')
    .addColumn('source_key', 'text', (c) => c.unique())
    .addColumn('corrects_number', 'text')
    .addColumn('issue_date', 'text', (c) => c.notNull())
    .addColumn('service_date', 'text', (c) => c.notNull())
    .addColumn('net_cents', 'integer', (c) => c.notNull())
    .addColumn('vat_cents', 'integer', (c) => c.notNull())
    .addColumn('gross_cents', 'integer', (c) => c.notNull())
    .addColumn('seller', 'text', (c) => c.notNull())
    .addColumn('buyer', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('pdf', binaryColumnType(dialect), (c) => c.notNull())
    .addColumn('created_at', instantColumnType(dialect), (c) => c.notNull())
    .addUniqueConstraint('invoices_type_year_sequence_unique', ['type', 'year', 'sequence'])
    .execute();
  await db.schema.createIndex('invoices_booking_id').on('invoices').column('booking_id').execute();
  await db.schema.createIndex('invoices_corrects_number').on('invoices').column('corrects_number').execute();
  if (dialect === 'postgres') {
    await sql`create function invoices_never_change() returns trigger language plpgsql as $$
      begin raise exception 'an issued invoice is never changed or deleted: issue a credit note'; end $$`.execute(db);
    await sql`create trigger invoices_never_change before update or delete on invoices for each row execute function invoices_never_change()`.execute(db);
  } else {
    await sql`create trigger invoices_never_updated before update on invoices
      begin select raise(abort, 'an issued invoice is never changed or deleted: issue a credit note'); end`.execute(db);
    await sql`create trigger invoices_never_deleted before delete on invoices
      begin select raise(abort, 'an issued invoice is never changed or deleted: issue a credit note'); end`.execute(db);
  }
}

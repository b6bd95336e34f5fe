import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { instantColumnType, type DialectName } from '../dialect.js';

/**
 * Invoices and credit notes join the inalterability rule (issue 7 item 9): each issued document
 * takes the next position of a hash chain of its own (`invoice_chain`, its head one row), whose
 * hash covers every printed field and the SHA-256 of the PDF as issued. A separate table, so that
 * the invoices table, which the database refuses to update, is not altered. And the invoices a
 * payment could not issue yet (the seller's SIRET or the buyer's address missing) wait in
 * `invoice_pending` until the owner issues them from /admin/factures.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const instant = instantColumnType(dialect);
  await db.schema
    .createTable('invoice_chain')
    .addColumn('sequence', 'integer', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().unique())
    .addColumn('pdf_sha256', 'text', (c) => c.notNull())
    .addColumn('previous_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('invoice_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('invoice_pending')
    .addColumn('booking_id', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('missing', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('paid_cents', 'integer', (c) => c.notNull())
    .addColumn('since', instant, (c) => c.notNull())
    .execute();

  // The documents issued before this migration are chained in their order of issue, as issued.
  const rows = await db.selectFrom('invoices').selectAll().orderBy('created_at').orderBy('number').execute();
  let previous = '0'.repeat(64);
  let sequence = 0;
  for (const row of rows) {
    sequence++;
    const pdfSha256 = createHash('sha256').update(Buffer.from(row.pdf)).digest('hex');
    const hash = createHash('sha256').update(`${previous}\n${canonicalV1(row, pdfSha256, sequence, previous)}`, 'utf8').digest('hex');
    await db.insertInto('invoice_chain').values({ sequence, invoice_id: row.id, pdf_sha256: pdfSha256, previous_hash: previous, hash }).execute();
    previous = hash;
  }
  await db.insertInto('invoice_chain_head').values({ id: 1, sequence, hash: previous }).execute();
}

/** The invoices module's `invoice/1` canonical form (invoices.chain.ts), frozen here as this migration shipped it. */
function canonicalV1(row: Record<string, any>, pdfSha256: string, sequence: number, previousHash: string): string {
  return JSON.stringify([
    'invoice/1',
    sequence,
    row.id,
    row.number,
    row.type,
    Number(row.year),
    Number(row.sequence),
    row.booking_id,
    row.source_key,
    row.corrects_number,
    row.issue_date,
    row.service_date,
    Number(row.net_cents),
    Number(row.vat_cents),
    Number(row.gross_cents),
    row.seller,
    row.buyer,
    row.document,
    pdfSha256,
    new Date(row.created_at).toISOString(),
    previousHash,
  ]);
}

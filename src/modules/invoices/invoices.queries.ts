import type { Kysely } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { DB } from '../../db/schema.js';
import type { DocumentType, InvoiceDocument, IssuedDocument, Party, Seller } from './invoice.model.js';
import type { InvoiceLink } from './invoices.chain.js';
import type { InvoiceChainTable, InvoicePendingTable, InvoicesTable } from './invoices.tables.js';

/**
 * Every query of the invoices module. Invoices are inserted and read: there is deliberately no
 * update or delete of an issued document here (corrections are credit notes).
 */


const summaryColumns = [
  'id',
  'number',
  'type',
  'booking_id',
  'source_key',
  'corrects_number',
  'issue_date',
  'service_date',
  'net_cents',
  'vat_cents',
  'gross_cents',
  'seller',
  'buyer',
  'document',
  'created_at',
] as const;

function toIssued(row: Omit<InvoicesTable, 'pdf' | 'year' | 'sequence'>): IssuedDocument {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    bookingId: row.booking_id,
    sourceKey: row.source_key,
    correctsNumber: row.corrects_number,
    issueDate: row.issue_date,
    serviceDate: row.service_date,
    netCents: Number(row.net_cents),
    vatCents: Number(row.vat_cents),
    grossCents: Number(row.gross_cents),
    seller: JSON.parse(row.seller) as Seller,
    buyer: JSON.parse(row.buyer) as Party,
    document: JSON.parse(row.document) as InvoiceDocument,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * The next number of the year's sequence. The counter row is created if absent, then locked
 * (PostgreSQL: `for update`, held until the issuing transaction ends; SQLite: `begin immediate`
 * already holds the database's write lock), so two issuers, in two processes, take turns: no
 * number twice, and a rolled-back issue gives its number back with the rollback.
 */
export async function lockCounter(trx: Kysely<DB>, dialect: DialectName, type: DocumentType, year: number): Promise<number> {
  await trx.insertInto('invoice_counters').values({ type, year, last_sequence: 0 }).onConflict((oc) => oc.columns(['type', 'year']).doNothing()).execute();
  const query = trx.selectFrom('invoice_counters').select('last_sequence').where('type', '=', type).where('year', '=', year);
  const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
  return Number(row.last_sequence);
}

export async function advanceCounter(trx: Kysely<DB>, type: DocumentType, year: number, sequence: number): Promise<void> {
  await trx.updateTable('invoice_counters').set({ last_sequence: sequence }).where('type', '=', type).where('year', '=', year).where('last_sequence', '=', sequence - 1).executeTakeFirstOrThrow();
}

export async function insertDocument(trx: Kysely<DB>, row: InvoicesTable): Promise<void> {
  await trx.insertInto('invoices').values(row).execute();
}

export async function selectBySourceKey(db: Kysely<DB>, sourceKey: string): Promise<IssuedDocument | undefined> {
  const row = await db.selectFrom('invoices').select(summaryColumns).where('source_key', '=', sourceKey).executeTakeFirst();
  return row ? toIssued(row) : undefined;
}

export async function selectByNumber(db: Kysely<DB>, number: string): Promise<IssuedDocument | undefined> {
  const row = await db.selectFrom('invoices').select(summaryColumns).where('number', '=', number).executeTakeFirst();
  return row ? toIssued(row) : undefined;
}

export async function selectForBooking(db: Kysely<DB>, bookingId: string): Promise<IssuedDocument[]> {
  // An invoice before its credit notes when issued in the same instant.
  const rows = await db.selectFrom('invoices').select(summaryColumns).where('booking_id', '=', bookingId).orderBy('created_at').orderBy('type', 'desc').orderBy('number').execute();
  return rows.map(toIssued);
}

/** The credit notes already issued against an invoice: their total, so that no more is taken back than was billed. */
export async function selectCreditedCents(db: Kysely<DB>, invoiceNumber: string): Promise<number> {
  const row = await db.selectFrom('invoices').select((eb) => eb.fn.sum<string | number>('gross_cents').as('total')).where('corrects_number', '=', invoiceNumber).executeTakeFirst();
  return Number(row?.total ?? 0);
}

export async function selectPage(db: Kysely<DB>, options: { limit: number; offset: number }): Promise<{ items: IssuedDocument[]; total: number }> {
  const rows = await db.selectFrom('invoices').select(summaryColumns).orderBy('created_at', 'desc').orderBy('number', 'desc').limit(options.limit).offset(options.offset).execute();
  const count = await db.selectFrom('invoices').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return { items: rows.map(toIssued), total: Number(count.n) };
}

export async function selectPdf(db: Kysely<DB>, number: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('invoices').select('pdf').where('number', '=', number).executeTakeFirst();
  // An erased document's PDF is empty here: the PDF as issued is in the legal archive (owner only).
  return row && Buffer.from(row.pdf).length > 0 ? Buffer.from(row.pdf) : undefined;
}

/** Every number of a type and year, in order: the tests check the sequence has no hole. */
export async function selectSequences(db: Kysely<DB>, type: DocumentType, year: number): Promise<number[]> {
  const rows = await db.selectFrom('invoices').select('sequence').where('type', '=', type).where('year', '=', year).orderBy('sequence').execute();
  return rows.map((r) => Number(r.sequence));
}

/** Invoices and credit notes issued between two local dates (both included), in issue order: the owner's list and the accountant's exports. */
export async function selectIssuedInPeriod(db: Kysely<DB>, from: string, to: string): Promise<IssuedDocument[]> {
  const rows = await db
    .selectFrom('invoices')
    .select(summaryColumns)
    .where('issue_date', '>=', from)
    .where('issue_date', '<=', to)
    .orderBy('issue_date')
    .orderBy('created_at')
    .orderBy('number')
    .execute();
  return rows.map(toIssued);
}

/** Only the numbers of the period, in issue order: the zip of PDFs then reads each PDF alone, so memory stays bounded. */
/**
 * The numbers, among those issued in the period, of the documents whose PDF as issued left for the
 * legal archive (their buyer anonymised: erasure or end of active life); their PDF here is empty.
 */
export async function selectArchivedNumbersInPeriod(db: Kysely<DB>, from: string, to: string): Promise<string[]> {
  const rows = await db
    .selectFrom('invoices')
    .innerJoin('invoice_erasures', 'invoice_erasures.invoice_id', 'invoices.id')
    .select('invoices.number')
    .where('invoices.issue_date', '>=', from)
    .where('invoices.issue_date', '<=', to)
    .orderBy('invoices.number')
    .execute();
  return rows.map((r) => r.number);
}

export async function selectNumbersInPeriod(db: Kysely<DB>, from: string, to: string): Promise<string[]> {
  const rows = await db
    .selectFrom('invoices')
    .select('number')
    .where('issue_date', '>=', from)
    .where('issue_date', '<=', to)
    .orderBy('issue_date')
    .orderBy('created_at')
    .orderBy('number')
    .execute();
  return rows.map((r) => r.number);
}

/** The credit notes issued against each of these invoices (whenever issued), by invoice number. */
export async function selectCreditNotesOf(db: Kysely<DB>, invoiceNumbers: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (let i = 0; i < invoiceNumbers.length; i += 500) {
    const rows = await db
      .selectFrom('invoices')
      .select(['number', 'corrects_number'])
      .where('corrects_number', 'in', invoiceNumbers.slice(i, i + 500))
      .orderBy('number')
      .execute();
    for (const row of rows) found.set(row.corrects_number!, [...(found.get(row.corrects_number!) ?? []), row.number]);
  }
  return found;
}

/** The chain's head, locked until the issuing transaction ends (PostgreSQL `for update`; SQLite's `begin immediate` holds the write lock). */
export async function lockChainHead(trx: Kysely<DB>, dialect: DialectName): Promise<{ sequence: number; hash: string }> {
  const query = trx.selectFrom('invoice_chain_head').select(['sequence', 'hash']).where('id', '=', 1);
  const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
  return { sequence: Number(row.sequence), hash: row.hash };
}

export async function appendChainLink(trx: Kysely<DB>, link: InvoiceChainTable, from: number): Promise<void> {
  await trx.insertInto('invoice_chain').values(link).execute();
  const moved = await trx.updateTable('invoice_chain_head').set({ sequence: link.sequence, hash: link.hash }).where('id', '=', 1).where('sequence', '=', from).executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new Error('the invoice chain head moved during a locked write');
}

export async function selectChainHead(db: Kysely<DB>): Promise<{ sequence: number; hash: string }> {
  const row = await db.selectFrom('invoice_chain_head').select(['sequence', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { sequence: Number(row.sequence), hash: row.hash };
}

/** Every link with its document (read one document at a time: each holds its PDF), in chain order; and every issued document's id. */
export async function selectChain(db: Kysely<DB>): Promise<{ links: InvoiceLink[]; documentIds: string[] }> {
  const chain = await db.selectFrom('invoice_chain').selectAll().orderBy('sequence').execute();
  const links: InvoiceLink[] = [];
  for (const link of chain) {
    const invoice = await db.selectFrom('invoices').selectAll().where('id', '=', link.invoice_id).executeTakeFirst();
    links.push({ ...link, sequence: Number(link.sequence), invoice });
  }
  const documentIds = (await db.selectFrom('invoices').select('id').execute()).map((r) => r.id);
  return { links, documentIds };
}

/** Documents issued between two calendar days (inclusive), in number order: invoices and credit notes. */
export async function selectIssuedBetween(db: Kysely<DB>, from: string, to: string): Promise<IssuedDocument[]> {
  const rows = await db.selectFrom('invoices').select(summaryColumns).where('issue_date', '>=', from).where('issue_date', '<=', to).orderBy('type').orderBy('year').orderBy('sequence').execute();
  return rows.map(toIssued);
}

export async function selectForBookings(db: Kysely<DB>, bookingIds: readonly string[]): Promise<IssuedDocument[]> {
  if (bookingIds.length === 0) return [];
  const rows = await db.selectFrom('invoices').select(summaryColumns).where('booking_id', 'in', [...bookingIds]).orderBy('created_at').orderBy('type', 'desc').orderBy('number').execute();
  return rows.map(toIssued);
}

/** Records (or updates) why a paid booking's invoice waits. */
export async function upsertPending(trx: Kysely<DB>, row: InvoicePendingTable): Promise<void> {
  await trx
    .insertInto('invoice_pending')
    .values(row)
    .onConflict((oc) => oc.column('booking_id').doUpdateSet({ reason: row.reason, missing: row.missing, label: row.label, paid_cents: row.paid_cents, payments: row.payments }))
    .execute();
}

export async function deletePending(trx: Kysely<DB>, bookingId: string): Promise<void> {
  await trx.deleteFrom('invoice_pending').where('booking_id', '=', bookingId).execute();
}

export interface PendingInvoice {
  bookingId: string;
  reason: string;
  missing: string;
  label: string;
  paidCents: number;
  since: string;
  /** The payments kept with the row (PaymentFact[] as JSON), null on rows written before they were. */
  payments: string | null;
  erasedAt: string | null;
}

const toPending = (row: InvoicePendingTable): PendingInvoice => ({
  bookingId: row.booking_id,
  reason: row.reason,
  missing: row.missing,
  label: row.label,
  paidCents: Number(row.paid_cents),
  since: new Date(row.since).toISOString(),
  payments: row.payments,
  erasedAt: row.erased_at,
});

export async function selectPending(db: Kysely<DB>): Promise<PendingInvoice[]> {
  return (await db.selectFrom('invoice_pending').selectAll().orderBy('since').execute()).map(toPending);
}

export async function selectPendingOf(db: Kysely<DB>, bookingId: string): Promise<PendingInvoice | undefined> {
  const row = await db.selectFrom('invoice_pending').selectAll().where('booking_id', '=', bookingId).executeTakeFirst();
  return row ? toPending(row) : undefined;
}

import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Localized } from '../../platform/i18n/locale.js';
import { fiscalYearsEndedBefore } from '../../platform/period.js';
import { bookingIdsOfSubject } from '../../platform/personal-data.js';
import type { DataSubject, ErasureLine, PersonalDataFound, PersonalDataPort, PersonalRecords, PortContext, RetentionRule } from '../../platform/privacy-register.js';
import type { Party } from './invoice.model.js';
import { anonymisedInvoiceRow, archiveKindOf, erasedPendingLabel, erasedPendingPayments, INVOICE_ARCHIVE_GROUND, invoiceKeepUntil } from './invoices.erasure.js';
import type { InvoicesTable } from './invoices.tables.js';

const labels = {
  invoices: { fr: 'Factures', en: 'Invoices' },
  creditNotes: { fr: 'Avoirs', en: 'Credit notes' },
  pending: { fr: 'Factures en attente d’émission', en: 'Invoices waiting to be issued' },
} satisfies Record<string, Localized>;

/** The person's documents not yet anonymised (an erased one is the archive's, and is no longer theirs here). */
async function documentsOf(db: Kysely<DB>, bookingIds: string[]): Promise<InvoicesTable[]> {
  if (bookingIds.length === 0) return [];
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('booking_id', 'in', bookingIds)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('invoice_erasures').select('invoice_id').whereRef('invoice_erasures.invoice_id', '=', 'invoices.id'))))
    .orderBy('number')
    .execute();
}

async function pendingOf(db: Kysely<DB>, bookingIds: string[]) {
  if (bookingIds.length === 0) return [];
  return db.selectFrom('invoice_pending').selectAll().where('booking_id', 'in', bookingIds).execute();
}

/**
 * Copies a document unchanged to the legal archive (its row as JSON, its PDF as issued), then
 * anonymises its buyer here: numbers, amounts, dates and the chain stay (invoices.erasure.ts).
 */
export async function archiveAndAnonymise(ctx: PortContext, row: InvoicesTable, customerId: string | null, cause: 'erasure' | 'retention'): Promise<void> {
  const { pdf, ...record } = row;
  await ctx.archive.put({
    kind: archiveKindOf(row.type),
    recordId: row.id,
    customerId,
    record,
    files: [{ name: `${row.number}.pdf`, content: Buffer.from(pdf) }],
    ground: INVOICE_ARCHIVE_GROUND,
    keepUntil: invoiceKeepUntil(row.issue_date),
  });
  await ctx.db.insertInto('invoice_erasures').values({ invoice_id: row.id, erased_at: ctx.now.toISOString(), cause }).onConflict((oc) => oc.column('invoice_id').doNothing()).execute();
  const erased = anonymisedInvoiceRow(row);
  await ctx.db.updateTable('invoices').set({ buyer: erased.buyer, document: erased.document, pdf: erased.pdf }).where('id', '=', row.id).execute();
}

function exportRow(row: InvoicesTable) {
  const buyer = JSON.parse(row.buyer) as Party;
  const a = buyer.address;
  return {
    number: row.number,
    issue_date: row.issue_date,
    service_date: row.service_date,
    corrects_number: row.corrects_number,
    net_cents: Number(row.net_cents),
    vat_cents: Number(row.vat_cents),
    gross_cents: Number(row.gross_cents),
    buyer_name: buyer.name,
    buyer_address: [a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country].filter(Boolean).join(', '),
    buyer_siren: buyer.siren ?? null,
    buyer_vat_number: buyer.vatNumber ?? null,
  };
}

/** Why a waiting invoice is kept, anonymised, rather than deleted. */
const PENDING_KEPT_GROUND: Localized = {
  fr: 'Code général des impôts, art. 289\u00a0: une prestation payée doit être facturée\u00a0; la facture sera émise au nom de «\u00a0Client effacé\u00a0»',
  en: 'French General Tax Code, art. 289: a paid service must be invoiced; the invoice will be issued to “Client effacé” (erased customer)',
};

const latestUntil = (rows: InvoicesTable[]) => rows.map((r) => invoiceKeepUntil(r.issue_date)).sort().at(-1)!;

export const invoicesPersonalData: PersonalDataPort = {
  async find(ctx, subject): Promise<PersonalDataFound[]> {
    const bookingIds = await bookingIdsOfSubject(ctx.db, subject);
    const documents = await documentsOf(ctx.db, bookingIds);
    const pending = await pendingOf(ctx.db, bookingIds);
    const invoices = documents.filter((d) => d.type === 'invoice').length;
    const credits = documents.length - invoices;
    return [
      ...(invoices > 0 ? [{ kind: 'invoices', label: labels.invoices, count: invoices }] : []),
      ...(credits > 0 ? [{ kind: 'credit-notes', label: labels.creditNotes, count: credits }] : []),
      ...(pending.length > 0 ? [{ kind: 'pending-invoices', label: labels.pending, count: pending.length }] : []),
    ];
  },

  /** Each document with its PDF as issued (the Factur-X file the invoices module generated), one CSV per type. */
  async export(ctx, subject): Promise<PersonalRecords[]> {
    const bookingIds = await bookingIdsOfSubject(ctx.db, subject);
    const documents = await documentsOf(ctx.db, bookingIds);
    const pending = await pendingOf(ctx.db, bookingIds);
    const records: PersonalRecords[] = [];
    for (const [kind, type, label] of [['invoices', 'invoice', labels.invoices], ['credit-notes', 'credit_note', labels.creditNotes]] as const) {
      const ofType = documents.filter((d) => d.type === type);
      if (ofType.length === 0) continue;
      records.push({ kind, label, activities: ['invoicing'], rows: ofType.map(exportRow), files: ofType.map((d) => ({ name: `${d.number}.pdf`, content: Buffer.from(d.pdf) })) });
    }
    if (pending.length > 0) {
      records.push({ kind: 'pending-invoices', label: labels.pending, activities: ['invoicing'], rows: pending.map((p) => ({ booking_id: p.booking_id, label: p.label, missing: p.missing, paid_cents: Number(p.paid_cents), since: p.since })) });
    }
    return records;
  },

  /**
   * Invoices and credit notes are kept ten years (L123-22, LPF L102 B): each is copied unchanged to
   * the legal archive, then its buyer anonymised here. A waiting invoice stays (the payment it bills
   * stays recorded, and the law requires its invoice): its label loses the customer's name, and
   * « Émettre la facture » issues it later for « Client effacé », from the payments it kept.
   */
  async erase(ctx, subject): Promise<ErasureLine[]> {
    const bookingIds = await bookingIdsOfSubject(ctx.db, subject);
    const documents = await documentsOf(ctx.db, bookingIds);
    for (const row of documents) await archiveAndAnonymise(ctx, row, subject.customerId, 'erasure');
    const lines: ErasureLine[] = [];
    for (const [kind, type, label] of [['invoices', 'invoice', labels.invoices], ['credit-notes', 'credit_note', labels.creditNotes]] as const) {
      const ofType = documents.filter((d) => d.type === type);
      if (ofType.length > 0) lines.push({ kind, label, action: 'archived', count: ofType.length, ground: INVOICE_ARCHIVE_GROUND, until: latestUntil(ofType) });
    }
    const pending = await pendingOf(ctx.db, bookingIds);
    for (const row of pending) {
      await ctx.db
        .updateTable('invoice_pending')
        .set({ label: erasedPendingLabel(row.label), payments: erasedPendingPayments(row.payments), erased_at: ctx.now.toISOString() })
        .where('booking_id', '=', row.booking_id)
        .execute();
    }
    if (pending.length > 0) lines.push({ kind: 'pending-invoices', label: labels.pending, action: 'anonymised', count: pending.length, ground: PENDING_KEPT_GROUND });
    return lines;
  },
};

/**
 * Active life: two years after the end of the financial year of issue. Long enough for the owner
 * to answer a customer's question or a claim on it (a consumer's action prescribes in two years,
 * Code de la consommation L218-2, and the following annual closing is done) and for the
 * accountant's closing; then the document leaves the working data for the archive, which keeps it
 * the eight years left of the ten L123-22 asks for.
 */
export const invoicesRetention: RetentionRule[] = [
  {
    id: 'invoices.active-life',
    activity: 'invoicing',
    records: { fr: 'vos factures et avoirs', en: 'your invoices and credit notes' },
    keep: { years: 2 },
    from: { fr: 'la fin de l’exercice de leur émission', en: 'the end of the financial year of their issue' },
    then: 'archive',
    archive: { ground: INVOICE_ARCHIVE_GROUND, keep: { years: 8 } },
    async apply(ctx, cutoff, { dryRun }) {
      const due = await ctx.db
        .selectFrom('invoices')
        .leftJoin('bookings', 'bookings.id', 'invoices.booking_id')
        .selectAll('invoices')
        .select('bookings.customer_id as customer_id')
        .where('invoices.issue_date', '<', fiscalYearsEndedBefore(cutoff))
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('invoice_erasures').select('invoice_id').whereRef('invoice_erasures.invoice_id', '=', 'invoices.id'))))
        .orderBy('invoices.number')
        .execute();
      if (!dryRun) for (const { customer_id, ...row } of due) await archiveAndAnonymise(ctx, row as InvoicesTable, customer_id, 'retention');
      return due.length;
    },
  },
];

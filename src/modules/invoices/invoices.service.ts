import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus } from '../jobs/index.js';
import { newId } from '../../platform/ids.js';
import { localDateOf } from '../../platform/time-zone.js';
import { facturXml } from './facturx-xml.js';
import { renderInvoicePdf } from './invoice-pdf.js';
import { deductionLabel, euros } from './invoice-texts.js';
import { computeFinalLines, computeLines, type DepositDeducted, type DocumentType, type InvoiceDocument, type InvoiceKind, type IssuedDocument, type LineInput, type Party, type Seller, type VatBreakdown } from './invoice.model.js';
import { invoiceErrors } from './invoices.errors.js';
import type { ArchivedCopyLookup } from '../../platform/legal-archive.js';
import { describeInvoiceVerdict, documentMatchesLink, invoiceCanonical, invoiceChainHash, sha256Hex, verifyInvoiceChain, type InvoiceLink } from './invoices.chain.js';
import { archiveKindOf } from './invoices.erasure.js';
import * as queries from './invoices.queries.js';
import type { InvoicesTable } from './invoices.tables.js';
import { issueCreditNoteSchema, issueInvoiceSchema, type IssueCreditNoteInput, type IssueInvoiceInput } from './invoices.schemas.js';

export type { IssuedDocument } from './invoice.model.js';

export interface InvoicesDeps {
  database: Database;
  clock: Clock;
  /** The settings module's profile as this instance holds it (no query: issuing runs inside the caller's transaction). */
  settings: { snapshot(): BusinessProfile; mailLogo(): { id: string; png: Buffer } | undefined };
  /** Publishes invoice.issued (subject: the number) in the issuing transaction, whoever issues. */
  events?: Pick<EventBus, 'publishWithin'>;
}

export type InvoicesService = ReturnType<typeof createInvoicesService>;

const PREFIX: Record<DocumentType, string> = { invoice: 'F', credit_note: 'A' };

/** F-2026-000001: the type's letter, the year, the sequence on six digits. */
export const formatNumber = (type: DocumentType, year: number, sequence: number) => `${PREFIX[type]}-${year}-${String(sequence).padStart(6, '0')}`;

/** The mentions French law requires of the seller; an invoice lacking one is not issued. */
function sellerOf(profile: BusinessProfile): Seller {
  const missing = [
    ...(profile.siret ? [] : ['SIRET']),
    ...(!profile.vatExempt && !profile.vatNumber ? ['numéro de TVA intracommunautaire'] : []),
  ];
  if (missing.length) throw invoiceErrors.SELLER_DETAILS_MISSING({ missing: missing.join(', ') });
  return {
    name: profile.name,
    legalName: profile.legalName,
    legalForm: profile.legalForm,
    address: { ...profile.address },
    ...(profile.siret ? { siret: profile.siret } : {}),
    ...(profile.vatNumber ? { vatNumber: profile.vatNumber } : {}),
    vatExempt: profile.vatExempt,
    // Chosen in the settings; otherwise VAT is due on receipt, the rule for services.
    vatOnDebits: profile.vatOnDebits ?? false,
    ...(profile.latePaymentRateBp !== undefined ? { latePaymentRateBp: profile.latePaymentRateBp } : {}),
    email: profile.email,
  };
}

/**
 * Invoices and credit notes under French law, as Factur-X PDF/A-3 files. Issued inside the
 * caller's transaction (payments confirms a payment and issues its invoice in one commit), numbered
 * from a counter locked in that transaction: one gapless sequence per year and type across every
 * process. Issued documents are only ever read afterwards.
 */
export function createInvoicesService({ database, clock, settings, events }: InvoicesDeps) {
  async function issue(
    trx: Kysely<DB>,
    type: DocumentType,
    fields: {
      bookingId: string | null;
      sourceKey: string | null;
      correctsNumber: string | null;
      buyer: Party;
      lines: LineInput[];
      vatExempt: boolean;
      serviceDate: string;
      paymentTerms: string;
      paidCents: number;
      reason?: string;
      corrects?: { number: string; issueDate: string; kind?: InvoiceKind };
      kind?: InvoiceKind;
      deposit?: { paidOn: string; servicePriceCents: number };
      deposits?: DepositDeducted[];
    },
  ): Promise<IssuedDocument> {
    const profile = settings.snapshot();
    const seller = { ...sellerOf(profile), vatExempt: fields.vatExempt };
    const issueDate = localDateOf(clock.now().getTime(), profile.timezone);
    const year = Number(issueDate.slice(0, 4));
    const last = await queries.lockCounter(trx, database.dialect, type, year);
    // Then the chain's head: every issuer takes the counter, then the head, in that order (no deadlock).
    const head = await queries.lockChainHead(trx, database.dialect);
    // Checked under the counter's lock: two deliveries of the same payment cannot both pass.
    if (fields.sourceKey) {
      const existing = await queries.selectBySourceKey(trx, fields.sourceKey);
      if (existing) return existing;
    }
    const sequence = last + 1;
    const number = formatNumber(type, year, sequence);
    const { lines, totals, serviceTotals } = fields.deposits?.length
      ? computeFinalLines(fields.lines, fields.deposits, fields.vatExempt, deductionLabel)
      : { ...computeLines(fields.lines, fields.vatExempt), serviceTotals: undefined };
    const document: InvoiceDocument = {
      type,
      ...(fields.kind ? { kind: fields.kind } : {}),
      ...(fields.deposit ? { deposit: fields.deposit } : {}),
      ...(fields.deposits?.length ? { deposits: fields.deposits, serviceTotals } : {}),
      number,
      issueDate,
      serviceDate: fields.serviceDate,
      seller,
      buyer: fields.buyer,
      lines,
      totals,
      paymentTerms: fields.paymentTerms,
      paidCents: fields.paidCents,
      ...(fields.corrects ? { corrects: fields.corrects } : {}),
      ...(fields.reason ? { reason: fields.reason } : {}),
    };
    const pdf = await renderInvoicePdf(document, facturXml(document), settings.mailLogo()?.png);
    await queries.advanceCounter(trx, type, year, sequence);
    const row: InvoicesTable = {
      id: newId(),
      number,
      type,
      year,
      sequence,
      booking_id: fields.bookingId,
      source_key: fields.sourceKey,
      corrects_number: fields.correctsNumber,
      issue_date: issueDate,
      service_date: fields.serviceDate,
      net_cents: totals.netCents,
      vat_cents: totals.vatCents,
      gross_cents: totals.grossCents,
      seller: JSON.stringify(seller),
      buyer: JSON.stringify(fields.buyer),
      document: JSON.stringify(document),
      pdf: Buffer.from(pdf),
      created_at: clock.now().toISOString(),
    };
    await queries.insertDocument(trx, row);
    await chain(trx, row, head);
    await events?.publishWithin(trx, { type: 'invoice.issued', subjectId: number, occurredAt: row.created_at });
    return (await queries.selectByNumber(trx, number))!;
  }

  /** The document's link in the chain: its hash covers every column and the PDF's SHA-256. */
  async function chain(trx: Kysely<DB>, row: InvoicesTable, head: { sequence: number; hash: string }): Promise<void> {
    const { pdf, ...rest } = row;
    const pdfSha256 = sha256Hex(pdf);
    const sequence = head.sequence + 1;
    const hash = invoiceChainHash(head.hash, invoiceCanonical(rest, pdfSha256, sequence, head.hash));
    await queries.appendChainLink(trx, { sequence, invoice_id: row.id, pdf_sha256: pdfSha256, previous_hash: head.hash, hash }, head.sequence);
  }

  /**
   * The booking's deposit invoices as a final invoice deducts them: each less its credit notes (per
   * rate), those fully credited left out. Read in the issuing transaction.
   */
  async function depositsToDeduct(trx: Kysely<DB>, bookingId: string, numbers: readonly string[]): Promise<DepositDeducted[]> {
    const documents = await queries.selectForBooking(trx, bookingId);
    const deducted: DepositDeducted[] = [];
    for (const number of numbers) {
      const deposit = documents.find((d) => d.number === number && d.type === 'invoice' && d.document.kind === 'deposit');
      if (!deposit) throw invoiceErrors.INVOICE_NOT_FOUND();
      const credits = documents.filter((d) => d.type === 'credit_note' && d.correctsNumber === number);
      const byRate: VatBreakdown[] = deposit.document.totals.byRate
        .map((r) => {
          const credited = credits.flatMap((c) => c.document.totals.byRate).filter((c) => c.vatRateBp === r.vatRateBp);
          return { vatRateBp: r.vatRateBp, baseCents: r.baseCents - credited.reduce((s, c) => s + c.baseCents, 0), vatCents: r.vatCents - credited.reduce((s, c) => s + c.vatCents, 0) };
        })
        .filter((r) => r.baseCents + r.vatCents > 0);
      if (!byRate.length) continue;
      const grossCents = byRate.reduce((s, r) => s + r.baseCents + r.vatCents, 0);
      deducted.push({ number, issueDate: deposit.issueDate, paidOn: deposit.document.deposit?.paidOn ?? deposit.issueDate, grossCents, byRate });
    }
    return deducted;
  }

  return {
    /**
     * Issues the invoice of a booking's payment, in the caller's transaction. Issuing again with the
     * same sourceKey (the payment's id; the booking's id when none is given) returns the first invoice.
     */
    async issueInvoice(trx: Kysely<DB>, input: IssueInvoiceInput): Promise<IssuedDocument> {
      // A missing address is the caller's data, not a bug: a typed error the caller can show.
      if (!(input.buyer as { address?: unknown } | undefined)?.address) throw invoiceErrors.BUYER_ADDRESS_MISSING();
      const parsed = issueInvoiceSchema.parse(input);
      const profile = settings.snapshot();
      const deposits = parsed.deductDeposits?.length ? await depositsToDeduct(trx, parsed.bookingId, parsed.deductDeposits) : [];
      return issue(trx, 'invoice', {
        bookingId: parsed.bookingId,
        sourceKey: parsed.sourceKey ?? `booking:${parsed.bookingId}`,
        ...(parsed.deposit ? { kind: 'deposit' as const, deposit: parsed.deposit } : {}),
        ...(deposits.length ? { kind: 'final' as const, deposits } : {}),
        correctsNumber: null,
        buyer: stripUndefined(parsed.buyer),
        lines: parsed.lines,
        vatExempt: profile.vatExempt,
        serviceDate: parsed.serviceDate,
        paymentTerms: parsed.paymentTerms,
        paidCents: parsed.paidCents ?? 0,
      });
    },

    /** Issues a credit note against an invoice (all of it when no lines are given), never more than is left to credit. */
    async issueCreditNote(trx: Kysely<DB>, input: IssueCreditNoteInput): Promise<IssuedDocument> {
      const parsed = issueCreditNoteSchema.parse(input);
      const invoice = await queries.selectByNumber(trx, parsed.invoiceNumber);
      if (!invoice) throw invoiceErrors.INVOICE_NOT_FOUND();
      if (invoice.type !== 'invoice') throw invoiceErrors.NOT_AN_INVOICE();
      if (parsed.sourceKey) {
        const existing = await queries.selectBySourceKey(trx, parsed.sourceKey);
        if (existing) return existing;
      }
      const lines: LineInput[] = parsed.lines ?? wholeOf(invoice);
      const gross = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
      const left = invoice.grossCents - (await queries.selectCreditedCents(trx, invoice.number));
      if (gross > left) throw invoiceErrors.CREDIT_EXCEEDS_INVOICE({ left: euros(left) });
      return issue(trx, 'credit_note', {
        bookingId: invoice.bookingId,
        sourceKey: parsed.sourceKey ?? null,
        correctsNumber: invoice.number,
        buyer: invoice.buyer,
        lines,
        // A credit note takes back what the invoice billed, with the invoice's VAT.
        vatExempt: invoice.seller.vatExempt,
        serviceDate: invoice.serviceDate,
        paymentTerms: parsed.paymentTerms ?? 'remboursement par le moyen de paiement d’origine',
        paidCents: 0,
        reason: parsed.reason,
        corrects: { number: invoice.number, issueDate: invoice.issueDate, ...(invoice.document.kind ? { kind: invoice.document.kind } : {}) },
      });
    },

    byNumber: (number: string) => queries.selectByNumber(database.db, number),
    forBooking: (bookingId: string) => queries.selectForBooking(database.db, bookingId),
    list: (options: { limit: number; offset: number }) => queries.selectPage(database.db, options),
    /** The Factur-X PDF as issued. */
    pdf: (number: string) => queries.selectPdf(database.db, number),
    sequences: (type: DocumentType, year: number) => queries.selectSequences(database.db, type, year),
    /** Invoices and credit notes issued between two calendar days, inclusive (the owner API). */
    issuedBetween: (from: string, to: string) => queries.selectIssuedBetween(database.db, from, to),
    /** The documents of several bookings (the customer's space). */
    forBookings: (bookingIds: readonly string[]) => queries.selectForBookings(database.db, bookingIds),
    /** Checks the whole chain of issued documents and names the first broken link. */
    verify: () => verifyInvoiceLedger(database.db),
  };
}

/** What crediting a whole invoice takes back: its lines, or, for a final invoice that deducted deposits, what it billed per rate. */
function wholeOf(invoice: IssuedDocument): LineInput[] {
  const { lines, totals, deposits } = invoice.document;
  if (!deposits?.length) return lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPriceCents: l.grossCents / l.quantity, vatRateBp: l.vatRateBp }));
  return totals.byRate.map((r) => ({ description: lines[0]!.description, quantity: 1, unitPriceCents: r.baseCents + r.vatCents, vatRateBp: r.vatRateBp }));
}

function stripUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** `npx wservices ledger verify`: the invoices' chain checked on an open database, with its verdict in words. */
export async function verifyInvoiceLedger(db: Kysely<DB>, archivedCopy?: ArchivedCopyLookup): Promise<{ intact: boolean; text: string }> {
  const [{ links, documentIds }, head] = await Promise.all([queries.selectChain(db), queries.selectChainHead(db)]);
  const verdict = verifyInvoiceChain(links, documentIds, head, archivedCopy ? await archivedCopiesOf(links, archivedCopy) : new Map());
  return { intact: verdict.intact, text: describeInvoiceVerdict(verdict) };
}

/**
 * The archived copies of the documents that no longer give their hash as stored (anonymised after
 * archiving, or tampered with): only those are read from the archive, each read logged there.
 */
async function archivedCopiesOf(links: InvoiceLink[], archivedCopy: ArchivedCopyLookup): Promise<Map<string, InvoicesTable>> {
  const copies = new Map<string, InvoicesTable>();
  for (const link of links) {
    if (!link.invoice || documentMatchesLink(link, link.invoice) === 'ok') continue;
    const copy = await archivedCopy(archiveKindOf(link.invoice.type), link.invoice_id);
    if (!copy) continue;
    const record = copy.record as Omit<InvoicesTable, 'pdf'>;
    const pdf = copy.files.find((f) => f.name === `${record.number}.pdf`)?.content ?? Buffer.alloc(0);
    copies.set(link.invoice_id, { ...record, pdf });
  }
  return copies;
}

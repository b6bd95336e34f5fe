import { PassThrough, Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { InvoiceReads, IssuedDocument } from '../invoices/index.js';
import type { PaymentReads } from '../payments/index.js';
import { paymentMethodLabels } from '../payments/index.js';
import { amount, frenchCsv, frenchDateTime } from './exports.csv.js';

export type AccountingExports = ReturnType<typeof createAccountingExports>;

/** How the sales to private customers are grouped. */
export type SalesGrouping = 'day' | 'month';

export interface AccountingExportsDeps {
  invoices: InvoiceReads;
  payments: PaymentReads;
  /** Each booking's reference (the booking module's, wired in app.ts). */
  bookingReferences: (ids: string[]) => Promise<Map<string, string>>;
  /** Each back-office account's name or e-mail (the admin module's, wired in app.ts). */
  accountNames: () => Promise<Map<string, string>>;
  timezone: () => string;
}

/** « 20,00 % », as a column name and a cell. */
const rateText = (bp: number) => `${amount(bp)} %`;
/** « 30/11/2026 » from a calendar date. */
const calendarDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Every VAT rate the documents use, highest first: one pair of columns each. */
function ratesOf(documents: IssuedDocument[]): number[] {
  return [...new Set(documents.flatMap((d) => d.document.totals.byRate.map((r) => r.vatRateBp)))].sort((a, b) => b - a);
}

/** A credit note takes back: its amounts count negative, so a column's sum is what was really sold. */
const signOf = (d: IssuedDocument) => (d.type === 'credit_note' ? -1 : 1);

/**
 * The accountant's files of the ledger and the invoices: payments and corrections, invoices and
 * credit notes, every PDF of a period in one zip, and the sales to private customers per day or
 * month with VAT per rate (what the 2027 e-reporting asks for sales to people without a SIREN).
 */
export function createAccountingExports(deps: AccountingExportsDeps) {
  return {
    /** Payments and corrections whose payment day is in the period, in ledger order. */
    async paymentsCsv(from: string, to: string): Promise<string> {
      const { entries } = await deps.payments.period(from, to);
      const [references, accounts] = await Promise.all([deps.bookingReferences([...new Set(entries.map((e) => e.bookingId))]), deps.accountNames()]);
      const zone = deps.timezone();
      const header = ['N° d’enregistrement', 'Date du paiement', 'Type', 'Moyen de paiement', 'Montant', 'Devise', 'Réservation', 'Enregistré par', 'Enregistré le', 'Corrige l’enregistrement', 'Motif'];
      const sequenceOf = new Map(entries.map((e) => [e.id, e.sequence]));
      const rows = entries.map((e) => [
        String(e.sequence),
        calendarDay(e.paidOn),
        e.kind === 'correction' ? 'Correction' : 'Paiement',
        paymentMethodLabels.fr[e.method] ?? e.method,
        amount(e.amountCents),
        e.currency,
        references.get(e.bookingId) ?? null,
        e.recordedBy ? (accounts.get(e.recordedBy) ?? 'compte supprimé') : 'automatique',
        frenchDateTime(e.recordedAt, zone),
        e.correctsId ? String(sequenceOf.get(e.correctsId) ?? e.correctsId) : null,
        e.reason,
      ]);
      return frenchCsv(header, rows);
    },

    /** Invoices and credit notes issued in the period: one row each, VAT per rate, credit notes negative. */
    async invoicesCsv(from: string, to: string): Promise<string> {
      const documents = await deps.invoices.issuedBetween(from, to);
      const rates = ratesOf(documents);
      const header = [
        'Numéro',
        'Type',
        'Date d’émission',
        'Date de la prestation',
        'Client',
        'SIREN du client',
        'N° de TVA du client',
        'Total HT',
        ...rates.flatMap((r) => [`Base HT ${rateText(r)}`, `TVA ${rateText(r)}`]),
        'Total TVA',
        'Total TTC',
        'Facture corrigée',
      ];
      const rows = documents.map((d) => {
        const sign = signOf(d);
        const byRate = new Map(d.document.totals.byRate.map((r) => [r.vatRateBp, r]));
        return [
          d.number,
          d.type === 'credit_note' ? 'Avoir' : 'Facture',
          calendarDay(d.issueDate),
          calendarDay(d.serviceDate),
          d.buyer.name,
          d.buyer.siren ?? null,
          d.buyer.vatNumber ?? null,
          amount(sign * d.netCents),
          ...rates.flatMap((r) => {
            const part = byRate.get(r);
            return part ? [amount(sign * part.baseCents), amount(sign * part.vatCents)] : ['', ''];
          }),
          amount(sign * d.vatCents),
          amount(sign * d.grossCents),
          d.correctsNumber,
        ];
      });
      return frenchCsv(header, rows);
    },

    /**
     * Sales to private customers (invoices whose buyer gave no SIREN), per day or month of issue:
     * the base and the VAT of each rate, credit notes deducted. Days or months without a sale are left out.
     */
    async privateSalesCsv(from: string, to: string, grouping: SalesGrouping): Promise<string> {
      const documents = (await deps.invoices.issuedBetween(from, to)).filter((d) => !d.buyer.siren);
      const rates = ratesOf(documents);
      const groups = new Map<string, { invoices: number; creditNotes: number; byRate: Map<number, { base: number; vat: number }> }>();
      for (const d of documents) {
        const key = grouping === 'day' ? d.issueDate : d.issueDate.slice(0, 7);
        const group = groups.get(key) ?? { invoices: 0, creditNotes: 0, byRate: new Map() };
        if (d.type === 'credit_note') group.creditNotes++;
        else group.invoices++;
        for (const r of d.document.totals.byRate) {
          const sum = group.byRate.get(r.vatRateBp) ?? { base: 0, vat: 0 };
          sum.base += signOf(d) * r.baseCents;
          sum.vat += signOf(d) * r.vatCents;
          group.byRate.set(r.vatRateBp, sum);
        }
        groups.set(key, group);
      }
      const header = [
        grouping === 'day' ? 'Jour' : 'Mois',
        'Factures',
        'Avoirs',
        ...rates.flatMap((r) => [`Base HT ${rateText(r)}`, `TVA ${rateText(r)}`]),
        'Total HT',
        'Total TVA',
        'Total TTC',
      ];
      const rows = [...groups.keys()].sort().map((key) => {
        const g = groups.get(key)!;
        const parts = [...g.byRate.values()];
        const base = parts.reduce((s, p) => s + p.base, 0);
        const vat = parts.reduce((s, p) => s + p.vat, 0);
        return [
          grouping === 'day' ? calendarDay(key) : `${key.slice(5, 7)}/${key.slice(0, 4)}`,
          String(g.invoices),
          String(g.creditNotes),
          ...rates.flatMap((r) => {
            const p = g.byRate.get(r);
            return p ? [amount(p.base), amount(p.vat)] : ['0,00', '0,00'];
          }),
          amount(base),
          amount(vat),
          amount(base + vat),
        ];
      });
      return frenchCsv(header, rows);
    },

    /**
     * Every PDF issued in the period, named by its number, as a zip written while it is sent: the
     * numbers are read first, then each PDF only when the zip reaches it, so memory holds one PDF
     * at a time whatever the period (yazl pipes each entry's stream, with back-pressure).
     */
    async invoicePdfsZip(from: string, to: string): Promise<Readable> {
      const [numbers, archived] = await Promise.all([deps.invoices.numbersBetween(from, to), deps.invoices.archivedNumbersBetween(from, to)]);
      const inArchive = new Set(archived);
      const zip = new ZipFile();
      const output = new PassThrough();
      zip.outputStream.on('error', (error) => output.destroy(error));
      zip.outputStream.pipe(output);
      for (const number of numbers.filter((n) => !inArchive.has(n))) {
        // PDFs are already compressed: stored as they are, which also keeps the zip fast.
        zip.addReadStream(lazyPdf(() => deps.invoices.pdf(number)), `${number}.pdf`, { compress: false });
      }
      if (archived.length > 0) zip.addBuffer(Buffer.from(archivedNotice(archived), 'utf8'), ARCHIVED_NOTICE_NAME);
      zip.end();
      return output;
    },
  };
}

/** The note that takes the place of the PDFs held in the legal archive. */
export const ARCHIVED_NOTICE_NAME = 'LISEZMOI.txt';

/**
 * Why some numbers have no PDF in the zip, and where their PDF is. Their PDF as issued names a
 * person who was erased (or whose document's active life ended): it is kept unchanged in the legal
 * archive, which only the owner reads, each read logged. Copying it into a file handed to the
 * accountant would bring the erased data back out of the archive; the numbers and amounts stay in
 * the invoices CSV, which is what the bookkeeping needs. UTF-8 with a byte order mark and CRLF, so
 * that any text editor shows the accents and the lines.
 */
export function archivedNotice(numbers: readonly string[]): string {
  const lines = [
    'Factures et avoirs dont le PDF n’est pas dans ce fichier',
    '',
    'Le PDF tel qu’émis des documents ci-dessous est conservé dans l’archive légale\u00a0: le client a demandé',
    'l’effacement de ses données, ou la durée de conservation courante du document a pris fin. Seul le',
    'responsable du traitement peut le consulter, dans le back-office, page «\u00a0Archive légale\u00a0»',
    '(/admin/archives), et chaque consultation y est enregistrée. Les montants de ces documents figurent',
    'dans l’export des factures et avoirs (CSV) de la même période.',
    '',
    ...numbers.map((n) => `- ${n}`),
    '',
  ];
  return `\ufeff${lines.join('\r\n')}`;
}

/** A stream that reads its PDF from the database only when first read. */
function lazyPdf(load: () => Promise<Buffer | undefined>): Readable {
  let started = false;
  return new Readable({
    read() {
      if (started) return;
      started = true;
      load().then(
        (pdf) => {
          if (pdf) this.push(pdf);
          this.push(null);
        },
        (error: unknown) => this.destroy(error as Error),
      );
    },
  });
}

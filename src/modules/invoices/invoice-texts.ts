import { formatPercent, formatPrice } from '../../platform/i18n/format.js';
import { countryName } from '../../platform/i18n/countries.js';
import type { DepositDeducted, InvoiceDocument, Party } from './invoice.model.js';

/**
 * The words of an invoice and a credit note, in French (the language of the French invoice), with
 * every mention the law requires (art. 242 nonies A annexe II du CGI, L441-9 du code de commerce,
 * the 2026 e-invoicing reform). The PDF lays these blocks out; the tests read them back from the PDF.
 */

const NNBSP = '\u202f';

/** « 26 novembre 2026 », « 1er décembre 2026 ». */
export function frenchDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const month = new Intl.DateTimeFormat('fr-FR', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
  return `${d === 1 ? '1er' : String(d)} ${month} ${y}`;
}

/** « 49,00 € » (narrow no-break spaces, as French typography wants). */
export const euros = (cents: number) => formatPrice(cents, 'EUR', 'fr');
export const percent = (bp: number) => formatPercent(bp, 'fr');

export const VAT_EXEMPTION_MENTION = 'TVA non applicable, art. 293 B du CGI';
export const OPERATION_CATEGORY_MENTION = `Catégorie de l’opération${NNBSP}: prestation de services`;
export const VAT_ON_DEBITS_MENTION = 'Option pour le paiement de la taxe d’après les débits';
/** L441-10 du code de commerce: the rate of late-payment penalties (the settings' rate, else the legal minimum) and the fixed recovery fee. */
export const LATE_PAYMENT_MENTION =
  `En cas de retard de paiement, des pénalités sont dues au taux égal à trois fois le taux d’intérêt légal, ` +
  `exigibles le jour suivant la date de paiement indiquée.`;
export function latePaymentMention(seller: { latePaymentRateBp?: number }): string {
  if (seller.latePaymentRateBp === undefined) return LATE_PAYMENT_MENTION;
  return `En cas de retard de paiement, des pénalités sont dues au taux annuel de ${percent(seller.latePaymentRateBp)}, exigibles le jour suivant la date de paiement indiquée.`;
}
export const RECOVERY_FEE_MENTION =
  `Tout professionnel en retard de paiement doit en outre une indemnité forfaitaire pour frais de recouvrement de 40${NNBSP}€ (art. L441-10 et D441-5 du code de commerce).`;
export const NO_DISCOUNT_MENTION = 'Pas d’escompte pour paiement anticipé.';

export function addressLines(party: Party): string[] {
  const a = party.address;
  return [a.line1, ...(a.line2 ? [a.line2] : []), `${a.postalCode} ${a.city}`, ...(a.country !== 'FR' ? [countryName(a.country, 'fr')] : [])];
}

export function title(doc: InvoiceDocument): string {
  if (doc.type === 'credit_note') return `Avoir n°${NNBSP}${doc.number}`;
  return doc.kind === 'deposit' ? `Facture d’acompte n°${NNBSP}${doc.number}` : `Facture n°${NNBSP}${doc.number}`;
}

/** A deposit invoice's line: « Acompte sur Diagnostic informatique ». */
export const depositLineLabel = (description: string) => `Acompte sur ${description}`;

/** A final invoice's deduction line: « Acompte facturé (facture d’acompte n° F-2026-000001 du 1er décembre 2026) ». */
export const deductionLabel = (d: Pick<DepositDeducted, 'number' | 'issueDate'>) => `Acompte déjà facturé (facture d’acompte n°${NNBSP}${d.number} du ${frenchDate(d.issueDate)})`;

export function sellerLines(doc: InvoiceDocument): string[] {
  const s = doc.seller;
  return [
    s.legalName === s.name ? s.name : `${s.name} (${s.legalName})`,
    s.legalForm,
    ...addressLines(s),
    ...(s.siret ? [`SIREN${NNBSP}: ${s.siret.slice(0, 9)} — SIRET${NNBSP}: ${s.siret}`] : []),
    s.vatExempt ? VAT_EXEMPTION_MENTION : `N° de TVA intracommunautaire${NNBSP}: ${s.vatNumber ?? ''}`,
    ...(s.email ? [s.email] : []),
  ];
}

export function buyerLines(doc: InvoiceDocument): string[] {
  const b = doc.buyer;
  return [
    b.name,
    ...addressLines(b),
    ...(b.siren ? [`SIREN${NNBSP}: ${b.siren}`] : []),
    ...(b.vatNumber ? [`N° de TVA intracommunautaire${NNBSP}: ${b.vatNumber}`] : []),
  ];
}

export function dateLines(doc: InvoiceDocument): string[] {
  const invoiceWord = doc.corrects?.kind === 'deposit' ? 'la facture d’acompte' : 'la facture';
  return [
    `Date d’émission${NNBSP}: ${frenchDate(doc.issueDate)}`,
    // Art. 242 nonies A, 7° de l'annexe II au CGI: the day the deposit was paid, when it is not the issue date.
    ...(doc.deposit
      ? [`Acompte versé le ${frenchDate(doc.deposit.paidOn)}`, `Prestation prévue le ${frenchDate(doc.serviceDate)}, au prix de ${euros(doc.deposit.servicePriceCents)} TTC`]
      : [`Date de la prestation${NNBSP}: ${frenchDate(doc.serviceDate)}`]),
    ...(doc.corrects ? [`Avoir sur ${invoiceWord} n°${NNBSP}${doc.corrects.number} du ${frenchDate(doc.corrects.issueDate)}`] : []),
    ...(doc.reason ? [`Motif${NNBSP}: ${doc.reason}`] : []),
  ];
}

export const lineHeader = ['Désignation', 'Qté', 'P.U. HT', 'TVA', 'Total HT'] as const;

export function lineCells(doc: InvoiceDocument): string[][] {
  const rate = (bp: number) => (doc.seller.vatExempt ? '—' : percent(bp));
  // A deposit deducted reads as one unit taken off (the XML's quantity -1 is for the machines).
  return doc.lines.map((l) =>
    l.deducts ? [l.description, '1', `−${euros(l.unitNetCents)}`, rate(l.vatRateBp), `−${euros(-l.netCents)}`] : [l.description, String(l.quantity), euros(l.unitNetCents), rate(l.vatRateBp), euros(l.netCents)],
  );
}

export function totalLines(doc: InvoiceDocument): [string, string][] {
  const t = doc.totals;
  const rows: [string, string][] = [];
  // A final invoice after deposits: the whole service first, then what the deposit invoices already billed, then what this one bills.
  if (doc.serviceTotals && doc.deposits?.length) {
    rows.push(['Prestation, total HT', euros(doc.serviceTotals.netCents)]);
    if (!doc.seller.vatExempt) for (const r of doc.serviceTotals.byRate) rows.push([`TVA ${percent(r.vatRateBp)} sur ${euros(r.baseCents)}`, euros(r.vatCents)]);
    rows.push(['Prestation, total TTC', euros(doc.serviceTotals.grossCents)]);
    for (const d of doc.deposits) {
      rows.push([`Acompte n°${NNBSP}${d.number}, HT`, `−${euros(d.byRate.reduce((s, r) => s + r.baseCents, 0))}`]);
      if (!doc.seller.vatExempt) for (const r of d.byRate) rows.push([`TVA ${percent(r.vatRateBp)} de l’acompte`, `−${euros(r.vatCents)}`]);
    }
    rows.push(['Solde', '']);
  }
  rows.push(['Total HT', euros(t.netCents)]);
  if (doc.seller.vatExempt) rows.push(['TVA', VAT_EXEMPTION_MENTION]);
  else for (const r of t.byRate) rows.push([`TVA ${percent(r.vatRateBp)} sur ${euros(r.baseCents)}`, euros(r.vatCents)]);
  rows.push([doc.type === 'invoice' ? (doc.kind === 'deposit' ? 'Total TTC de l’acompte' : 'Total TTC') : 'Total TTC remboursé', euros(t.grossCents)]);
  const paid = Math.min(doc.paidCents ?? 0, t.grossCents);
  if (doc.type === 'invoice' && paid > 0) {
    rows.push(['Déjà payé', euros(paid)]);
    rows.push(['Reste à payer', euros(t.grossCents - paid)]);
  }
  return rows;
}

export function footerLines(doc: InvoiceDocument): string[] {
  const remainder = doc.deposit ? doc.deposit.servicePriceCents - doc.totals.grossCents : 0;
  return [
    ...(doc.deposit && remainder > 0 ? [`Le solde de la prestation, ${euros(remainder)} TTC, fera l’objet de la facture définitive.`] : []),
    OPERATION_CATEGORY_MENTION,
    ...(doc.seller.vatOnDebits && !doc.seller.vatExempt ? [VAT_ON_DEBITS_MENTION] : []),
    `Conditions de paiement${NNBSP}: ${doc.paymentTerms}`,
    latePaymentMention(doc.seller),
    RECOVERY_FEE_MENTION,
    NO_DISCOUNT_MENTION,
  ];
}

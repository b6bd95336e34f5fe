import { formatPercent, formatPrice } from '../../platform/i18n/format.js';
import { countryName } from '../../platform/i18n/countries.js';
import type { InvoiceDocument, Party } from './invoice.model.js';

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
  return doc.type === 'invoice' ? `Facture n°${NNBSP}${doc.number}` : `Avoir n°${NNBSP}${doc.number}`;
}

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
  return [
    `Date d’émission${NNBSP}: ${frenchDate(doc.issueDate)}`,
    `Date de la prestation${NNBSP}: ${frenchDate(doc.serviceDate)}`,
    ...(doc.corrects ? [`Avoir sur la facture n°${NNBSP}${doc.corrects.number} du ${frenchDate(doc.corrects.issueDate)}`] : []),
    ...(doc.reason ? [`Motif${NNBSP}: ${doc.reason}`] : []),
  ];
}

export const lineHeader = ['Désignation', 'Qté', 'P.U. HT', 'TVA', 'Total HT'] as const;

export function lineCells(doc: InvoiceDocument): string[][] {
  return doc.lines.map((l) => [l.description, String(l.quantity), euros(l.unitNetCents), doc.seller.vatExempt ? '—' : percent(l.vatRateBp), euros(l.netCents)]);
}

export function totalLines(doc: InvoiceDocument): [string, string][] {
  const t = doc.totals;
  const rows: [string, string][] = [['Total HT', euros(t.netCents)]];
  if (doc.seller.vatExempt) rows.push(['TVA', VAT_EXEMPTION_MENTION]);
  else for (const r of t.byRate) rows.push([`TVA ${percent(r.vatRateBp)} sur ${euros(r.baseCents)}`, euros(r.vatCents)]);
  rows.push([doc.type === 'invoice' ? 'Total TTC' : 'Total TTC remboursé', euros(t.grossCents)]);
  const paid = Math.min(doc.paidCents ?? 0, t.grossCents);
  if (doc.type === 'invoice' && paid > 0) {
    rows.push(['Déjà payé', euros(paid)]);
    rows.push(['Reste à payer', euros(t.grossCents - paid)]);
  }
  return rows;
}

export function footerLines(doc: InvoiceDocument): string[] {
  return [
    OPERATION_CATEGORY_MENTION,
    ...(doc.seller.vatOnDebits && !doc.seller.vatExempt ? [VAT_ON_DEBITS_MENTION] : []),
    `Conditions de paiement${NNBSP}: ${doc.paymentTerms}`,
    latePaymentMention(doc.seller),
    RECOVERY_FEE_MENTION,
    NO_DISCOUNT_MENTION,
  ];
}

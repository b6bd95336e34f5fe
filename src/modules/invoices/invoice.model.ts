/** The invoice as issued: what the PDF, the Factur-X XML and the record all show. Amounts in integer cents. */

export type DocumentType = 'invoice' | 'credit_note';

export interface Party {
  name: string;
  address: { line1: string; line2?: string; postalCode: string; city: string; country: string };
  /** A business buyer's SIREN or SIRET, when given. */
  siren?: string;
  vatNumber?: string;
  email?: string;
}

export interface Seller extends Party {
  legalName: string;
  legalForm: string;
  siret?: string;
  vatExempt: boolean;
  /** The option to pay VAT on debits (« option pour le paiement de la TVA d’après les débits »), where chosen. */
  vatOnDebits: boolean;
  /** The late-payment penalty rate chosen in the settings (1250 is 12,50 % a year); absent: three times the legal interest rate. */
  latePaymentRateBp?: number;
}

/** One line as the caller gives it: prices including VAT, as the catalogue holds them. */
export interface LineInput {
  description: string;
  quantity: number;
  /** The price of one unit including VAT, in cents. */
  unitPriceCents: number;
  /** 2000 is 20 %; ignored (0) when the seller is exempt (art. 293 B du CGI). */
  vatRateBp: number;
}

export interface Line {
  description: string;
  quantity: number;
  vatRateBp: number;
  /** Excluding VAT: the line's total, and one unit's price (the total over the quantity, in cents, rounded). */
  netCents: number;
  unitNetCents: number;
  grossCents: number;
  /**
   * A final invoice's deduction of a deposit invoice (« acompte déjà facturé »): its number. Such a
   * line has quantity -1 and positive unit prices (EN 16931 BR-27 wants no negative price), so its
   * totals are negative: the deposit invoice's base and VAT at that rate, to the cent.
   */
  deducts?: string;
}

export interface VatBreakdown {
  vatRateBp: number;
  baseCents: number;
  vatCents: number;
}

export interface Totals {
  netCents: number;
  vatCents: number;
  grossCents: number;
  byRate: VatBreakdown[];
}

/** A deposit invoice as a final invoice deducts it: what is left of it once its credit notes are counted. */
export interface DepositDeducted {
  number: string;
  issueDate: string;
  /** The day the deposit was received. */
  paidOn: string;
  grossCents: number;
  byRate: VatBreakdown[];
}

/**
 * Which invoice it is, for an invoice: a deposit invoice (« facture d’acompte », Factur-X type code
 * 386: art. 289 I 1 c du CGI wants one when a deposit is received, VAT on services being due on
 * receipt, art. 269 2 c), or the invoice of the whole service (380). Absent: the whole service.
 */
export type InvoiceKind = 'deposit' | 'final';

export interface InvoiceDocument {
  type: DocumentType;
  kind?: InvoiceKind;
  /** A deposit invoice: the day the deposit was received and the price of the whole service, including VAT. */
  deposit?: { paidOn: string; servicePriceCents: number };
  /** A final invoice after deposits: the deposit invoices it deducts, and the whole service's totals before that. */
  deposits?: DepositDeducted[];
  serviceTotals?: Totals;
  number: string;
  /** Calendar dates, YYYY-MM-DD, in the business's time zone. */
  issueDate: string;
  serviceDate: string;
  seller: Seller;
  buyer: Party;
  lines: Line[];
  totals: Totals;
  paymentTerms: string;
  /** What the buyer has already paid (the payment that issued the invoice): the rest is due. */
  paidCents: number;
  /** A credit note's invoice: its number and issue date (and `deposit` when it is a deposit invoice). */
  corrects?: { number: string; issueDate: string; kind?: InvoiceKind };
  reason?: string;
}

/** An issued invoice or credit note as stored: its summary columns and the whole document. */
export interface IssuedDocument {
  id: string;
  number: string;
  type: DocumentType;
  bookingId: string | null;
  sourceKey: string | null;
  correctsNumber: string | null;
  issueDate: string;
  serviceDate: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
  seller: Seller;
  buyer: Party;
  document: InvoiceDocument;
  createdAt: string;
}

/**
 * Lines and totals from prices including VAT: VAT is computed per rate on the sum of that rate's
 * lines (so the VAT per rate is exact to the cent), then shared out over the rate's lines.
 * A credit note gives the same positive amounts: its type says they are taken back.
 */
export function computeLines(inputs: LineInput[], vatExempt: boolean): { lines: Line[]; totals: Totals } {
  const lines: Line[] = inputs.map((input) => {
    const vatRateBp = vatExempt ? 0 : input.vatRateBp;
    const grossCents = input.unitPriceCents * input.quantity;
    return { description: input.description, quantity: input.quantity, vatRateBp, grossCents, netCents: grossCents, unitNetCents: 0 };
  });
  const rates = [...new Set(lines.map((l) => l.vatRateBp))].sort((a, b) => b - a);
  const byRate: VatBreakdown[] = rates.map((rate) => {
    const ofRate = lines.filter((l) => l.vatRateBp === rate);
    const gross = ofRate.reduce((sum, l) => sum + l.grossCents, 0);
    const vatCents = Math.round((gross * rate) / (10000 + rate));
    // Each line's VAT, the last taking the remainder, so that the lines' net amounts add up to the base.
    let left = vatCents;
    ofRate.forEach((line, i) => {
      const share = i === ofRate.length - 1 ? left : Math.round((line.grossCents * rate) / (10000 + rate));
      left -= share;
      line.netCents = line.grossCents - share;
    });
    return { vatRateBp: rate, baseCents: gross - vatCents, vatCents };
  });
  for (const line of lines) line.unitNetCents = Math.round(line.netCents / line.quantity);
  const netCents = byRate.reduce((s, r) => s + r.baseCents, 0);
  const vatCents = byRate.reduce((s, r) => s + r.vatCents, 0);
  return { lines, totals: { netCents, vatCents, grossCents: netCents + vatCents, byRate } };
}

/**
 * A final invoice after deposits: the whole service's lines, then one deduction line per deposit
 * invoice and rate (its base and VAT exactly, so that the deposit invoices and the final one add up
 * to the whole service's VAT per rate, as declared: the deposit's VAT was due when it was received).
 */
export function computeFinalLines(inputs: LineInput[], deposits: readonly DepositDeducted[], vatExempt: boolean, deductionLabel: (d: DepositDeducted) => string): { lines: Line[]; totals: Totals; serviceTotals: Totals } {
  const service = computeLines(inputs, vatExempt);
  const lines: Line[] = service.lines.map((l) => ({ ...l }));
  const byRate = new Map(service.totals.byRate.map((r) => [r.vatRateBp, { ...r }]));
  for (const deposit of deposits) {
    for (const r of deposit.byRate) {
      lines.push({ description: deductionLabel(deposit), quantity: -1, vatRateBp: r.vatRateBp, netCents: -r.baseCents, unitNetCents: r.baseCents, grossCents: -(r.baseCents + r.vatCents), deducts: deposit.number });
      const total = byRate.get(r.vatRateBp) ?? { vatRateBp: r.vatRateBp, baseCents: 0, vatCents: 0 };
      total.baseCents -= r.baseCents;
      total.vatCents -= r.vatCents;
      byRate.set(r.vatRateBp, total);
    }
  }
  const rates = [...byRate.values()].sort((a, b) => b.vatRateBp - a.vatRateBp);
  const netCents = rates.reduce((s, r) => s + r.baseCents, 0);
  const vatCents = rates.reduce((s, r) => s + r.vatCents, 0);
  return { lines, totals: { netCents, vatCents, grossCents: netCents + vatCents, byRate: rates }, serviceTotals: service.totals };
}

/**
 * A deposit shared over the service's lines in proportion to their prices (the last line takes the
 * remainder), so that each VAT rate gets its part: what a deposit invoice bills.
 */
export function depositLines(inputs: readonly LineInput[], depositCents: number, label: (line: LineInput) => string): LineInput[] {
  const total = inputs.reduce((s, l) => s + l.unitPriceCents * l.quantity, 0);
  let left = depositCents;
  return inputs
    .map((line, i) => {
      const share = i === inputs.length - 1 ? left : Math.floor((depositCents * line.unitPriceCents * line.quantity) / Math.max(total, 1));
      left -= share;
      return { description: label(line), quantity: 1, unitPriceCents: share, vatRateBp: line.vatRateBp };
    })
    .filter((l) => l.unitPriceCents > 0);
}

/** What a booking knows of its customer (the customers module's CustomerDetails, by shape). */
export interface CustomerLike {
  lastName: string | null;
  firstName: string | null;
  company: string | null;
  email: string;
  address: { line1: string; line2: string | null; postalCode: string; city: string; country: string } | null;
}

/**
 * The buyer as an invoice names it, from a booking's customer: the company when given, else the
 * person's name; undefined without a postal address, which French law requires on the invoice.
 */
export function buyerFromCustomer(customer: CustomerLike): Party | undefined {
  if (!customer.address) return undefined;
  const person = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  const name = customer.company ? (person ? `${customer.company} (${person})` : customer.company) : person || customer.email;
  const { line1, line2, postalCode, city, country } = customer.address;
  return { name, address: { line1, ...(line2 ? { line2 } : {}), postalCode, city, country }, email: customer.email };
}

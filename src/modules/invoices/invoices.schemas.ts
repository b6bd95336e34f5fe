import { z } from 'zod';

/** What callers give: checked before anything is numbered (a bad call is a bug, never a hole in the sequence). */
export const lineInputSchema = z.object({
  description: z.string().trim().min(1).max(300),
  quantity: z.number().int().min(1).max(10_000),
  /** One unit's price including VAT, in cents (as the catalogue holds prices). */
  unitPriceCents: z.number().int().min(0).max(100_000_000),
  vatRateBp: z.number().int().min(0).max(10_000),
});

const partyAddressSchema = z.object({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().min(1).max(200).optional(),
  postalCode: z.string().trim().min(1).max(20),
  city: z.string().trim().min(1).max(120),
  country: z.string().length(2).toUpperCase(),
});

export const buyerSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** Required: French law wants the buyer's address on the invoice (a missing one is BUYER_ADDRESS_MISSING). */
  address: partyAddressSchema,
  /** A business buyer's SIREN (or SIRET), printed when given. */
  siren: z.string().regex(/^\d{9}(\d{5})?$/).optional(),
  vatNumber: z.string().trim().min(4).max(20).optional(),
  email: z.email().optional(),
});

const isoDate = z.iso.date();

export const issueInvoiceSchema = z.object({
  bookingId: z.string().min(1).max(100),
  /** The payment (or other event) the invoice is issued for: issuing again for it returns the first invoice. Defaults to the booking. */
  sourceKey: z.string().min(1).max(200).optional(),
  lines: z.array(lineInputSchema).min(1).max(100),
  buyer: buyerSchema,
  serviceDate: isoDate,
  /** « Payée le 26 novembre 2026 par carte bancaire », « À réception »… */
  paymentTerms: z.string().trim().min(1).max(300),
  /** What the payment that issues the invoice paid, in cents (printed with what is left to pay). */
  paidCents: z.number().int().min(0).max(10_000_000_000).optional(),
  /** A deposit invoice (« facture d’acompte »): the day the deposit was received and the whole service's price including VAT. */
  deposit: z.object({ paidOn: isoDate, servicePriceCents: z.number().int().min(0).max(10_000_000_000) }).optional(),
  /** A final invoice: the booking's deposit invoices it deducts, by number. */
  deductDeposits: z.array(z.string().min(1).max(40)).max(50).optional(),
});

export const issueCreditNoteSchema = z.object({
  invoiceNumber: z.string().min(1).max(40),
  /** What is taken back; the whole invoice when omitted. */
  lines: z.array(lineInputSchema).min(1).max(100).optional(),
  reason: z.string().trim().min(1).max(300),
  /** The refund the credit note is issued for: issuing again for it returns the first credit note. */
  sourceKey: z.string().min(1).max(200).optional(),
  paymentTerms: z.string().trim().min(1).max(300).optional(),
});

/** `buyer` may be undefined (buyerFromCustomer without an address): issuing then refuses with BUYER_ADDRESS_MISSING. */
export type IssueInvoiceInput = Omit<z.input<typeof issueInvoiceSchema>, 'buyer'> & { buyer: z.input<typeof buyerSchema> | undefined };
export type IssueCreditNoteInput = z.input<typeof issueCreditNoteSchema>;

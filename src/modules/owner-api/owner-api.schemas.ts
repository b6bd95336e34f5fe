import { z } from 'zod';
import type { ValidationTexts } from '../../platform/http/validation.js';

/** The API's answers and inputs besides the booking request (booking module) and webhooks (webhooks module). */

const localDay = z.string({ error: 'required' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'date').meta({ format: 'date' });
const offsetDateTime = z.string().meta({ format: 'date-time' });

export const MAX_ADMIN_RANGE_DAYS = 366;

export const adminBookingsQuerySchema = z
  .object({
    from: localDay.meta({ description: 'First local day (Paris time), YYYY-MM-DD.' }),
    to: localDay.meta({ description: `Last local day, inclusive; at most ${MAX_ADMIN_RANGE_DAYS} days after from.` }),
  })
  .strict();

export const adminCustomersQuerySchema = z
  .object({
    q: z
      .string()
      .max(100, 'tooLong')
      .optional()
      .meta({
        description:
          'Words found in the name, e-mail, phone or company (case and accents ignored); empty: every customer. A person whose processing is restricted (GDPR art. 18) is listed only without q, their identity withheld: a search never finds them.',
      }),
    page: z.coerce.number({ error: 'invalid' }).int('invalid').min(1, 'invalid').max(100_000, 'invalid').optional().meta({ description: 'Page of 25, from 1.' }),
  })
  .strict();

export const bookingIdParamsSchema = z.object({ id: z.string().max(100).meta({ description: 'The booking’s id (not its reference).' }) });
export const webhookIdParamsSchema = z.object({ id: z.string().max(100).meta({ description: 'The webhook endpoint’s id.' }) });

export const adminCancelRequestSchema = z
  .object({ reason: z.string().trim().max(500, 'tooLong').optional().meta({ description: 'Told to the customer in the cancellation mail.' }) })
  .strict();

export const adminMoveRequestSchema = z
  .object({
    start: z.string({ error: 'required' }).meta({ description: 'The new start, ISO 8601 with offset, on the service’s slot grid.', examples: ['2026-12-03T14:00:00+01:00'] }),
    reason: z.string().trim().max(500, 'tooLong').optional().meta({ description: 'Told to the customer in the change mail.' }),
  })
  .strict();

/** What a restricted person's identity reads as (GDPR art. 18), said on each shape that carries one. */
const RESTRICTED_NOTE =
  'While the person’s processing is restricted (GDPR art. 18), their identity is withheld: lastName and email read « Traitement limité (RGPD, art. 18) », every other field of theirs is null; lifting the restriction gives it back.';

const addressResponse = z
  .object({ line1: z.string(), line2: z.string().nullable(), postalCode: z.string(), city: z.string(), country: z.string() })
  .nullable();

export const adminCustomerResponseSchema = z.object({
  id: z.string(),
  lastName: z.string().nullable(),
  firstName: z.string().nullable(),
  company: z.string().nullable(),
  email: z.string(),
  phone: z.string().nullable().meta({ description: 'E.164.' }),
  country: z.string().nullable().meta({ description: 'ISO 3166-1 alpha-2.' }),
  address: addressResponse,
  lastBookingAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ description: RESTRICTED_NOTE });
export type AdminCustomerResponse = z.output<typeof adminCustomerResponseSchema>;

/** Where a booking's payment stands (payments module): what it received, how, and while it waits for an online payment, that payment. */
export const adminBookingPaymentSchema = z
  .object({
    status: z.enum(['free', 'unpaid', 'partly_paid', 'paid', 'overpaid', 'pending']).meta({
      description:
        'free: nothing to pay; unpaid: nothing received yet (paid on site); partly_paid: part received (a deposit, or part on site); paid: the price received; overpaid: more than the price (a price lowered after the payment); pending: waiting for the online payment that confirms the booking.',
    }),
    paidCents: z.number().int().meta({ description: 'What the booking received, in cents: payments less corrections.' }),
    methods: z
      .array(z.enum(['cash', 'card_terminal', 'cheque', 'bank_transfer', 'stripe', 'paypal']))
      .meta({ description: 'How it was paid: the methods of the payments received, in the order they came.' }),
    pending: z
      .object({
        provider: z.enum(['stripe', 'paypal']),
        purpose: z.enum(['full', 'deposit']).meta({ description: 'The whole price, or the deposit.' }),
        amountCents: z.number().int(),
        expiresAt: z.string().meta({ format: 'date-time', description: 'When the place is released if the payment has not come.' }),
      })
      .optional()
      .meta({ description: 'Only while status is pending.' }),
  });

export const adminBookingResponseSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(['confirmed', 'pending_payment', 'cancelled']).meta({
    description: 'pending_payment: the booking holds its place waiting for its online payment (released, then cancelled, when the payment window lapses).',
  }),
  service: z.string().meta({ description: 'The service slug.' }),
  start: offsetDateTime,
  end: offsetDateTime,
  quantity: z.number().int(),
  priceCents: z.number().int().meta({ description: 'Total price, VAT included, in cents.' }),
  currency: z.string(),
  source: z.enum(['web', 'api', 'owner']),
  attendance: z.enum(['honoured', 'no_show']).nullable(),
  locale: z.enum(['fr', 'en']),
  customerId: z.string().nullable(),
  customer: z.object({
    lastName: z.string().nullable(),
    firstName: z.string().nullable(),
    company: z.string().nullable(),
    email: z.string(),
    phone: z.string().nullable(),
    country: z.string().nullable(),
    address: addressResponse,
  }).meta({ description: `The details given for this booking. ${RESTRICTED_NOTE}` }),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  cancelledBy: z.enum(['customer', 'owner']).nullable(),
  cancellationReason: z.string().nullable(),
  payment: adminBookingPaymentSchema,
});
export type AdminBookingResponse = z.output<typeof adminBookingResponseSchema>;

export const adminPaymentResponseSchema = z.object({
  id: z.string(),
  bookingId: z.string(),
  bookingReference: z.string().nullable().meta({ description: 'Null once the booking was erased (the payment record is kept 10 years).' }),
  kind: z.enum(['payment', 'correction']).meta({ description: 'A correction takes back part or all of a payment (a negative amount).' }),
  method: z.string().meta({ description: 'cash, card_terminal, cheque, bank_transfer, or an online provider.' }),
  amountCents: z.number().int().meta({ description: 'Negative for a correction.' }),
  currency: z.string(),
  paidOn: localDay.meta({ description: 'The day the money was paid (or given back).' }),
  correctsId: z.string().nullable(),
  reason: z.string().nullable(),
  recordedAt: z.string().meta({ format: 'date-time' }),
});
export type AdminPaymentResponse = z.output<typeof adminPaymentResponseSchema>;

export const adminInvoiceResponseSchema = z.object({
  number: z.string().meta({ examples: ['F-2026-000001', 'A-2026-000001'] }),
  type: z.enum(['invoice', 'credit_note']),
  bookingId: z.string().nullable(),
  bookingReference: z.string().nullable(),
  correctsNumber: z.string().nullable().meta({ description: 'A credit note’s invoice.' }),
  issueDate: localDay,
  serviceDate: localDay,
  buyer: z.string().meta({ description: 'The buyer’s name as printed.' }),
  netCents: z.number().int(),
  vatCents: z.number().int(),
  grossCents: z.number().int(),
  vatByRate: z.array(z.object({ vatRateBp: z.number().int().meta({ description: '2000 is 20 %.' }), baseCents: z.number().int(), vatCents: z.number().int() })),
  currency: z.string(),
  url: z.string().meta({ description: 'The Factur-X PDF, with the same API key.' }),
});
export type AdminInvoiceResponse = z.output<typeof adminInvoiceResponseSchema>;

/** F-2026-000001.pdf: the number of an invoice or credit note, then .pdf. */
export const invoiceFileParamsSchema = z.object({ file: z.string().regex(/^[FA]-\d{4}-\d{6}\.pdf$/, 'invoiceFile').meta({ description: 'The document’s number followed by .pdf.' }) });

/** The back office's form for a new key. */
export const apiKeyFormSchema = z.object({
  name: z.string({ error: 'required' }).trim().min(1, 'required').max(80, 'tooLong'),
  scope: z.enum(['read', 'write'], { error: 'invalid' }),
});

export const ownerApiValidationTexts: ValidationTexts = {
  fr: {
    'label.from': 'le premier jour',
    'label.to': 'le dernier jour',
    'label.q': 'la recherche',
    'label.page': 'le numéro de page',
    'label.reason': 'le motif',
    'label.start': 'le nouvel horaire',
    'label.name': 'le nom de la clé',
    'label.scope': 'les droits de la clé',
    date: 'Indiquez {label} au format AAAA-MM-JJ.',
    invoiceFile: 'Indiquez le numéro d’une facture ou d’un avoir suivi de .pdf, par exemple F-2026-000001.pdf.',
    'name.required': 'Donnez un nom à la clé, celui de l’outil qui l’utilisera (par exemple «\u00a0Comptabilité\u00a0»).',
  },
  en: {
    'label.from': 'the first day',
    'label.to': 'the last day',
    'label.q': 'the search',
    'label.page': 'the page number',
    'label.reason': 'the reason',
    'label.start': 'the new time',
    'label.name': 'the key’s name',
    'label.scope': 'the key’s rights',
    date: 'Enter {label} as YYYY-MM-DD.',
    invoiceFile: 'Give the number of an invoice or credit note followed by .pdf, such as F-2026-000001.pdf.',
    'name.required': 'Name the key after the tool that will use it (for example "Accounting").',
  },
};

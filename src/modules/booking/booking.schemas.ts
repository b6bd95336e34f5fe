import { z } from 'zod';
import { isValidPostcode, phoneToE164 } from '../../platform/i18n/phone.js';
import { isCountryCode } from '../../platform/i18n/countries.js';
import type { FieldError } from '../../platform/http/errors.js';
import { fieldError as fieldErrorIn, type ValidationTexts } from '../../platform/http/validation.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { customerFields, paymentChoices, type CustomerField } from '../catalog/index.js';
import { publicBookingStatuses, type CustomerDetails } from './booking.model.js';
import { MAX_PLACES_PER_BOOKING } from './quantity.js';

/**
 * One definition of a valid booking, shared by the HTML form and the JSON API.
 * Which optional fields are required depends on the service, so required-ness is
 * checked after the shape (requiredFieldErrors); formats are checked here.
 *
 * The API's description (/api/openapi.json) is generated from these schemas (z.toJSONSchema of
 * their input): the `.meta({ description })` texts below are what API clients read.
 */

/** HTML forms post "" for an empty field: treat it as absent. */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
// Control characters have no place in a name or an address; they break mail headers and CSV exports.
const printable = /^[^\u0000-\u001f\u007f]*$/;

const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.string({ error: 'invalid' }).trim().max(max, 'tooLong').regex(printable, 'invalid').optional());

/**
 * What people's names hold: letters of any alphabet with their accents, spaces, hyphens,
 * apostrophes (' and ’) and dots, beginning with a letter. Nothing else, so that a name
 * cannot carry a link, an address or a message into the mails that greet the person. A dot
 * ends an abbreviation (« St. », « J.-P. », « J.R.R. »); one followed by two letters is a
 * domain name (« evil.example »).
 */
const personName = /^\p{L}[\p{L}\p{M} .'’-]*$/u;
const domainLike = /\.\p{L}{2}/u;
const optionalName = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'invalid' })
      .trim()
      .max(max, 'tooLong')
      .regex(personName, 'name')
      .refine((value) => !domainLike.test(value), 'name')
      .optional(),
  );

// The two-letter shape is checked before the list of countries so that the API's description can state it.
const countryCode = z
  .string({ error: 'invalid' })
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'country')
  .transform((v) => v.toUpperCase())
  .refine(isCountryCode, 'country')
  .meta({ description: 'ISO 3166-1 alpha-2 code, e.g. FR.' });

export const addressSchema = z
  .object({
    line1: optionalText(200),
    line2: optionalText(200),
    postalCode: optionalText(20),
    city: optionalText(100),
    country: z.preprocess(blankToUndefined, countryCode.optional()),
  })
  .strict()
  .meta({
    description:
      'All of line1, postalCode, city and country are required when an address is given or the service requires one. Surrounding spaces are ignored, and an empty text counts as absent.',
  });

export const customerSchema = z
  .object({
    lastName: optionalName(100),
    firstName: optionalName(100),
    company: optionalText(150),
    country: z.preprocess(blankToUndefined, countryCode.optional()),
    email: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'required' })
        .trim()
        .max(254, 'tooLong')
        .pipe(z.email({ error: 'email', pattern: z.regexes.html5Email })),
    ).meta({ format: 'email' }),
    // The exact check needs the customer's country (finishCustomer); this one catches what no country accepts.
    phone: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'invalid' })
        .trim()
        .max(40, 'tooLong')
        .refine((v) => /^\+?[\d\s().\-/]+$/.test(v) && v.replace(/\D/g, '').length >= 6, 'phone')
        .optional(),
    ).meta({ description: 'Any format libphonenumber reads, in the customer’s country by default; stored as E.164.' }),
    address: z.preprocess((value) => (isBlankObject(value) ? undefined : value), addressSchema.optional()),
  })
  .strict()
  .meta({
    description: `Which of ${customerFields.join(', ')} are required depends on the service (by default lastName, firstName, country and phone). Surrounding spaces are ignored, and an empty text counts as absent.`,
  });

export const bookingRequestSchema = z
  .object({
    service: z.string({ error: 'required' }).trim().min(1, 'required').max(100, 'invalid').meta({ description: 'The service slug.', examples: ['diagnostic-informatique'] }),
    start: z
      .string({ error: 'required' })
      .trim()
      .min(1, 'required')
      .max(40, 'invalid')
      .meta({ format: 'date-time', description: 'A slot start returned by the slots endpoint, with its offset.', examples: ['2026-12-01T09:00:00+01:00'] }),
    customer: customerSchema,
    locale: z.enum(['fr', 'en'], { error: 'locale' }).optional().meta({ description: 'Language of the confirmation mail and of error messages.' }),
    acceptTerms: z
      .boolean({ error: 'invalid' })
      .optional()
      .meta({
        description:
          'True when the customer expressly accepted the terms of sale (a box they ticked). Recorded with the booking; the version in force is recorded either way, as shown to the customer.',
      }),
    requestEarlyPerformance: z
      .boolean({ error: 'invalid' })
      .optional()
      .meta({
        description:
          'The customer’s express request for the service to start before their 14-day withdrawal period ends (French consumer code L221-25: they keep the right to withdraw but owe the part already performed). Required (true) when the start is within 14 days of the booking for a service where the withdrawal right applies, and for services performed at the customer’s request (performed_at_request); otherwise ignored. Without it such a booking is refused with 422 on this field; a start 15 days or more ahead needs no request.',
      }),
    /** Places to take (1 when absent); the service's own maximum is checked once it is known. */
    quantity: z
      .number({ error: 'quantity' })
      .int('quantity')
      .min(1, 'quantity')
      .max(MAX_PLACES_PER_BOOKING, 'quantity')
      .optional()
      .meta({
        default: 1,
        description:
          'Places to book, at most the service’s maxPlacesPerBooking (422 above it) and the places left in the slot (409 NOT_ENOUGH_PLACES when fewer are left, SLOT_TAKEN when none). The price recorded is the price of one place times this.',
      }),
    payment: z
      .enum(paymentChoices, { error: 'payment' })
      .optional()
      .meta({
        default: 'on_site',
        description:
          'How the customer pays: on_site (the default), stripe or paypal (the whole price online), deposit_stripe or deposit_paypal (the service’s deposit percentage online, the rest on site). Only the choices the service offers and the site has configured are accepted (422 on this field otherwise). With an online choice the booking holds its place with status pending_payment and the answer carries paymentUrl, where the customer pays; it is confirmed only when the provider confirms the payment, and released when the payment window (30 minutes by default) lapses.',
      }),
  })
  .strict();
export type BookingRequest = z.output<typeof bookingRequestSchema>;

/** The owner's correction of a booking's customer details: the same rules, the same field names. */
export const customerCorrectionSchema = z.object({ customer: customerSchema }).strict();

/** The Idempotency-Key header of a booking request: a repeat with the same key returns the first booking. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,100}$/)
  .meta({ description: 'Repeating a request with the same key returns the first booking instead of creating another.' });

/** The path of the slots API: any text; an unknown slug is a 404 (SERVICE_NOT_FOUND). */
export const serviceSlugParamsSchema = z.object({ slug: z.string().meta({ description: 'The service slug.', examples: ['diagnostic-informatique'] }) });

const localDay = z
  .string({ error: 'required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date')
  .meta({ format: 'date' });

export const slotsQuerySchema = z
  .object({
    from: localDay.meta({ description: 'First local day, YYYY-MM-DD.' }),
    to: localDay.meta({ description: 'Last local day, inclusive.' }),
  })
  .strict();

// ── What the JSON API answers ────────────────────────────────────────────────
// The routes type their answers with these (z.output), and the API's description is made from them.

const offsetDateTime = z.string().meta({ format: 'date-time' });

/** One free slot of GET /api/v1/services/{slug}/slots. */
export const slotResponseSchema = z.object({
  start: offsetDateTime.meta({ examples: ['2026-12-01T09:00:00+01:00'] }),
  end: offsetDateTime.meta({ examples: ['2026-12-01T10:00:00+01:00'] }),
  remaining: z.number().int().nonnegative().meta({ description: 'Places left in this slot or session (places, not bookings: a booking of 3 takes 3).' }),
});
export type SlotResponse = z.output<typeof slotResponseSchema>;

/** The answer of POST /api/v1/bookings. */
export const bookingResponseSchema = z.object({
  reference: z.string().meta({ examples: ['7K3M9-Q2XAB'] }),
  status: z.enum(publicBookingStatuses).meta({ description: 'pending_payment: the place is held while the customer pays online (paymentUrl); confirmed once the payment is confirmed.' }),
  service: z.string().meta({ description: 'The service slug.' }),
  quantity: z.number().int().min(1).meta({ description: 'Places taken.' }),
  start: offsetDateTime,
  end: offsetDateTime,
  manageUrl: z.url().meta({ description: 'The customer’s private page for this booking; give it only to them.' }),
  manageToken: z.string().meta({ description: 'The booking’s private token (the one in manageUrl): send it as `Authorization: Bearer <manageToken>` to GET /api/v1/bookings/{reference}. Give it only to the customer.' }),
  paymentUrl: z.url().optional().meta({ description: 'With an online payment choice: where the customer pays (the provider’s page). The booking stays pending_payment until the provider confirms the payment.' }),
});
export type BookingResponse = z.output<typeof bookingResponseSchema>;

/** The path of GET /api/v1/bookings/{reference}. */
export const bookingReferenceParamsSchema = z.object({ reference: z.string().max(40).meta({ description: 'The booking reference.', examples: ['7K3M9-Q2XAB'] }) });

/** The answer of GET /api/v1/bookings/{reference} (with the booking's manage token as a Bearer token). */
export const bookingDetailsResponseSchema = z.object({
  reference: z.string().meta({ examples: ['7K3M9-Q2XAB'] }),
  status: z.enum(publicBookingStatuses).meta({ description: 'pending_payment: the place is held while the customer pays online; confirmed; cancelled (by the customer, the business, or because the payment window lapsed).' }),
  service: z.string().meta({ description: 'The service slug.' }),
  start: offsetDateTime,
  end: offsetDateTime,
  quantity: z.number().int().min(1),
  paymentStatus: z.enum(['free', 'pending', 'unpaid', 'partly_paid', 'paid', 'overpaid']).meta({
    description: 'pending: the online payment is awaited; then what the booking received against its price (a deposit leaves it partly_paid).',
  }),
  invoices: z.array(z.object({ number: z.string(), url: z.url().meta({ description: 'The invoice PDF (Factur-X); fetch it with the same Authorization header.' }) })),
});
export type BookingDetailsResponse = z.output<typeof bookingDetailsResponseSchema>;

function isBlankObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => blankToUndefined(v) === undefined);
}

export type ParsedCustomer = z.output<typeof customerSchema>;

/**
 * Fields the service requires but the customer left empty. Works on the raw input too,
 * so that a form with a bad e-mail also hears about its empty last name.
 */
export function missingRequiredFields(rawCustomer: unknown, requiredFields: readonly CustomerField[], locale: Locale): FieldError[] {
  const customer = (typeof rawCustomer === 'object' && rawCustomer !== null ? rawCustomer : {}) as Record<string, unknown>;
  const address = (typeof customer.address === 'object' && customer.address !== null ? customer.address : {}) as Record<string, unknown>;
  const filled = (value: unknown) => blankToUndefined(value) !== undefined;
  const problems: string[] = [];
  const required = new Set(requiredFields);
  for (const field of ['lastName', 'firstName', 'company', 'country', 'phone'] as const) {
    if (required.has(field) && !filled(customer[field])) problems.push(`customer.${field}`);
  }
  if (!filled(customer.email)) problems.push('customer.email');
  if (required.has('address') || !isBlankObject(address)) {
    for (const part of ['line1', 'postalCode', 'city', 'country'] as const) if (!filled(address[part])) problems.push(`customer.address.${part}`);
  }
  return problems.map((field) => fieldError(field, 'required', locale));
}

/**
 * The checks that read several fields at once (a phone number is read in the customer's
 * country, a French postcode has five digits); returns the customer as stored, phone in E.164.
 */
export function finishCustomer(customer: ParsedCustomer, locale: Locale): { customer: CustomerDetails; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const address = customer.address;
  if (address?.postalCode && !isValidPostcode(address.postalCode, address.country)) errors.push(fieldError('customer.address.postalCode', 'postalCodeFr', locale));
  let phone: string | null = null;
  if (customer.phone) {
    phone = phoneToE164(customer.phone, customer.country ?? address?.country) ?? null;
    if (!phone) errors.push(fieldError('customer.phone', 'phone', locale));
  }
  return {
    customer: {
      lastName: customer.lastName ?? null,
      firstName: customer.firstName ?? null,
      company: customer.company ?? null,
      country: customer.country ?? null,
      email: customer.email.toLowerCase(),
      phone,
      address:
        address?.line1 && address.postalCode && address.city && address.country
          ? { line1: address.line1, line2: address.line2 ?? null, postalCode: address.postalCode, city: address.city, country: address.country }
          : null,
    },
    errors,
  };
}

export function fieldError(field: string, key: string, locale: Locale): FieldError {
  return fieldErrorIn(field, key, locale, bookingValidationTexts);
}

export const bookingValidationTexts: ValidationTexts = {
  fr: {
    'label.service': 'la prestation',
    'label.start': 'l’horaire',
    'label.quantity': 'le nombre de places',
    'label.payment': 'le mode de paiement',
    payment: 'Choisissez un mode de paiement : on_site, stripe, paypal, deposit_stripe ou deposit_paypal.',
    'quantity.quantity': 'Indiquez un nombre de places entier, au moins 1.',
    'label.locale': 'la langue',
    'label.customer': 'vos coordonnées',
    'label.customer.lastName': 'votre nom',
    'label.customer.firstName': 'votre prénom',
    'label.customer.company': 'le nom de votre société',
    'label.customer.country': 'votre pays de résidence',
    'label.customer.email': 'votre adresse e-mail',
    'label.customer.phone': 'votre numéro de téléphone',
    'label.customer.address': 'votre adresse postale',
    'label.customer.address.line1': 'votre adresse (numéro et rue)',
    'label.customer.address.line2': 'le complément d’adresse',
    'label.customer.address.postalCode': 'votre code postal',
    'label.customer.address.city': 'votre ville',
    'label.customer.address.country': 'le pays de votre adresse',
    'label.acceptTerms': 'l’acceptation des conditions générales de vente',
    'label.requestEarlyPerformance': 'votre demande d’exécution anticipée',
    'label.from': 'la date de début',
    'label.to': 'la date de fin',
    email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    phone: 'Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.',
    country: 'Choisissez un pays dans la liste.',
    postalCodeFr: 'Un code postal français compte cinq chiffres, par exemple 92320.',
    date: 'Indiquez une date au format AAAA-MM-JJ, par exemple 2026-12-01.',
    locale: 'La langue doit être «\u00a0fr\u00a0» ou «\u00a0en\u00a0».',
    'customer.lastName.name': 'Votre nom ne peut contenir que des lettres (accentuées ou non), des espaces, des traits d’union, des apostrophes et des points.',
    'customer.firstName.name': 'Votre prénom ne peut contenir que des lettres (accentuées ou non), des espaces, des traits d’union, des apostrophes et des points.',
    'customer.email.required': 'Indiquez votre adresse e-mail\u00a0: nous y enverrons la confirmation.',
    'acceptTerms.required': 'Cochez la case pour accepter les conditions générales de vente.',
    'requestEarlyPerformance.required':
      'Cette prestation n’est réservable que si vous demandez qu’elle soit exécutée avant la fin du délai de rétractation\u00a0: cochez la case correspondante.',
  },
  en: {
    'label.service': 'the service',
    'label.start': 'the time',
    'label.quantity': 'the number of places',
    'label.payment': 'the payment method',
    payment: 'Choose a payment method: on_site, stripe, paypal, deposit_stripe or deposit_paypal.',
    'quantity.quantity': 'Enter a whole number of places, at least 1.',
    'label.locale': 'the language',
    'label.customer': 'your details',
    'label.customer.lastName': 'your last name',
    'label.customer.firstName': 'your first name',
    'label.customer.company': 'your company name',
    'label.customer.country': 'your country of residence',
    'label.customer.email': 'your email address',
    'label.customer.phone': 'your phone number',
    'label.customer.address': 'your postal address',
    'label.customer.address.line1': 'your address (number and street)',
    'label.customer.address.line2': 'the second address line',
    'label.customer.address.postalCode': 'your postcode',
    'label.customer.address.city': 'your town or city',
    'label.customer.address.country': 'the country of your address',
    'label.acceptTerms': 'your acceptance of the terms of sale',
    'label.requestEarlyPerformance': 'your request for early performance',
    'label.from': 'the start date',
    'label.to': 'the end date',
    email: 'Enter a valid email address, e.g. name@example.com.',
    phone: 'Enter a valid phone number, e.g. +44 20 7946 0958 or 06 12 34 56 78 for France.',
    country: 'Choose a country from the list.',
    postalCodeFr: 'A French postcode has five digits, e.g. 92320.',
    date: 'Enter a date as YYYY-MM-DD, e.g. 2026-12-01.',
    locale: 'The language must be "fr" or "en".',
    'customer.lastName.name': 'Your last name may only hold letters (with or without accents), spaces, hyphens, apostrophes and dots.',
    'customer.firstName.name': 'Your first name may only hold letters (with or without accents), spaces, hyphens, apostrophes and dots.',
    'customer.email.required': 'Enter your email address: we will send the confirmation there.',
    'acceptTerms.required': 'Tick the box to accept the terms of sale.',
    'requestEarlyPerformance.required':
      'This service can only be booked if you ask for it to be performed before the withdrawal period ends: tick the box.',
  },
};

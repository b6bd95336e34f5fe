import { z } from 'zod';
import { isValidPostcode, phoneToE164 } from '../../platform/i18n/phone.js';
import { isCountryCode } from '../../platform/i18n/countries.js';
import type { FieldError } from '../../platform/http/errors.js';
import { fieldError as fieldErrorIn, type ValidationTexts } from '../../platform/http/validation.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { CustomerDetails } from './customers.model.js';

/** HTML forms post "" for an empty field: treat it as absent. */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
/** C0 and C1 controls, line and paragraph separators, bidi overrides: no place in a name or an address (mail headers, CSV). */
const oneLine = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;
/** A note may hold line breaks, nothing else of the kind. */
const multiLine = /^[^\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;

const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.string({ error: 'invalid' }).trim().max(max, 'tooLong').regex(oneLine, 'control').optional());
const countryCode = z
  .string({ error: 'invalid' })
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isCountryCode, 'country');

/** The owner's form for a customer's details (flat, as an HTML form posts it). */
export const customerFormSchema = z.object({
  lastName: optionalText(100),
  firstName: optionalText(100),
  company: optionalText(150),
  country: z.preprocess(blankToUndefined, countryCode.optional()),
  email: z.preprocess(
    blankToUndefined,
    z.string({ error: 'required' }).trim().max(254, 'tooLong').regex(oneLine, 'control').pipe(z.email({ error: 'email', pattern: z.regexes.html5Email })),
  ),
  phone: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'invalid' })
      .trim()
      .max(40, 'tooLong')
      .refine((v) => /^\+?[\d\s().\-/]+$/.test(v) && v.replace(/\D/g, '').length >= 6, 'phone')
      .optional(),
  ),
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  postalCode: optionalText(20),
  city: optionalText(100),
  addressCountry: z.preprocess(blankToUndefined, countryCode.optional()),
  /** The updated_at the form was shown with: a change made meanwhile is not overwritten. */
  version: z.string({ error: 'invalid' }).max(40, 'invalid').optional(),
});
export type CustomerForm = z.output<typeof customerFormSchema>;

/** The customer's own form in their space: their phone and postal address (the rest they give when booking). */
export const contactFormSchema = customerFormSchema.pick({ phone: true, addressLine1: true, addressLine2: true, postalCode: true, city: true, addressCountry: true });
export type ContactForm = z.output<typeof contactFormSchema>;

export const noteFormSchema = z.object({
  body: z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : v),
    z.string({ error: 'required' }).trim().min(1, 'required').max(2000, 'tooLong').regex(multiLine, 'control'),
  ),
});

export const listQuerySchema = z.object({
  q: z.string().max(100).catch('').default(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

/** The checks that read several fields (a phone is read in the customer's country); the details as stored. */
export function finishCustomerForm(form: CustomerForm, locale: Locale): { details: CustomerDetails; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const anyAddress = form.addressLine1 || form.addressLine2 || form.postalCode || form.city || form.addressCountry;
  if (anyAddress) {
    for (const field of ['addressLine1', 'postalCode', 'city', 'addressCountry'] as const) if (!form[field]) errors.push(fieldError(field, 'required', locale));
  }
  if (form.postalCode && !isValidPostcode(form.postalCode, form.addressCountry)) errors.push(fieldError('postalCode', 'postalCodeFr', locale));
  let phone: string | null = null;
  if (form.phone) {
    phone = phoneToE164(form.phone, form.country ?? form.addressCountry) ?? null;
    if (!phone) errors.push(fieldError('phone', 'phone', locale));
  }
  return {
    details: {
      lastName: form.lastName ?? null,
      firstName: form.firstName ?? null,
      company: form.company ?? null,
      country: form.country ?? null,
      email: form.email,
      phone,
      address:
        form.addressLine1 && form.postalCode && form.city && form.addressCountry
          ? { line1: form.addressLine1, line2: form.addressLine2 ?? null, postalCode: form.postalCode, city: form.city, country: form.addressCountry }
          : null,
    },
    errors,
  };
}

/** The customer's phone and address, checked as the owner's form checks them; the phone is read in their country. */
export function finishContactForm(form: ContactForm, existing: CustomerDetails, locale: Locale): { details: CustomerDetails; errors: FieldError[] } {
  const { details, errors } = finishCustomerForm(
    { ...form, email: existing.email, lastName: existing.lastName ?? undefined, firstName: existing.firstName ?? undefined, company: existing.company ?? undefined, country: existing.country ?? undefined },
    locale,
  );
  return { details: { ...existing, phone: details.phone, address: details.address }, errors };
}

export function fieldError(field: string, key: string, locale: Locale): FieldError {
  return fieldErrorIn(field, key, locale, customerValidationTexts);
}

export const customerValidationTexts: ValidationTexts = {
  fr: {
    'label.lastName': 'le nom',
    'label.firstName': 'le prénom',
    'label.company': 'la société',
    'label.country': 'le pays de résidence',
    'label.email': 'l’adresse e-mail',
    'label.phone': 'le numéro de téléphone',
    'label.addressLine1': 'l’adresse (numéro et rue)',
    'label.addressLine2': 'le complément d’adresse',
    'label.postalCode': 'le code postal',
    'label.city': 'la ville',
    'label.addressCountry': 'le pays de l’adresse',
    'label.body': 'le texte de la note',
    email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    phone: 'Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.',
    country: 'Choisissez un pays dans la liste.',
    postalCodeFr: 'Un code postal français compte cinq chiffres, par exemple 92320.',
    control: 'Le texte saisi pour {label} contient un caractère de contrôle ou de mise en forme invisible\u00a0; retirez-le.',
    'email.required': 'Indiquez l’adresse e-mail du client.',
    'body.required': 'Écrivez le texte de la note.',
  },
  en: {
    'label.lastName': 'the last name',
    'label.firstName': 'the first name',
    'label.company': 'the company',
    'label.country': 'the country of residence',
    'label.email': 'the e-mail address',
    'label.phone': 'the phone number',
    'label.addressLine1': 'the address (number and street)',
    'label.addressLine2': 'the second address line',
    'label.postalCode': 'the postcode',
    'label.city': 'the town or city',
    'label.addressCountry': 'the country of the address',
    'label.body': 'the text of the note',
    email: 'Enter a valid e-mail address, e.g. name@example.com.',
    phone: 'Enter a valid phone number, e.g. +44 20 7946 0958 or 06 12 34 56 78 for France.',
    country: 'Choose a country from the list.',
    postalCodeFr: 'A French postcode has five digits, e.g. 92320.',
    control: '{label} contains a control or invisible formatting character; remove it.',
    'email.required': 'Enter the customer’s e-mail address.',
    'body.required': 'Write the text of the note.',
  },
};

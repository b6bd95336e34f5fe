import { ZodError, type z } from 'zod';
import { interpolate, type Locale } from '../i18n/locale.js';
import { ValidationFailed, type FieldError } from './errors.js';

/**
 * Texts a module gives for its fields, per language:
 *   "label.customer.email": "votre adresse e-mail"   (used in generic messages)
 *   "customer.email.email": "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."
 * Schemas name the problem with a short key (`{ error: 'email' }`); this turns the key into a sentence.
 */
export type ValidationTexts = Record<Locale, Record<string, string>>;

const generic: ValidationTexts = {
  fr: {
    required: 'Indiquez {label}.',
    invalid: '{label} n’est pas valide.',
    // Neutral wording: labels are feminine as often as masculine (« votre adresse e-mail »).
    tooLong: 'Le texte saisi pour {label} est trop long.',
    unknownField: 'Ce champ n’est pas attendu.',
    body: 'Le corps de la requête doit être un objet JSON.',
  },
  en: {
    required: 'Enter {label}.',
    invalid: '{label} is not valid.',
    tooLong: '{label} is too long.',
    unknownField: 'This field is not expected.',
    body: 'The request body must be a JSON object.',
  },
};

/** Parses `input` with `schema` or throws ValidationFailed with every problem in the reader's language. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, locale: Locale, texts: ValidationTexts): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationFailed(toFieldErrors(result.error, locale, texts));
}

/**
 * One field's problem, found by code rather than by a schema (a phone number that does not parse,
 * a required address), worded from the same texts: `fieldError('customer.phone', 'phone', 'fr', texts)`.
 */
export function fieldError(field: string, key: string, locale: Locale, texts: ValidationTexts): FieldError {
  const error = new ZodError([{ code: 'custom', path: field.split('.'), message: key, input: undefined }]);
  return toFieldErrors(error, locale, texts)[0]!;
}

export function toFieldErrors(error: z.ZodError, locale: Locale, texts: ValidationTexts): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const push = (field: string, key: string) => {
    if (seen.has(field)) return; // one message per field: the first problem is the one to fix
    seen.add(field);
    errors.push({ field, message: messageFor(texts, locale, field, key) });
  };
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) push(base ? `${base}.${key}` : key, 'unknownField');
    } else {
      push(base || 'body', issueKey(issue));
    }
  }
  return errors;
}

function issueKey(issue: z.core.$ZodIssue): string {
  // Our schemas set short keys as messages; Zod's own English sentences contain spaces.
  if (!/\s/.test(issue.message)) return issue.message;
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) return 'required';
  if (issue.code === 'too_big') return 'tooLong';
  return 'invalid';
}

function messageFor(texts: ValidationTexts, locale: Locale, field: string, key: string): string {
  const own = texts[locale];
  const specific = own[`${field}.${key}`];
  if (specific) return specific;
  const template = own[key] ?? generic[locale][key] ?? generic[locale].invalid!;
  const label = own[`label.${field}`] ?? field;
  return capitalize(interpolate(template, { label }));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

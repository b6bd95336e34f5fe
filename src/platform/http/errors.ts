import type { Locale, Localized } from '../i18n/locale.js';
import { asCatalogue, sentenceIn, type Agreeing, type ParamArgs, type Sentences } from '../i18n/sentences.js';

/** A field and what is wrong with it, in the reader's language. Paths look like customer.email. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error a user can cause and act upon: a closed code, an HTTP status below 500 and a
 * sentence in French and English. Modules declare theirs with defineErrors().
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messages: Localized,
    readonly field?: string,
  ) {
    super(messages.en);
    this.name = 'AppError';
  }

  /** Seconds after which the same request may succeed, sent as Retry-After (a limit that lifts with time). */
  retryAfterSeconds?: number;

  messageIn(locale: Locale): string {
    return this.messages[locale];
  }

  /** The same error, telling the client when it may try again. */
  retryAfter(seconds: number): this {
    this.retryAfterSeconds = Math.max(1, Math.ceil(seconds));
    return this;
  }
}

/** Input that failed validation: every field error at once, already in the reader's language. */
export class ValidationFailed extends Error {
  readonly status = 422;
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly errors: FieldError[]) {
    super(`Validation failed: ${errors.map((e) => e.field).join(', ')}`);
    this.name = 'ValidationFailed';
  }
}

/** { field: message } for a form to show each message beside its field. */
export function messagesByField(error: ValidationFailed): Record<string, string> {
  return Object.fromEntries(error.errors.map((e) => [e.field, e.message]));
}

/** The string values of a posted form (a repeated field, an array, is left out). */
export function formStrings(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** An error code's HTTP status, the form field it belongs to (if any) and its sentences. */
export type ErrorDefinition = Sentences & { status: number; field?: string };

type ErrorFactories<D> = { [C in keyof D]: (...params: ParamArgs<D[C]>) => AppError };

/**
 * Declares a module's closed set of errors:
 *   const errors = defineErrors({
 *     SLOT_TAKEN: { status: 409, fr: '…', en: '…' },
 *     TOO_EARLY: { status: 422, fr: (p: { minutes: number }) => `…`, en: (p: { minutes: number }) => `…`, example: { minutes: 60 } },
 *   });
 *   throw errors.SLOT_TAKEN();
 *   throw errors.TOO_EARLY({ minutes: 60 }); // a missing or extra parameter does not compile
 */
export function defineErrors<const D extends Record<string, ErrorDefinition>>(definitions: D & Agreeing<D>): ErrorFactories<D> & { readonly codes: (keyof D & string)[] } {
  const factories: Record<string, (params?: unknown) => AppError> = {};
  for (const [code, definition] of Object.entries(definitions as Record<string, ErrorDefinition>)) {
    factories[code] = (params) => new AppError(code, definition.status, { fr: sentenceIn(definition, 'fr', params), en: sentenceIn(definition, 'en', params) }, definition.field);
  }
  const codes = Object.keys(definitions);
  return asCatalogue(Object.assign(factories, { codes }), definitions) as unknown as ErrorFactories<D> & { readonly codes: (keyof D & string)[] };
}

/** A sentence that belongs beside one field of a form (inside VALIDATION_FAILED, with no code of its own). */
export type FieldMessageDefinition = Sentences & { field: string };

type FieldMessageFactories<D> = { [K in keyof D]: (locale: Locale, ...params: ParamArgs<D[K]>) => FieldError };

/**
 * Declares a module's field messages, the sentences of the checks a schema cannot make:
 *   const messages = defineFieldMessages({ END_BEFORE_START: { field: 'to', fr: '…', en: '…' } });
 *   throw new ValidationFailed([messages.END_BEFORE_START(locale)]);
 */
export function defineFieldMessages<const D extends Record<string, FieldMessageDefinition>>(definitions: D & Agreeing<D>): FieldMessageFactories<D> {
  const factories: Record<string, (locale: Locale, params?: unknown) => FieldError> = {};
  for (const [key, definition] of Object.entries(definitions as Record<string, FieldMessageDefinition>)) {
    factories[key] = (locale, params) => ({ field: definition.field, message: sentenceIn(definition, locale, params) });
  }
  return asCatalogue(factories, definitions) as FieldMessageFactories<D>;
}

import type { Locale, Localized } from '../i18n/locale.js';

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

  messageIn(locale: Locale): string {
    return this.messages[locale];
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

export interface ErrorDefinition extends Localized {
  status: number;
  field?: string;
}

/**
 * Declares a module's closed set of errors:
 *   const errors = defineErrors({ SLOT_TAKEN: { status: 409, fr: '…', en: '…' } });
 *   throw errors.SLOT_TAKEN();
 */
export function defineErrors<Code extends string>(
  definitions: Record<Code, ErrorDefinition>,
): { [C in Code]: () => AppError } & { readonly codes: Code[] } {
  const factories = {} as { [C in Code]: () => AppError };
  for (const code of Object.keys(definitions) as Code[]) {
    const { status, field, fr, en } = definitions[code];
    factories[code] = () => new AppError(code, status, { fr, en }, field);
  }
  return Object.assign(factories, { codes: Object.keys(definitions) as Code[] });
}

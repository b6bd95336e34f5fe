import { z } from 'zod';

/**
 * The JSON bodies of the API's errors, as the error handler writes them (error-handler.ts `respond`).
 * The API's description is made from these schemas, each answer listing the codes it can carry.
 */

/** `{ error: { code, message } }`, with `requestId` on a 5xx so that the caller can quote it. */
export function errorBodySchema<const Code extends string>(codes: readonly [Code, ...Code[]]) {
  return z.object({
    error: z.object({
      code: z.enum(codes),
      message: z.string().meta({ description: 'A sentence in the caller’s language (Accept-Language, or the body’s locale).' }),
      requestId: z.string().optional().meta({ description: 'On a 5xx only: the id of the request in the server’s logs.' }),
    }),
  });
}
export type ErrorBody = z.output<ReturnType<typeof errorBodySchema<string>>>;

/** A 422 of invalid input: `{ errors: [{ field, message }] }`, one entry per field. */
export const fieldErrorsBodySchema = z.object({
  errors: z.array(
    z.object({
      field: z.string().meta({ description: 'The path of the field, dot-separated.', examples: ['customer.email'] }),
      message: z.string().meta({ description: 'What is wrong and how to fix it, in the caller’s language.' }),
    }),
  ),
});
export type FieldErrorsBody = z.output<typeof fieldErrorsBodySchema>;

import { z } from 'zod';
import type { DialectName } from './db/dialect.js';
import {
  addressSchema,
  bookingApiErrors,
  bookingErrors,
  bookingRequestSchema,
  bookingResponseSchema,
  bookingDetailsResponseSchema,
  bookingReferenceParamsSchema,
  customerSchema,
  idempotencyKeySchema,
  MAX_RANGE_DAYS,
  MAX_SLOTS_PER_REQUEST,
  serviceSlugParamsSchema,
  slotResponseSchema,
  slotsQuerySchema,
} from './modules/booking/index.js';
import { catalogErrors, serviceResponseSchema } from './modules/catalog/index.js';
import { agendaErrors } from './modules/booking/index.js';
import {
  adminBookingResponseSchema,
  adminBookingsQuerySchema,
  adminCancelRequestSchema,
  adminCustomerResponseSchema,
  adminCustomersQuerySchema,
  adminInvoiceResponseSchema,
  adminMoveRequestSchema,
  adminPaymentResponseSchema,
  bookingIdParamsSchema,
  invoiceFileParamsSchema,
  MAX_ADMIN_RANGE_DAYS,
  ownerApiErrors,
  webhookIdParamsSchema,
} from './modules/owner-api/index.js';
import { invoiceErrors } from './modules/invoices/index.js';
import { privacyRequestAcceptedSchema, privacyRequestSchema } from './modules/rights/index.js';
import { createdWebhookEndpointResponseSchema, webhookEndpointRequestSchema, webhookEndpointResponseSchema, webhookErrors } from './modules/webhooks/index.js';
import { errorBodySchema, fieldErrorsBodySchema } from './platform/http/error-body.js';
import { platformErrorStatuses } from './platform/http/error-handler.js';
import { inputGuardErrors } from './platform/http/input-guard.js';

/**
 * The JSON API's description, served at /api/openapi.json, made from the Zod schemas the routes
 * validate their input with and type their answers by (z.toJSONSchema): the document cannot say
 * other than the code. Only the prose of each operation and answer is written here; the fields'
 * descriptions are the schemas' `.meta()`.
 */

type JsonSchema = Record<string, unknown>;

/** OpenAPI 3.1's schemas are JSON Schema 2020-12. */
const target = 'draft-2020-12';

/** Zod states JavaScript's safe-integer bounds on every integer; they say nothing to a reader, so they are left out. */
function withoutSafeIntegerBounds({ jsonSchema }: { jsonSchema: { minimum?: number; maximum?: number } }): void {
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
}
const options = (io: 'input' | 'output') => ({ target, io, override: withoutSafeIntegerBounds }) as const;

const dialects = ['sqlite', 'postgres'] as const satisfies readonly DialectName[];
/** GET /healthz: 200 when the database answers, 503 when it does not. */
export const healthUpSchema = z.object({ status: z.literal('ok'), db: z.enum(dialects) });
export const healthDownSchema = z.object({ status: z.literal('error'), db: z.enum(dialects) });

/**
 * The named schemas, each once under components.schemas, where one inside another becomes a $ref.
 * What a client sends is described as the schema's input (before trimming and transforms), what
 * the server answers as its output.
 */
const requestSchemas = {
  BookingRequest: bookingRequestSchema,
  Customer: customerSchema,
  Address: addressSchema,
  OwnerBookingRequest: bookingRequestSchema.extend({
    force: z.boolean().optional().meta({ description: 'Book a full slot or a time outside opening hours anyway, as the owner may after a warning (default false).' }),
    notifyCustomer: z.boolean().optional().meta({ description: 'Mail the confirmation (and later the reminder) to the customer (default true).' }),
  }),
  MoveRequest: adminMoveRequestSchema,
  CancelRequest: adminCancelRequestSchema,
  WebhookEndpointRequest: webhookEndpointRequestSchema,
  PrivacyRequest: privacyRequestSchema,
};
const responseSchemas = {
  Service: serviceResponseSchema,
  Slot: slotResponseSchema,
  Booking: bookingResponseSchema,
  BookingDetails: bookingDetailsResponseSchema,
  FieldErrors: fieldErrorsBodySchema,
  AdminBooking: adminBookingResponseSchema,
  AdminCustomer: adminCustomerResponseSchema,
  AdminPayment: adminPaymentResponseSchema,
  AdminInvoice: adminInvoiceResponseSchema,
  WebhookEndpoint: webhookEndpointResponseSchema,
  CreatedWebhookEndpoint: createdWebhookEndpointResponseSchema,
  PrivacyRequestAccepted: privacyRequestAcceptedSchema,
};
type ComponentName = keyof typeof requestSchemas | keyof typeof responseSchemas;

function componentSchemas(named: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { ...options(io), uri: (id) => `#/components/schemas/${id}` });
  // A component is not a document of its own: its $schema and $id (a bare fragment) would mislead validators.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]));
}

/** A schema written in place (an error body, a parameter). */
function inlineSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _schema, ...json } = z.toJSONSchema(schema, options(io));
  return json;
}

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

/** A path or query parameter per property of the object schema the route reads them with; its description moves up to the parameter. */
function parametersOf(schema: z.ZodObject, where: 'path' | 'query', extraDescriptions: Record<string, string> = {}) {
  const { properties, required = [] } = inlineSchema(schema, 'input') as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(properties).map(([name, { description, ...property }]) => {
    const text = [description, extraDescriptions[name]].filter(Boolean).join(' ');
    return { name, in: where, required: where === 'path' || required.includes(name), ...(text ? { description: text } : {}), schema: property };
  });
}

function headerParameter(name: string, schema: z.ZodType) {
  const { description, ...property } = inlineSchema(schema, 'input');
  return { name, in: 'header', required: false, description, schema: property };
}

/** An error an answer can carry: one declared with defineErrors (its factory tells code and status), or one of the error handler's own. */
interface ErrorCode {
  code: string;
  status: number;
}
const declaredError = (factory: () => ErrorCode): ErrorCode => {
  const { code, status } = factory();
  return { code, status };
};
function handlerError(code: string): ErrorCode {
  const status = platformErrorStatuses.get(code);
  if (status === undefined) throw new Error(`The error handler answers with no ${code}`);
  return { code, status };
}

function errorBody(status: number, errors: readonly [ErrorCode, ...ErrorCode[]]): JsonSchema {
  const wrong = errors.find((e) => e.status !== status);
  if (wrong) throw new Error(`${wrong.code} is answered with ${wrong.status}, not ${status}`);
  const codes = errors.map((e) => e.code) as [string, ...string[]];
  return inlineSchema(errorBodySchema(codes), 'output');
}

function errorResponse(status: number, description: string, errors: readonly [ErrorCode, ...ErrorCode[]], extra: JsonSchema = {}) {
  return { description, ...extra, content: json(errorBody(status, errors)) };
}

const retryAfter = {
  'Retry-After': {
    description: 'Seconds to wait before the same request may succeed: until the per-client limit lifts (TOO_MANY_REQUESTS), or until enough of the address’s bookings have left the hour (TOO_MANY_BOOKINGS_FOR_EMAIL).',
    schema: { type: 'integer', minimum: 0 },
  },
};

/** Refused before any route runs, for the characters no stored text may hold (platform/http/input-guard.ts). */
const controlCharacters = [declaredError(inputGuardErrors.NUL_CHARACTER), declaredError(inputGuardErrors.CONTROL_CHARACTER)] as const;
const controlCharactersText = 'a text holding a NUL or another control character (NUL_CHARACTER, CONTROL_CHARACTER)';

/** The answers every /api/v1/admin operation may give about its key. */
const keyAnswers = (scope: 'read' | 'write') => ({
  '401': errorResponse(401, 'No key (API_KEY_MISSING), or a key that is unknown or revoked (API_KEY_INVALID).', [declaredError(ownerApiErrors.API_KEY_MISSING), declaredError(ownerApiErrors.API_KEY_INVALID)], {
    headers: { 'WWW-Authenticate': { description: 'Bearer.', schema: { type: 'string' } } },
  }),
  ...(scope === 'write' ? { '403': errorResponse(403, 'A read key asked to write (API_KEY_READ_ONLY).', [declaredError(ownerApiErrors.API_KEY_READ_ONLY)]) } : {}),
});
const ownerSecurity = [{ apiKey: [] }];
const fieldErrors = (description: string) => ({ description, content: json(ref('FieldErrors')) });

const internalError = errorResponse(500, 'Something unexpected went wrong; nothing was saved. Quote the requestId when reporting it.', [handlerError('INTERNAL_ERROR')]);

export function openApiDocument(baseUrl: string, businessName: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: `${businessName} booking API`,
      version: '1.0.0',
      description:
        'Services, free slots and bookings. Errors come in French or English (Accept-Language), as `{ error: { code, message } }` with a closed list of codes per answer, or, for invalid input, `{ errors: [{ field, message }] }`.',
    },
    servers: [{ url: baseUrl }],
    paths: {
      '/healthz': {
        get: {
          summary: 'Liveness and database check',
          responses: {
            '200': { description: 'The application and its database answer.', content: json(inlineSchema(healthUpSchema, 'output')) },
            '503': { description: 'The database does not answer.', content: json(inlineSchema(healthDownSchema, 'output')) },
          },
        },
      },
      '/api/v1/services': {
        get: {
          summary: 'Services offered',
          responses: {
            '200': { description: 'The services, in display order.', content: json({ type: 'array', items: ref('Service') }) },
            '500': internalError,
          },
        },
      },
      '/api/v1/services/{slug}/slots': {
        get: {
          summary: 'Free slots of a service',
          parameters: [
            ...parametersOf(serviceSlugParamsSchema, 'path'),
            ...parametersOf(slotsQuerySchema, 'query', {
              to: `At most ${MAX_RANGE_DAYS} days after from, and fewer for a service with many slots a day: one request computes at most ${MAX_SLOTS_PER_REQUEST} slots (422 names the number of days that fit).`,
            }),
          ],
          responses: {
            '200': { description: 'Free slots in time order.', content: json({ type: 'array', items: ref('Slot') }) },
            '400': errorResponse(400, `A parameter holding ${controlCharactersText}.`, [...controlCharacters]),
            '404': errorResponse(404, 'No service has this slug, or it is no longer offered (SERVICE_NOT_FOUND).', [declaredError(catalogErrors.SERVICE_NOT_FOUND)]),
            '422': { description: 'Invalid dates, or a range too long: one entry per field (from, to; or a query parameter that is not expected).', content: json(ref('FieldErrors')) },
            '429': errorResponse(429, 'Too many requests from this client in a minute (SLOTS_RATE_LIMIT).', [handlerError('TOO_MANY_REQUESTS')], { headers: retryAfter }),
            '500': internalError,
          },
        },
      },
      '/api/v1/privacy-requests': {
        post: {
          summary: 'Exercise a right over one’s data',
          description:
            'Access, rectification, erasure, restriction, objection, portability, post-mortem directives or a question (GDPR arts. 15–22). A confirmation link, valid 24 hours, is mailed to the address, in the language of Accept-Language; the request is received, and its one-month deadline starts, when the person confirms. details is required for rectification, directive and question. The answer is the same whether or not the address is known.',
          requestBody: { required: true, content: json(ref('PrivacyRequest')) },
          responses: {
            '202': { description: 'Accepted: a confirmation link is on its way to the address.', content: json(ref('PrivacyRequestAccepted')) },
            '400': errorResponse(400, `Malformed JSON, or ${controlCharactersText}.`, [handlerError('MALFORMED_JSON'), ...controlCharacters]),
            '415': errorResponse(415, 'The body is not sent as JSON.', [declaredError(bookingApiErrors.JSON_REQUIRED), handlerError('UNSUPPORTED_MEDIA_TYPE')]),
            '422': fieldErrors('Invalid input, one entry per field (type, email, details, or a field that is not expected).'),
            '429': errorResponse(429, 'Too many requests from this client in 15 minutes.', [handlerError('TOO_MANY_REQUESTS')], { headers: retryAfter }),
            '500': internalError,
          },
        },
      },
      '/api/v1/admin/bookings': {
        get: {
          summary: 'Bookings of a period (owner)',
          security: ownerSecurity,
          parameters: parametersOf(adminBookingsQuerySchema, 'query'),
          responses: {
            '200': { description: 'Bookings starting in the period, confirmed and cancelled, in time order.', content: json({ type: 'array', items: ref('AdminBooking') }) },
            ...keyAnswers('read'),
            '422': fieldErrors(`Invalid dates, to before from, or more than ${MAX_ADMIN_RANGE_DAYS} days.`),
            '500': internalError,
          },
        },
        post: {
          summary: 'Book as the owner (owner)',
          description: 'As in the back office: the notice and horizon do not apply; a full slot or a time outside opening hours is refused (409) unless force is true. The customer is mailed unless notifyCustomer is false.',
          security: ownerSecurity,
          requestBody: { required: true, content: json(ref('OwnerBookingRequest')) },
          responses: {
            '201': { description: 'Booked.', content: json(ref('AdminBooking')) },
            ...keyAnswers('write'),
            '409': errorResponse(409, 'The slot is taken (SLOT_TAKEN), fewer places are left (NOT_ENOUGH_PLACES), or the time is outside opening hours (OUTSIDE_HOURS).', [
              declaredError(bookingErrors.SLOT_TAKEN),
              declaredError(bookingErrors.NOT_ENOUGH_PLACES),
              declaredError(bookingErrors.OUTSIDE_HOURS),
            ]),
            '415': errorResponse(415, 'The body is not sent as JSON.', [declaredError(bookingApiErrors.JSON_REQUIRED), handlerError('UNSUPPORTED_MEDIA_TYPE')]),
            '422': fieldErrors('Invalid input, one entry per field.'),
            '500': internalError,
          },
        },
      },
      '/api/v1/admin/bookings/{id}/cancel': {
        post: {
          summary: 'Cancel a booking (owner)',
          description: 'The customer is mailed, with the reason when one is given.',
          security: ownerSecurity,
          parameters: parametersOf(bookingIdParamsSchema, 'path'),
          requestBody: { required: false, content: json(ref('CancelRequest')) },
          responses: {
            '200': { description: 'Cancelled.', content: json(ref('AdminBooking')) },
            ...keyAnswers('write'),
            '404': errorResponse(404, 'No booking has this id (BOOKING_NOT_FOUND).', [declaredError(bookingErrors.BOOKING_NOT_FOUND)]),
            '409': errorResponse(409, 'Already cancelled (ALREADY_CANCELLED).', [declaredError(bookingErrors.ALREADY_CANCELLED)]),
            '422': fieldErrors('Invalid input.'),
            '500': internalError,
          },
        },
      },
      '/api/v1/admin/bookings/{id}/move': {
        post: {
          summary: 'Move a booking (owner)',
          description: 'To another free time on the service’s grid; the customer is mailed and their reminder follows.',
          security: ownerSecurity,
          parameters: parametersOf(bookingIdParamsSchema, 'path'),
          requestBody: { required: true, content: json(ref('MoveRequest')) },
          responses: {
            '200': { description: 'Moved.', content: json(ref('AdminBooking')) },
            ...keyAnswers('write'),
            '404': errorResponse(404, 'No booking has this id (BOOKING_NOT_FOUND).', [declaredError(bookingErrors.BOOKING_NOT_FOUND)]),
            '409': errorResponse(409, 'Cancelled (ALREADY_CANCELLED), the new time is taken (SLOT_TAKEN, NOT_ENOUGH_PLACES), or the booking changed meanwhile (BOOKING_CHANGED).', [
              declaredError(bookingErrors.ALREADY_CANCELLED),
              declaredError(bookingErrors.SLOT_TAKEN),
              declaredError(bookingErrors.NOT_ENOUGH_PLACES),
              declaredError(bookingErrors.BOOKING_CHANGED),
            ]),
            '415': errorResponse(415, 'The body is not sent as JSON.', [declaredError(bookingApiErrors.JSON_REQUIRED), handlerError('UNSUPPORTED_MEDIA_TYPE')]),
            '422': {
              description: 'Invalid input, one entry per field; or SAME_TIME: the booking already has this time.',
              content: json({ oneOf: [ref('FieldErrors'), errorBody(422, [declaredError(agendaErrors.SAME_TIME)])] }),
            },
            '500': internalError,
          },
        },
      },
      '/api/v1/admin/customers': {
        get: {
          summary: 'Customers (owner)',
          security: ownerSecurity,
          parameters: parametersOf(adminCustomersQuerySchema, 'query'),
          responses: {
            '200': { description: 'Customers whose name, e-mail, phone or company holds every word of q, 25 a page, by name.', content: json({ type: 'array', items: ref('AdminCustomer') }) },
            ...keyAnswers('read'),
            '422': fieldErrors('Invalid parameters.'),
            '500': internalError,
          },
        },
      },
      '/api/v1/admin/payments': {
        get: {
          summary: 'Payments and corrections of a period (owner)',
          description: 'Every record of the payment ledger (on site and online) recorded in the period, Paris time: payments, and corrections or refunds with a negative amount, in ledger order.',
          security: ownerSecurity,
          parameters: parametersOf(adminBookingsQuerySchema, 'query'),
          responses: {
            '200': { description: 'The records, in ledger order.', content: json({ type: 'array', items: ref('AdminPayment') }) },
            ...keyAnswers('read'),
            '422': fieldErrors(`Invalid dates, to before from, or more than ${MAX_ADMIN_RANGE_DAYS} days.`),
            '500': internalError,
          },
        },
      },
      '/api/v1/admin/invoices': {
        get: {
          summary: 'Invoices and credit notes of a period (owner)',
          description: 'Documents issued in the period (by issue date), invoices then credit notes, each in number order, with the VAT per rate and the URL of its Factur-X PDF.',
          security: ownerSecurity,
          parameters: parametersOf(adminBookingsQuerySchema, 'query'),
          responses: {
            '200': { description: 'The documents.', content: json({ type: 'array', items: ref('AdminInvoice') }) },
            ...keyAnswers('read'),
            '422': fieldErrors(`Invalid dates, to before from, or more than ${MAX_ADMIN_RANGE_DAYS} days.`),
            '500': internalError,
          },
        },
      },
      '/api/v1/admin/invoices/{file}': {
        get: {
          summary: 'The PDF of an invoice or credit note (owner)',
          description: 'The Factur-X file (PDF/A-3 with its EN 16931 XML) exactly as issued.',
          security: ownerSecurity,
          parameters: parametersOf(invoiceFileParamsSchema, 'path'),
          responses: {
            '200': { description: 'The PDF.', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } },
            ...keyAnswers('read'),
            '404': errorResponse(404, 'No document has this number (INVOICE_NOT_FOUND).', [declaredError(invoiceErrors.INVOICE_NOT_FOUND)]),
            '422': fieldErrors('Not a number followed by .pdf.'),
            '500': internalError,
          },
        },
      },
      '/api/v1/admin/webhooks': {
        get: {
          summary: 'Webhook endpoints (owner)',
          security: ownerSecurity,
          responses: {
            '200': { description: 'The endpoints, oldest first; their secrets are never shown again.', content: json({ type: 'array', items: ref('WebhookEndpoint') }) },
            ...keyAnswers('read'),
            '500': internalError,
          },
        },
        post: {
          summary: 'Add a webhook endpoint (owner)',
          description:
            'Each event is POSTed as JSON `{ id, type, created, data }` (data: `{ booking }`, `{ customer }`, `{ payment }` for payment.succeeded and payment.refunded, or `{ invoice }` for invoice.issued), signed in `WServices-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`; the event id (also in `WServices-Event-Id`) stays the same across retries, which last three days with backoff. Answer 2xx to acknowledge.',
          security: ownerSecurity,
          requestBody: { required: true, content: json(ref('WebhookEndpointRequest')) },
          responses: {
            '201': { description: 'Added; the signing secret is in this answer only.', content: json(ref('CreatedWebhookEndpoint')) },
            ...keyAnswers('write'),
            '415': errorResponse(415, 'The body is not sent as JSON.', [declaredError(bookingApiErrors.JSON_REQUIRED), handlerError('UNSUPPORTED_MEDIA_TYPE')]),
            '422': fieldErrors('An invalid or refused URL (not http(s), with credentials, on loopback or a private network, or not found), or unknown events.'),
            '500': internalError,
          },
        },
      },
      '/api/v1/admin/webhooks/{id}': {
        delete: {
          summary: 'Delete a webhook endpoint (owner)',
          security: ownerSecurity,
          parameters: parametersOf(webhookIdParamsSchema, 'path'),
          responses: {
            '204': { description: 'Deleted, with its delivery log; nothing more is sent to it.' },
            ...keyAnswers('write'),
            '404': errorResponse(404, 'No endpoint has this id (WEBHOOK_NOT_FOUND).', [declaredError(webhookErrors.WEBHOOK_NOT_FOUND)]),
            '500': internalError,
          },
        },
      },
      '/api/v1/bookings': {
        post: {
          summary: 'Book a slot',
          parameters: [headerParameter('Idempotency-Key', idempotencyKeySchema)],
          requestBody: { required: true, content: json(ref('BookingRequest')) },
          responses: {
            '201': {
              description: 'Booked.',
              headers: {
                'Idempotent-Replayed': {
                  description: 'true when this answer is the booking an earlier request with the same Idempotency-Key made; absent otherwise.',
                  schema: { type: 'string', const: 'true' },
                },
              },
              content: json(ref('Booking')),
            },
            '400': errorResponse(
              400,
              `Malformed JSON (MALFORMED_JSON) or request (BAD_REQUEST), an Idempotency-Key that is not 8 to 100 letters, digits, - or _ (IDEMPOTENCY_KEY_INVALID), or ${controlCharactersText}.`,
              [handlerError('MALFORMED_JSON'), handlerError('BAD_REQUEST'), declaredError(bookingApiErrors.IDEMPOTENCY_KEY_INVALID), ...controlCharacters],
            ),
            '409': errorResponse(409, 'The slot is no longer free (SLOT_TAKEN), or fewer places are left than asked (NOT_ENOUGH_PLACES).', [
              declaredError(bookingErrors.SLOT_TAKEN),
              declaredError(bookingErrors.NOT_ENOUGH_PLACES),
            ]),
            '413': errorResponse(413, 'The body is too large (PAYLOAD_TOO_LARGE).', [handlerError('PAYLOAD_TOO_LARGE')]),
            '415': errorResponse(415, 'The body is not sent as JSON (Content-Type: application/json).', [
              declaredError(bookingApiErrors.JSON_REQUIRED),
              handlerError('UNSUPPORTED_MEDIA_TYPE'),
            ]),
            '422': {
              description:
                'Invalid input, one entry per field; or, as `{ error: { code, message } }`, IDEMPOTENCY_KEY_REUSED: the Idempotency-Key already served for a different request.',
              content: json({ oneOf: [ref('FieldErrors'), errorBody(422, [declaredError(bookingErrors.IDEMPOTENCY_KEY_REUSED)])] }),
            },
            '429': errorResponse(
              429,
              'TOO_MANY_REQUESTS: too many booking requests from this client in a minute (BOOKING_RATE_LIMIT, counted across the forms and the API); or TOO_MANY_BOOKINGS_FOR_EMAIL: too many bookings with this e-mail address in the last hour (BOOKINGS_PER_EMAIL_PER_HOUR).',
              [handlerError('TOO_MANY_REQUESTS'), declaredError(bookingErrors.TOO_MANY_BOOKINGS_FOR_EMAIL)],
              { headers: retryAfter },
            ),
            '500': internalError,
          },
        },
      },
      '/api/v1/bookings/{reference}': {
        get: {
          summary: 'A booking, read by its customer',
          description:
            'With the booking’s manage token (manageToken of the booking’s answer; the last part of its private link) as `Authorization: Bearer <manageToken>`. A wrong or missing token gets the same 404 as an unknown reference.',
          security: [{ manageToken: [] }],
          parameters: parametersOf(bookingReferenceParamsSchema, 'path'),
          responses: {
            '200': { description: 'The booking, where its payment stands, and its invoices.', content: json(ref('BookingDetails')) },
            '400': errorResponse(400, `A parameter holding ${controlCharactersText}.`, [...controlCharacters]),
            '404': errorResponse(404, 'No booking with this reference and token (BOOKING_NOT_FOUND).', [declaredError(bookingErrors.BOOKING_NOT_FOUND)]),
            '500': internalError,
          },
        },
      },
      '/api/v1/bookings/{reference}/invoices/{number}.pdf': {
        get: {
          summary: 'An invoice of a booking (PDF, Factur-X)',
          security: [{ manageToken: [] }],
          parameters: [
            ...parametersOf(bookingReferenceParamsSchema, 'path'),
            { name: 'number', in: 'path', required: true, description: 'The invoice number, as the booking lists it.', schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'The invoice as issued: a PDF/A-3 with its Factur-X XML.', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } },
            '404': errorResponse(404, 'No such invoice for this booking, or a wrong token (BOOKING_NOT_FOUND).', [declaredError(bookingErrors.BOOKING_NOT_FOUND)]),
            '500': internalError,
          },
        },
      },
    },
    components: {
      schemas: { ...componentSchemas(requestSchemas, 'input'), ...componentSchemas(responseSchemas, 'output') },
      securitySchemes: {
        manageToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'A booking’s manage token (manageToken in the answer of POST /api/v1/bookings): its customer’s access to that booking only.',
        },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key made by the owner in the back office (/admin/parametres/api) or with `npx wservices apikey create`: `Authorization: Bearer wsk_…`. A read key only reads.',
        },
      },
    },
  };
}

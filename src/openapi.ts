import { MAX_SLOTS_PER_REQUEST } from './modules/booking/index.js';
import { customerFields, serviceLocations } from './modules/catalog/index.js';

/**
 * The JSON API's description, served at /api/openapi.json. A test checks that the
 * request schemas below name exactly the fields the validation schemas accept.
 */
const errorResponse = {
  description: 'An error with a code and a sentence in the caller’s language (Accept-Language, or the body’s locale).',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

const fieldErrorsSchema = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string', example: 'customer.email' }, message: { type: 'string' } } },
    },
  },
};

const validationResponse = {
  description: 'Invalid input: one entry per field, with paths such as customer.email.',
  content: { 'application/json': { schema: fieldErrorsSchema } },
};

/** A booking's 422: invalid fields, or a request that cannot be processed as a whole (a reused idempotency key). */
const bookingUnprocessableResponse = {
  description:
    'Invalid input, one entry per field; or, as `{ error: { code, message } }`, IDEMPOTENCY_KEY_REUSED: the Idempotency-Key already served for a different request.',
  content: { 'application/json': { schema: { oneOf: [fieldErrorsSchema, errorResponse.content['application/json'].schema] } } },
};

const text = (maxLength: number, description?: string) => ({ type: 'string', maxLength, ...(description ? { description } : {}) });
const country = { type: 'string', pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 code, e.g. FR.' };

export const openApiSchemas = {
  Service: {
    type: 'object',
    required: ['slug', 'name', 'durationMinutes', 'priceCents', 'currency', 'capacity', 'location'],
    properties: {
      slug: { type: 'string', example: 'diagnostic-informatique' },
      name: { type: 'string', description: 'In the caller’s language.' },
      durationMinutes: { type: 'integer' },
      priceCents: { type: 'integer', description: 'Price of one place including VAT, in cents.' },
      currency: { type: 'string', example: 'EUR' },
      capacity: { type: 'integer', description: 'Places in one slot (a session states its own places: see the slots’ remaining).' },
      location: {
        type: 'string',
        enum: [...serviceLocations],
        description:
          'Where the service happens: business (the business address), customer_address (the customer’s address: customer.address is then required), phone (a call to the customer: customer.phone is then required) or online (the link is sent in the confirmation).',
      },
      scheduling: {
        type: 'string',
        enum: ['open_hours', 'sessions'],
        description: 'open_hours: any free slot of the opening hours; sessions: only the sessions the business schedules, which are then its slots.',
      },
      maxPlacesPerBooking: { type: 'integer', minimum: 1, description: 'Most places one booking may take (the quantity of a booking request).' },
    },
  },
  Slot: {
    type: 'object',
    required: ['start', 'end', 'remaining'],
    properties: {
      start: { type: 'string', format: 'date-time', example: '2026-12-01T09:00:00+01:00' },
      end: { type: 'string', format: 'date-time', example: '2026-12-01T10:00:00+01:00' },
      remaining: { type: 'integer', description: 'Places left in this slot or session (places, not bookings: a booking of 3 takes 3).' },
    },
  },
  Address: {
    type: 'object',
    additionalProperties: false,
    description: 'All of line1, postalCode, city and country are required when an address is given or the service requires one.',
    properties: { line1: text(200), line2: text(200), postalCode: text(20), city: text(100), country },
  },
  Customer: {
    type: 'object',
    additionalProperties: false,
    required: ['email'],
    description: `Which of ${customerFields.join(', ')} are required depends on the service (by default lastName, firstName, country and phone).`,
    properties: {
      lastName: text(100),
      firstName: text(100),
      company: text(150),
      country,
      email: { type: 'string', format: 'email', maxLength: 254 },
      phone: { type: 'string', maxLength: 40, description: 'Any format libphonenumber reads, in the customer’s country by default; stored as E.164.' },
      address: { $ref: '#/components/schemas/Address' },
    },
  },
  BookingRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['service', 'start', 'customer'],
    properties: {
      service: { type: 'string', description: 'The service slug.' },
      start: { type: 'string', format: 'date-time', description: 'A slot start returned by the slots endpoint, with its offset.' },
      customer: { $ref: '#/components/schemas/Customer' },
      locale: { type: 'string', enum: ['fr', 'en'], description: 'Language of the confirmation mail and of error messages.' },
      acceptTerms: {
        type: 'boolean',
        description: 'True when the customer expressly accepted the terms of sale (a box they ticked). Recorded with the booking; the version in force is recorded either way, as shown to the customer.',
      },
      requestEarlyPerformance: {
        type: 'boolean',
        description:
          'The customer’s express request for the service to start before their 14-day withdrawal period ends (French consumer code L221-25: they keep the right to withdraw but owe the part already performed). Required (true) when the start is within 14 days of the booking for a service where the withdrawal right applies, and for services performed at the customer’s request (performed_at_request); otherwise ignored. Without it such a booking is refused with 422 on this field; a start 15 days or more ahead needs no request.',
      },
      quantity: {
        type: 'integer',
        minimum: 1,
        maximum: 500,
        default: 1,
        description:
          'Places to book, at most the service’s maxPlacesPerBooking (422 above it) and the places left in the slot (409 NOT_ENOUGH_PLACES when fewer are left, SLOT_TAKEN when none). The price recorded is the price of one place times this.',
      },
    },
  },
  Booking: {
    type: 'object',
    required: ['reference', 'status', 'service', 'quantity', 'start', 'end'],
    properties: {
      reference: { type: 'string', example: '7K3M9-Q2XAB' },
      status: { type: 'string', enum: ['confirmed', 'cancelled'] },
      service: { type: 'string' },
      start: { type: 'string', format: 'date-time' },
      end: { type: 'string', format: 'date-time' },
      quantity: { type: 'integer', description: 'Places taken.' },
      manageUrl: { type: 'string', format: 'uri', description: 'The customer’s private page for this booking; give it only to them.' },
    },
  },
} as const;

export function openApiDocument(baseUrl: string, businessName: string) {
  return {
    openapi: '3.1.0',
    info: { title: `${businessName} booking API`, version: '1.0.0', description: 'Services, free slots and bookings. Errors come in French or English (Accept-Language).' },
    servers: [{ url: baseUrl }],
    paths: {
      '/healthz': {
        get: {
          summary: 'Liveness and database check',
          responses: {
            '200': {
              description: 'The application and its database answer.',
              content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' }, db: { enum: ['sqlite', 'postgres'] } } } } },
            },
            '503': errorResponse,
          },
        },
      },
      '/api/v1/services': {
        get: {
          summary: 'Services offered',
          responses: { '200': { description: 'The services, in display order.', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Service' } } } } } },
        },
      },
      '/api/v1/services/{slug}/slots': {
        get: {
          summary: 'Free slots of a service',
          parameters: [
            { name: 'slug', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' }, description: 'First local day, YYYY-MM-DD.' },
            {
              name: 'to',
              in: 'query',
              required: true,
              schema: { type: 'string', format: 'date' },
              description: `Last local day, inclusive; at most 92 days after from, and fewer for a service with many slots a day: one request computes at most ${MAX_SLOTS_PER_REQUEST} slots (422 names the number of days that fit).`,
            },
          ],
          responses: {
            '200': { description: 'Free slots in time order.', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Slot' } } } } },
            '404': errorResponse,
            '422': validationResponse,
            '429': { ...errorResponse, description: 'Too many requests from this client in a minute (SLOTS_RATE_LIMIT).' },
          },
        },
      },
      '/api/v1/bookings': {
        post: {
          summary: 'Book a slot',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,100}$' },
              description: 'Repeating a request with the same key returns the first booking instead of creating another.',
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/BookingRequest' } } } },
          responses: {
            '201': { description: 'Booked.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Booking' } } } },
            '400': { ...errorResponse, description: 'Malformed JSON or header.' },
            '409': { ...errorResponse, description: 'The slot is no longer free (SLOT_TAKEN), or fewer places are left than asked (NOT_ENOUGH_PLACES).' },
            '415': errorResponse,
            '422': bookingUnprocessableResponse,
            '429': {
              ...errorResponse,
              description:
                'TOO_MANY_REQUESTS: too many booking requests from this client in a minute (BOOKING_RATE_LIMIT, counted across the forms and the API); or TOO_MANY_BOOKINGS_FOR_EMAIL: too many bookings with this e-mail address in the last hour (BOOKINGS_PER_EMAIL_PER_HOUR).',
            },
          },
        },
      },
    },
    components: { schemas: openApiSchemas },
  };
}

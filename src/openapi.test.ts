import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.js';
import { document, documentedOperation, documentValidator, expectDocumentedResponse } from '../test/support/openapi.js';
import { agendaErrors, bookingApiErrors, bookingErrors, bookingRequestSchema, idempotencyKeySchema, slotsQuerySchema } from './modules/booking/index.js';
import { ownerApiErrors } from './modules/owner-api/index.js';
import { invoiceErrors } from './modules/invoices/index.js';
import { webhookErrors } from './modules/webhooks/index.js';
import { privacyRequestSchema } from './modules/rights/index.js';
import { catalogErrors, serviceLocations } from './modules/catalog/index.js';
import { platformErrorStatuses } from './platform/http/error-handler.js';
import { inputGuardErrors } from './platform/http/input-guard.js';

const SLUG = 'diagnostic-informatique';
const START = '2026-12-01T09:00:00+01:00';
const email = 'marie.dupont@example.fr';
const booking = (customer: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({ service: SLUG, start: START, customer: { email, ...customer }, ...rest });
const address = { line1: '12 rue des Lilas', postalCode: '92320', city: 'Châtillon', country: 'FR' };

/**
 * Booking requests, with whether the route's schema (bookingRequestSchema) and the document accept
 * each. They agree but where JSON Schema cannot say what the server does: each such row says why.
 */
const bookingRequests: { body: unknown; label: string; schema: boolean; document: boolean; why?: string; status?: number }[] = [
  { label: 'the least', body: booking(), schema: true, document: true },
  {
    label: 'every field',
    body: booking(
      { lastName: 'Dupont-Lefèvre', firstName: 'J.-P.', company: 'Ateliers & Cie', country: 'FR', phone: '06 12 34 56 78', address: { ...address, line2: 'Bât. B' } },
      { locale: 'en', acceptTerms: true, requestEarlyPerformance: false, quantity: 3 },
    ),
    schema: true,
    document: true,
  },
  { label: 'a lower-case country', body: booking({ country: 'fr' }), schema: true, document: true },
  { label: 'an apostrophe in a name', body: booking({ lastName: 'O’Brien', firstName: "D'Arcy" }), schema: true, document: true },
  { label: '500 places', body: booking({}, { quantity: 500 }), schema: true, document: true },
  { label: 'not an object', body: ['a'], schema: false, document: false },
  { label: 'null', body: null, schema: false, document: false },
  { label: 'no service', body: { start: START, customer: { email } }, schema: false, document: false },
  { label: 'no start', body: { service: SLUG, customer: { email } }, schema: false, document: false },
  { label: 'no customer', body: { service: SLUG, start: START }, schema: false, document: false },
  { label: 'no e-mail', body: booking({ email: undefined, lastName: 'Dupont' }), schema: false, document: false },
  { label: 'an unknown field', body: booking({}, { coupon: 'X' }), schema: false, document: false },
  { label: 'an unknown customer field', body: booking({ age: 40 }), schema: false, document: false },
  { label: 'an unknown address field', body: booking({ address: { ...address, floor: 3 } }), schema: false, document: false },
  { label: 'an empty service', body: booking({}, { service: '' }), schema: false, document: false },
  { label: 'a service slug too long', body: booking({}, { service: 'x'.repeat(101) }), schema: false, document: false },
  { label: 'a start too long', body: booking({}, { start: `${START}${'0'.repeat(20)}` }), schema: false, document: false },
  { label: '0 places', body: booking({}, { quantity: 0 }), schema: false, document: false },
  { label: '501 places', body: booking({}, { quantity: 501 }), schema: false, document: false },
  { label: '2.5 places', body: booking({}, { quantity: 2.5 }), schema: false, document: false },
  { label: 'places as text', body: booking({}, { quantity: '3' }), schema: false, document: false },
  { label: 'an unknown language', body: booking({}, { locale: 'de' }), schema: false, document: false },
  { label: 'terms accepted as text', body: booking({}, { acceptTerms: 'yes' }), schema: false, document: false },
  { label: 'a digit in a name', body: booking({ lastName: 'R2D2' }), schema: false, document: false },
  // The route refuses it before its schema is asked (platform/http/input-guard.ts), with a 400.
  { label: 'a control character in a company', body: booking({ company: 'Ateliers\u0007' }), schema: false, document: false, status: 400 },
  { label: 'a three-letter country', body: booking({ country: 'FRA' }), schema: false, document: false },
  { label: 'an e-mail too long', body: booking({ email: `${'a'.repeat(250)}@b.fr` }), schema: false, document: false },
  { label: 'a phone too long', body: booking({ phone: '0'.repeat(41) }), schema: false, document: false },
  { label: 'an address as text', body: booking({ address: '12 rue des Lilas' }), schema: false, document: false },
  { label: 'a city too long', body: booking({ address: { ...address, city: 'x'.repeat(101) } }), schema: false, document: false },
  // What only the server can check: the document states the shape, the server the rest (then 422 on the field).
  { label: 'a domain name as a name', body: booking({ lastName: 'evil.example' }), schema: false, document: true, why: 'a refinement (a dot followed by two letters)' },
  { label: 'letters as a phone', body: booking({ phone: 'call me' }), schema: false, document: true, why: 'a refinement (digits and separators, six digits at least)' },
  { label: 'no such country', body: booking({ country: 'ZZ' }), schema: false, document: true, why: 'a refinement (the list of countries)' },
  { label: 'not an e-mail', body: booking({ email: 'marie.dupont' }), schema: false, document: true, why: 'a format, which the server checks' },
  // What the server forgives: it trims texts and takes an empty text for an absent one; the document states the clean form.
  { label: 'an empty first name', body: booking({ firstName: '' }), schema: true, document: false, why: 'an empty text counts as absent' },
  { label: 'spaces around a name', body: booking({ lastName: ' Dupont ' }), schema: true, document: false, why: 'texts are trimmed' },
];

describe('OpenAPI description', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t?.close());

  const schemas = document.components.schemas as Record<string, { properties: Record<string, Record<string, unknown>>; required?: string[] }>;

  describe('is made from the schemas the routes validate with', () => {
    const validateBody = documentValidator(documentedOperation('/api/v1/bookings', 'post').requestBody!.content['application/json']!.schema);

    it.each(bookingRequests)('a booking request with $label: the route’s schema and the document give the verdicts expected', ({ body, schema, document: documented, why }) => {
      expect(bookingRequestSchema.safeParse(body).success, 'the route’s schema').toBe(schema);
      expect(validateBody(body), `the document: ${JSON.stringify(validateBody.errors)}`).toBe(documented);
      if (schema !== documented) expect(why, 'a disagreement says why JSON Schema cannot state it').toBeTruthy();
    });

    it('refuses, as documented, every booking request its schema refuses', async () => {
      for (const { body, label, status = 422 } of bookingRequests.filter((r) => !r.schema && r.body !== null)) {
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: body as object });
        expect(response.statusCode, label).toBe(status);
        expectDocumentedResponse('/api/v1/bookings', 'post', status, response.json());
      }
    });

    it('describes the slots query as its schema reads it, and the route answers accordingly', async () => {
      const operation = documentedOperation('/api/v1/services/{slug}/slots', 'get');
      const query = operation.parameters!.filter((p) => p.in === 'query');
      expect(query.map((p) => p.name).sort()).toEqual(Object.keys(slotsQuerySchema.shape).sort());
      const documented = (q: Record<string, string>) => query.every((p) => (q[p.name] === undefined ? !p.required : documentValidator(p.schema)(q[p.name])));
      const cases: { q: Record<string, string>; schema: boolean; document: boolean; status: number }[] = [
        { q: { from: '2026-11-30', to: '2026-12-04' }, schema: true, document: true, status: 200 },
        { q: { from: '2026-11-30' }, schema: false, document: false, status: 422 },
        { q: { from: '30/11/2026', to: '2026-12-04' }, schema: false, document: false, status: 422 },
        { q: { from: '2026-11-30', to: '2026-12-4' }, schema: false, document: false, status: 422 },
        // JSON Schema cannot refuse a parameter it does not list (the 422's description says so), nor a day that does not exist.
        { q: { from: '2026-11-30', to: '2026-12-04', page: '2' }, schema: false, document: true, status: 422 },
        { q: { from: '2026-02-30', to: '2026-03-02' }, schema: true, document: true, status: 422 },
      ];
      for (const { q, schema, document: expected, status } of cases) {
        expect(slotsQuerySchema.safeParse(q).success, JSON.stringify(q)).toBe(schema);
        expect(documented(q), JSON.stringify(q)).toBe(expected);
        const response = await t.app.inject({ url: `/api/v1/services/${SLUG}/slots`, query: q });
        expect(response.statusCode, JSON.stringify(q)).toBe(status);
        expectDocumentedResponse('/api/v1/services/{slug}/slots', 'get', status, response.json());
      }
    });

    it('describes the Idempotency-Key header as the route checks it', async () => {
      const header = documentedOperation('/api/v1/bookings', 'post').parameters!.find((p) => p.in === 'header' && p.name === 'Idempotency-Key')!;
      const documented = documentValidator(header.schema);
      const cases = { abcd1234: true, ['a'.repeat(100)]: true, 'key_with-dash_01': true, short: false, ['a'.repeat(101)]: false, 'with space 123': false, 'dot.is.not.allowed': false };
      for (const [key, accepted] of Object.entries(cases)) {
        expect(idempotencyKeySchema.safeParse(key).success, key).toBe(accepted);
        expect(documented(key), key).toBe(accepted);
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'idempotency-key': key }, payload: { service: SLUG } });
        expect(response.statusCode, key).toBe(accepted ? 422 : 400);
        expectDocumentedResponse('/api/v1/bookings', 'post', response.statusCode, response.json());
      }
    });
  });

  it('lists, for each error answer, codes the application really answers with that status', () => {
    const known = new Map<string, number>(platformErrorStatuses);
    const moduleErrors = [bookingErrors, bookingApiErrors, agendaErrors, catalogErrors, inputGuardErrors, ownerApiErrors, webhookErrors, invoiceErrors] as unknown as ({ codes: string[] } & Record<string, () => { status: number }>)[];
    // A code's status does not depend on its sentence's parameters: any will do.
    const anyParameters = new Proxy({}, { get: () => 1 });
    for (const errors of moduleErrors) for (const code of errors.codes) known.set(code, (errors[code] as (p: unknown) => { status: number })(anyParameters).status);
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const schema = JSON.stringify(response.content?.['application/json']?.schema ?? {});
          for (const [, list] of schema.matchAll(/"code":\{"type":"string","enum":(\[[^\]]*\])/g)) {
            for (const code of JSON.parse(list!) as string[]) expect(known.get(code), `${method} ${path} ${status}: ${code}`).toBe(Number(status));
          }
        }
      }
    }
  });

  it('describes the places of a booking as the validation bounds them, and the services’ fields as the API sends them', async () => {
    const quantity = schemas.BookingRequest!.properties.quantity!;
    expect([quantity.type, quantity.minimum, quantity.maximum, quantity.default]).toEqual(['integer', 1, 500, 1]);
    expect(schemas.Booking!.required).toContain('quantity');
    const response = await t.app.inject('/api/v1/services');
    expectDocumentedResponse('/api/v1/services', 'get', 200, response.json());
    const services = response.json() as Record<string, unknown>[];
    for (const service of services) expect(Object.keys(service).sort()).toEqual(Object.keys(schemas.Service!.properties).sort());
    expect(services.find((s) => s.slug === 'atelier-numerique')).toMatchObject({ scheduling: 'sessions', maxPlacesPerBooking: 4 });
  });

  it('describes every field GET /api/v1/services gives, and the places a service can have', async () => {
    const services = (await t.app.inject('/api/v1/services')).json() as Record<string, unknown>[];
    expect(schemas.Service!.required).toContain('location');
    expect(schemas.Service!.properties.location!.enum).toEqual(['business', 'customer_address', 'phone', 'online']);
    expect(schemas.Service!.properties.location!.enum).toEqual([...serviceLocations]);
    expect(new Set(services.map((s) => s.location))).toEqual(new Set(['business', 'customer_address', 'phone']));
  });

  it('describes /healthz as it answers', async () => {
    const response = await t.app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expectDocumentedResponse('/healthz', 'get', 200, response.json());
  });

  it('describes a rights request as its schema reads it', () => {
    const validate = documentValidator(documentedOperation('/api/v1/privacy-requests', 'post').requestBody!.content['application/json']!.schema);
    const verdicts: [unknown, boolean][] = [
      [{ type: 'access', email }, true],
      [{ type: 'question', email, details: 'Que gardez-vous ?' }, true],
      [{ type: 'everything', email }, false],
      [{ type: 'access' }, false],
      [{ type: 'access', email, locale: 'fr' }, false],
      [{ type: 'erasure', email, deceasedEmail: 'jean.dupont@example.fr' }, true],
    ];
    for (const [body, expected] of verdicts) {
      expect(validate(body), JSON.stringify(body)).toBe(expected);
      expect(privacyRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(expected);
    }
    // A format the document states and the server checks (422 on the field), as for the booking's e-mail.
    const described = (document as unknown as { components: { schemas: Record<string, { properties: Record<string, { format?: string }> }> } }).components.schemas.PrivacyRequest!;
    expect(described.properties.deceasedEmail?.format).toBe('email');
    expect(privacyRequestSchema.safeParse({ type: 'erasure', email, deceasedEmail: 'pas une adresse' }).success).toBe(false);
  });

  it('is served at /api/openapi.json, and every operation it lists is a route the app answers', async () => {
    const response = await t.app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const served = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(served.openapi).toBe('3.1.0');
    expect(Object.keys(served.paths).sort()).toEqual([
      '/api/v1/admin/bookings',
      '/api/v1/admin/bookings/{id}/cancel',
      '/api/v1/admin/bookings/{id}/move',
      '/api/v1/admin/customers',
      '/api/v1/admin/invoices',
      '/api/v1/admin/invoices/{file}',
      '/api/v1/admin/payments',
      '/api/v1/admin/webhooks',
      '/api/v1/admin/webhooks/{id}',
      '/api/v1/bookings',
      '/api/v1/bookings/{reference}',
      '/api/v1/bookings/{reference}/invoices/{number}.pdf',
      '/api/v1/privacy-requests',
      '/api/v1/services',
      '/api/v1/services/{slug}/slots',
      '/healthz',
    ]);
    for (const [path, operations] of Object.entries(served.paths)) {
      for (const method of Object.keys(operations)) {
        expect(t.app.hasRoute({ method: method.toUpperCase() as 'GET', url: path.replace(/\{(\w+)\}/g, ':$1') }), `${method} ${path}`).toBe(true);
      }
    }
  });

  it('holds together as an OpenAPI 3.1 document: every schema compiles, every $ref resolves, every path parameter is declared', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(typeof document.info.title).toBe('string');
    expect(typeof document.info.version).toBe('string');
    const text = JSON.stringify(document);
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(document.components.schemas, name).toHaveProperty([name!]);
    expect(text, 'a component is no document of its own').not.toMatch(/"\$(schema|id|defs)"/);
    for (const schema of Object.values(document.components.schemas)) documentValidator(schema);
    for (const [path, operations] of Object.entries(document.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, operation] of Object.entries(operations)) {
        expect(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']).toContain(method);
        const parameters = operation.parameters ?? [];
        expect(parameters.filter((p) => p.in === 'path').map((p) => p.name).sort(), `${method} ${path}`).toEqual(inPath.sort());
        for (const parameter of parameters) {
          expect(['path', 'query', 'header', 'cookie']).toContain(parameter.in);
          if (parameter.in === 'path') expect(parameter.required).toBe(true);
          documentValidator(parameter.schema);
        }
        expect(new Set(parameters.map((p) => `${p.in} ${p.name}`)).size).toBe(parameters.length);
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(operation.responses)) {
          expect(status).toMatch(/^[1-5]\d\d$/);
          expect(typeof (response as { description?: unknown }).description, `${method} ${path} ${status}`).toBe('string');
          for (const header of Object.values(response.headers ?? {})) documentValidator(header.schema);
          for (const media of Object.values(response.content ?? {})) documentValidator(media.schema);
        }
      }
    }
  });
});

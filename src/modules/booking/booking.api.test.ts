import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { expectDocumentedResponse } from '../../../test/support/openapi.js';

describeEachDialect('booking API', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  it('answers /healthz with the database in use', async () => {
    const response = await t.app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', db: dialect });
    expectDocumentedResponse('/healthz', 'get', 200, response.json());
  });

  it('lists services and free slots with offsets', async () => {
    const services = await t.app.inject('/api/v1/services');
    expect(services.json()).toContainEqual({ slug: 'diagnostic-informatique', name: 'Diagnostic informatique', durationMinutes: 60, priceCents: 4900, currency: 'EUR', capacity: 1, location: 'business', scheduling: 'open_hours', maxPlacesPerBooking: 1, payments: ['on_site'], depositPercent: null });
    const slots = await t.app.inject('/api/v1/services/diagnostic-informatique/slots?from=2026-11-30&to=2026-11-30');
    expect(slots.statusCode).toBe(200);
    expectDocumentedResponse('/api/v1/services', 'get', 200, services.json());
    expectDocumentedResponse('/api/v1/services/{slug}/slots', 'get', 200, slots.json());
    const list = slots.json() as { start: string; end: string; remaining: number }[];
    expect(list[0]).toEqual({ start: '2026-11-30T09:00:00+01:00', end: '2026-11-30T10:00:00+01:00', remaining: 1 });
  });

  it('books a slot, then refuses it with 409', async () => {
    const body = { service: 'diagnostic-informatique', start: MONDAY_10, customer: customer(), requestEarlyPerformance: true };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: body });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'confirmed', service: 'diagnostic-informatique', start: MONDAY_10, end: '2026-11-30T11:00:00+01:00' });
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: { ...body, customer: customer({ email: 'other@example.fr' }) } });
    expect(second.statusCode).toBe(409);
    expectDocumentedResponse('/api/v1/bookings', 'post', 409, second.json());
  });

  it('explains every invalid field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { 'accept-language': 'fr' },
      payload: { service: 'diagnostic-informatique', start: MONDAY_10, customer: { email: 'nope', phone: '12' } },
    });
    expect(response.statusCode).toBe(422);
    const fields = (response.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['customer.email', 'customer.lastName', 'customer.firstName', 'customer.country', 'customer.phone']));
  });

  it('answers a reused Idempotency-Key with another body with a 422 in the documented shape', async () => {
    const headers = { 'idempotency-key': `reuse-${dialect}-0001`, 'accept-language': 'en' };
    const body = { service: 'diagnostic-informatique', start: '2026-12-01T10:00:00+01:00', customer: customer({ email: 'idem@example.fr' }), requestEarlyPerformance: true };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers, payload: body });
    expect(first.statusCode).toBe(201);
    expectDocumentedResponse('/api/v1/bookings', 'post', 201, first.json());
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers, payload: { ...body, customer: customer({ email: 'idem@example.fr', lastName: 'Autre' }) } });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toEqual({ error: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'This idempotency key was already used for a different booking request.' } });
    expectDocumentedResponse('/api/v1/bookings', 'post', 422, other.json());
    // And the per-field 422 still matches the same documentation.
    const invalid = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: { ...body, customer: { email: 'nope' } } });
    expect(invalid.statusCode).toBe(422);
    expectDocumentedResponse('/api/v1/bookings', 'post', 422, invalid.json());
  });

  it('answers malformed JSON with 400', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'content-type': 'application/json' }, payload: '{"service":' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
    expectDocumentedResponse('/api/v1/bookings', 'post', 400, response.json());
  });
});

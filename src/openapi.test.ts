import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.js';
import { addressSchema, bookingRequestSchema, customerSchema } from './modules/booking/index.js';
import { serviceLocations } from './modules/catalog/index.js';
import { openApiSchemas } from './openapi.js';

describe('OpenAPI description', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t?.close());

  it('names exactly the fields the validation accepts', () => {
    expect(Object.keys(openApiSchemas.BookingRequest.properties).sort()).toEqual(Object.keys(bookingRequestSchema.shape).sort());
    expect(Object.keys(openApiSchemas.Customer.properties).sort()).toEqual(Object.keys(customerSchema.shape).sort());
    expect(Object.keys(openApiSchemas.Address.properties).sort()).toEqual(Object.keys(addressSchema.shape).sort());
  });

  it('describes the places of a booking as the validation bounds them, and the services’ fields as the API sends them', async () => {
    const quantity = openApiSchemas.BookingRequest.properties.quantity;
    expect([quantity.type, quantity.minimum, quantity.maximum, quantity.default]).toEqual(['integer', 1, 500, 1]);
    expect(bookingRequestSchema.shape.quantity.safeParse(quantity.maximum).success).toBe(true);
    expect(bookingRequestSchema.shape.quantity.safeParse(quantity.maximum + 1).success).toBe(false);
    expect(bookingRequestSchema.shape.quantity.safeParse(quantity.minimum - 1).success).toBe(false);
    expect(openApiSchemas.Booking.required).toContain('quantity');
    const services = (await t.app.inject('/api/v1/services')).json() as Record<string, unknown>[];
    for (const service of services) expect(Object.keys(service).sort()).toEqual(Object.keys(openApiSchemas.Service.properties).sort());
    expect(services.find((s) => s.slug === 'atelier-numerique')).toMatchObject({ scheduling: 'sessions', maxPlacesPerBooking: 4 });
  });

  it('describes every field GET /api/v1/services gives, and the places a service can have', async () => {
    const services = (await t.app.inject('/api/v1/services')).json() as Record<string, unknown>[];
    for (const service of services) expect(Object.keys(service).sort()).toEqual(Object.keys(openApiSchemas.Service.properties).sort());
    expect(openApiSchemas.Service.required).toContain('location');
    expect(openApiSchemas.Service.properties.location.enum).toEqual(['business', 'customer_address', 'phone', 'online']);
    expect(openApiSchemas.Service.properties.location.enum).toEqual([...serviceLocations]);
    expect(new Set(services.map((s) => s.location))).toEqual(new Set(['business', 'customer_address', 'phone']));
  });

  it('is served at /api/openapi.json, and every operation it lists is a route the app answers', async () => {
    const response = await t.app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(['/api/v1/bookings', '/api/v1/services', '/api/v1/services/{slug}/slots', '/healthz']);
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) {
        expect(t.app.hasRoute({ method: method.toUpperCase() as 'GET', url: path.replace(/\{(\w+)\}/g, ':$1') }), `${method} ${path}`).toBe(true);
      }
    }
  });
});

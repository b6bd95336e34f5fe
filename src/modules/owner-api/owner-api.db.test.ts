import { createHmac } from 'node:crypto';
import { expect, it, onTestFinished } from 'vitest';
import { formValues, loggedInOwner, pageText } from '../../../test/support/admin-client.js';
import { expectDocumentedResponse } from '../../../test/support/openapi.js';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { webhookReceiverForThisTest } from '../../../test/support/webhook-receiver.js';
import type { DialectName } from '../../db/dialect.js';

/**
 * The owner's API with real keys over real HTTP handling (fastify inject), and webhooks POSTed to
 * a real HTTP server on loopback, signed as documented, retried through the jobs.
 */
const DAY = 24 * 3_600_000;

describeEachDialect('the owner API and webhooks', (dialect: DialectName) => {
  async function app(env: Record<string, string> = {}): Promise<TestApp> {
    const t = await createTestApp(dialect, { env });
    onTestFinished(() => t.close());
    return t;
  }

  async function key(t: TestApp, scope: 'read' | 'write'): Promise<string> {
    return (await t.services.apiKeys.create({ name: `Outil ${scope}`, scope }, 'fr')).key;
  }

  function api(t: TestApp, method: 'GET' | 'POST' | 'DELETE', url: string, bearer?: string, body?: unknown) {
    return t.app.inject({
      method,
      url,
      headers: { 'accept-language': 'fr', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  }

  const booking = (overrides: Record<string, unknown> = {}) => ({ service: 'diagnostic-informatique', start: MONDAY_10, customer: customer(), ...overrides });

  it('answers 401 without a key or with a wrong or revoked one, 403 to a read key writing, and notes when a key was last used', async () => {
    const t = await app();
    const readKey = await key(t, 'read');
    for (const [bearer, code] of [
      [undefined, 'API_KEY_MISSING'],
      ['wsk_not-a-key-of-this-site-0123456789', 'API_KEY_INVALID'],
      ['n’importe quoi', 'API_KEY_INVALID'],
    ] as const) {
      const response = await api(t, 'GET', '/api/v1/admin/customers', bearer);
      expect(response.statusCode, String(bearer)).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(response.json()).toMatchObject({ error: { code } });
      expectDocumentedResponse('/api/v1/admin/customers', 'get', 401, response.json());
    }
    expect((await api(t, 'GET', '/api/v1/admin/customers', readKey)).statusCode).toBe(200);
    expect((await t.services.apiKeys.list())[0]!.lastUsedAt).toBe(t.clock.now().toISOString());

    const refused = await api(t, 'POST', '/api/v1/admin/bookings', readKey, booking());
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'API_KEY_READ_ONLY', message: expect.stringContaining('lecture') } });
    expectDocumentedResponse('/api/v1/admin/bookings', 'post', 403, refused.json());
    expect(await t.services.booking.startingBetween('2026-11-01T00:00:00Z', '2027-01-01T00:00:00Z')).toHaveLength(0);

    const [listed] = await t.services.apiKeys.list();
    await t.services.apiKeys.revoke(listed!.id);
    expect((await api(t, 'GET', '/api/v1/admin/customers', readKey)).statusCode).toBe(401);
  });

  it('books as the owner would, lists bookings of a period and finds customers; cancels and moves by id', async () => {
    const t = await app();
    const writeKey = await key(t, 'write');
    const created = await api(t, 'POST', '/api/v1/admin/bookings', writeKey, booking({ notifyCustomer: false }));
    expect(created.statusCode, created.body).toBe(201);
    const made = created.json();
    expectDocumentedResponse('/api/v1/admin/bookings', 'post', 201, made);
    expect(made).toMatchObject({ status: 'confirmed', service: 'diagnostic-informatique', start: '2026-11-30T10:00:00+01:00', source: 'owner', customer: { email: 'claire.martin@example.fr', phone: '+33612345678' } });
    // Not mailed, as asked.
    expect((await t.services.outbox.forBooking(made.id)).filter((m) => m.kind === 'booking-confirmation')).toHaveLength(0);

    // The slot is taken now; the owner's force takes it anyway.
    const taken = await api(t, 'POST', '/api/v1/admin/bookings', writeKey, booking({ customer: customer({ email: 'second@example.fr' }) }));
    expect([taken.statusCode, taken.json().error.code]).toEqual([409, 'SLOT_TAKEN']);
    expectDocumentedResponse('/api/v1/admin/bookings', 'post', 409, taken.json());
    expect((await api(t, 'POST', '/api/v1/admin/bookings', writeKey, booking({ customer: customer({ email: 'second@example.fr' }), force: true }))).statusCode).toBe(201);
    const badFlag = await api(t, 'POST', '/api/v1/admin/bookings', writeKey, booking({ force: 'oui' }));
    expect(badFlag.statusCode).toBe(422);
    expect(badFlag.json()).toEqual({ errors: [{ field: 'force', message: 'force vaut true ou false.' }] });

    const list = await api(t, 'GET', '/api/v1/admin/bookings?from=2026-11-30&to=2026-11-30', writeKey);
    expect(list.statusCode).toBe(200);
    expect(list.json().map((b: { id: string }) => b.id)).toContain(made.id);
    expectDocumentedResponse('/api/v1/admin/bookings', 'get', 200, list.json());
    expect((await api(t, 'GET', '/api/v1/admin/bookings?from=2026-12-01&to=2026-12-31', writeKey)).json()).toEqual([]);
    for (const [query, field] of [
      ['from=2026-12-01&to=2026-11-30', 'to'],
      ['from=2026-01-01&to=2027-12-31', 'to'],
      ['from=30/11/2026&to=2026-11-30', 'from'],
      ['from=2026-02-30&to=2026-03-01', 'from'],
      ['to=2026-11-30', 'from'],
    ] as const) {
      const response = await api(t, 'GET', `/api/v1/admin/bookings?${query}`, writeKey);
      expect(response.statusCode, query).toBe(422);
      expect(response.json().errors[0].field, query).toBe(field);
      expectDocumentedResponse('/api/v1/admin/bookings', 'get', 422, response.json());
    }

    const found = await api(t, 'GET', '/api/v1/admin/customers?q=CLAIRE.MARTIN', writeKey);
    expect(found.json()).toEqual([expect.objectContaining({ email: 'claire.martin@example.fr', lastName: 'Martin' })]);
    expectDocumentedResponse('/api/v1/admin/customers', 'get', 200, found.json());
    expect((await api(t, 'GET', '/api/v1/admin/customers?q=martin', writeKey)).json()).toHaveLength(2);
    expect((await api(t, 'GET', '/api/v1/admin/customers?q=personne', writeKey)).json()).toEqual([]);

    const moved = await api(t, 'POST', `/api/v1/admin/bookings/${made.id}/move`, writeKey, { start: '2026-11-30T16:00:00+01:00', reason: 'Panne' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ id: made.id, start: '2026-11-30T16:00:00+01:00' });
    expectDocumentedResponse('/api/v1/admin/bookings/{id}/move', 'post', 200, moved.json());
    const same = await api(t, 'POST', `/api/v1/admin/bookings/${made.id}/move`, writeKey, { start: '2026-11-30T16:00:00+01:00' });
    expect(same.statusCode).toBe(422);
    expectDocumentedResponse('/api/v1/admin/bookings/{id}/move', 'post', 422, same.json());
    const cancelled = await api(t, 'POST', `/api/v1/admin/bookings/${made.id}/cancel`, writeKey, { reason: 'Intervenant malade' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'owner', cancellationReason: 'Intervenant malade' });
    expectDocumentedResponse('/api/v1/admin/bookings/{id}/cancel', 'post', 200, cancelled.json());
    expect((await api(t, 'POST', '/api/v1/admin/bookings/no-such-booking/cancel', writeKey, {})).statusCode).toBe(404);
  });

  it('takes a webhook endpoint over the API (secret shown once), refuses other schemes and private addresses, and deletes it', async () => {
    const t = await app();
    const writeKey = await key(t, 'write');
    for (const [url, message] of [
      ['ftp://hooks.example.com/x', 'https://'],
      ['http://127.0.0.1:8080/hooks', 'réseau privé'],
      ['http://[::1]/hooks', 'réseau privé'],
      ['http://10.1.2.3/hooks', 'réseau privé'],
      ['http://169.254.169.254/latest/meta-data', 'réseau privé'],
      ['http://localhost:3000/hooks', 'réseau privé'],
      ['https://user:secret@hooks.example.com/x', 'mot de passe'],
      ['pas une adresse', 'https://'],
    ] as const) {
      const response = await api(t, 'POST', '/api/v1/admin/webhooks', writeKey, { url, events: ['booking.created'] });
      expect(response.statusCode, url).toBe(422);
      expect(response.json().errors[0], url).toMatchObject({ field: 'url', message: expect.stringContaining(message) });
      expectDocumentedResponse('/api/v1/admin/webhooks', 'post', 422, response.json());
    }
    const unknownEvent = await api(t, 'POST', '/api/v1/admin/webhooks', writeKey, { url: 'https://93.184.215.14/hooks', events: ['booking.paid'] });
    expect(unknownEvent.json().errors[0]).toMatchObject({ field: 'events.0' });
    expect(await t.services.webhooks.list()).toEqual([]);

    const created = await api(t, 'POST', '/api/v1/admin/webhooks', writeKey, { url: 'https://93.184.215.14/hooks', events: ['booking.created', 'booking.cancelled'] });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ id: expect.any(String), url: 'https://93.184.215.14/hooks', events: ['booking.created', 'booking.cancelled'], secret: expect.stringMatching(/^whsec_/) });
    expectDocumentedResponse('/api/v1/admin/webhooks', 'post', 201, created.json());
    const listed = await api(t, 'GET', '/api/v1/admin/webhooks', writeKey);
    expectDocumentedResponse('/api/v1/admin/webhooks', 'get', 200, listed.json());
    expect(listed.json()).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);
    expect(JSON.stringify(await t.db.database.db.selectFrom('webhook_endpoints').selectAll().execute())).not.toContain(created.json().secret);
    expect((await api(t, 'DELETE', `/api/v1/admin/webhooks/${created.json().id}`, writeKey)).statusCode).toBe(204);
    expect((await api(t, 'DELETE', `/api/v1/admin/webhooks/${created.json().id}`, writeKey)).statusCode).toBe(404);
  });

  it('signs each delivery like Stripe, keeps its event id and bytes across retries, and gives up after three days', async () => {
    const t = await app({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
    const receiver = await webhookReceiverForThisTest([500, 503]);
    const writeKey = await key(t, 'write');
    const endpoint = (await api(t, 'POST', '/api/v1/admin/webhooks', writeKey, { url: receiver.url, events: ['booking.created', 'booking.cancelled', 'customer.updated'] })).json();

    const made = (await api(t, 'POST', '/api/v1/admin/bookings', writeKey, booking())).json();
    // The event job, then the delivery: two failures, then the endpoint takes it.
    await t.services.jobs.runUntilIdle();
    expect(receiver.received).toHaveLength(1);
    for (const wait of [34_000, 67_000]) {
      t.clock.advance(wait);
      await t.services.jobs.runUntilIdle();
    }
    expect(receiver.received).toHaveLength(3);
    const [first, , last] = receiver.received;
    expect(last!.body).toBe(first!.body);
    expect(last!.headers['wservices-event-id']).toBe(first!.headers['wservices-event-id']);
    const event = JSON.parse(last!.body);
    expect(event).toMatchObject({ id: last!.headers['wservices-event-id'], type: 'booking.created', data: { booking: { id: made.id, reference: made.reference, customer: { email: 'claire.martin@example.fr' } } } });
    // The signature, checked the way a receiver would.
    const header = String(last!.headers['wservices-signature']);
    const [, t0, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
    expect(Number(t0)).toBe(Math.floor(t.clock.now().getTime() / 1000));
    expect(v1).toBe(createHmac('sha256', endpoint.secret).update(`${t0}.${last!.body}`).digest('hex'));

    const log = await t.services.webhooks.deliveries(endpoint.id);
    expect(log).toEqual([expect.objectContaining({ eventType: 'booking.created', status: 'delivered', attempts: 3, lastStatusCode: 200 })]);

    // The endpoint stops answering: retried with backoff for three days, then given up, shown as such.
    receiver.server.close();
    await api(t, 'POST', `/api/v1/admin/bookings/${made.id}/cancel`, writeKey, {});
    for (let hour = 0; hour < 80; hour++) {
      await t.services.jobs.runUntilIdle();
      t.clock.advance(3_600_000);
    }
    const [cancelledDelivery] = await t.services.webhooks.deliveries(endpoint.id);
    expect(cancelledDelivery).toMatchObject({ eventType: 'booking.cancelled', status: 'failed' });
    // Backoff doubling from 30 s up to an hour (this loop looks once an hour): dozens of attempts over the three days.
    expect(cancelledDelivery!.attempts).toBeGreaterThan(30);
    expect(Date.parse(cancelledDelivery!.lastAttemptAt!) - Date.parse(cancelledDelivery!.createdAt)).toBeGreaterThanOrEqual(3 * DAY - 3_600_000);
  });

  it('sends an event once to each endpoint that wants it, and nothing to the others', async () => {
    const t = await app({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
    const [bookings, customers] = [await webhookReceiverForThisTest(), await webhookReceiverForThisTest()];
    await t.services.webhooks.create({ url: bookings.url, events: ['booking.created', 'booking.moved'] }, 'fr');
    await t.services.webhooks.create({ url: customers.url, events: ['customer.updated'] }, 'fr');
    const { booking: made } = await t.services.booking.bookSlot(booking({ requestEarlyPerformance: true }), { locale: 'fr', source: 'api', requireTermsAcceptance: false });
    await t.services.booking.moveByOwner(made.id, '2026-11-30T16:00:00+01:00', null, 'fr');
    const owner = await loggedInOwner(t);
    const editPage = await owner.get(`/admin/clients/${made.customerId}/modifier`);
    const edit = await owner.post(`/admin/clients/${made.customerId}/modifier`, { ...formValues(editPage.body, `/admin/clients/${made.customerId}/modifier`), phone: '06 99 88 77 66' });
    expect(edit.statusCode).toBe(303);
    // The jobs run twice over, as two instances would: nothing is sent twice.
    await t.services.jobs.runUntilIdle();
    await t.services.jobs.runUntilIdle();
    // Like Stripe's, deliveries are not ordered: each carries its type and its id.
    expect(bookings.received.map((r) => JSON.parse(r.body).type).sort()).toEqual(['booking.created', 'booking.moved']);
    expect(bookings.received.map((r) => JSON.parse(r.body).data.booking.start)).toEqual(['2026-11-30T16:00:00+01:00', '2026-11-30T16:00:00+01:00']);
    expect(customers.received.map((r) => JSON.parse(r.body))).toEqual([expect.objectContaining({ type: 'customer.updated', data: { customer: expect.objectContaining({ phone: '+33699887766' }) } })]);
  });

  it('lets the owner make and revoke keys and webhooks in the back office, each secret shown once', async () => {
    const t = await app({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
    const owner = await loggedInOwner(t);
    const page = await owner.get('/admin/parametres/api');
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Aucune clé pour l’instant.');

    const empty = await owner.submit('/admin/parametres/api', { name: '', scope: 'read' }, '/admin/parametres/api/cles');
    expect(empty.statusCode).toBe(422);
    expect(pageText(empty.body)).toContain('Donnez un nom à la clé');

    const made = await owner.submit('/admin/parametres/api', { name: 'Comptabilité', scope: 'write' }, '/admin/parametres/api/cles');
    expect(made.statusCode).toBe(200);
    expect(made.headers['cache-control']).toBe('no-store');
    const shown = /id="new-key"[^>]*value="(wsk_[^"]+)"/.exec(made.body)?.[1];
    expect(shown).toBeDefined();
    expect((await api(t, 'GET', '/api/v1/admin/customers', shown)).statusCode).toBe(200);
    // Shown once: the list shows its prefix only.
    const again = await owner.get('/admin/parametres/api');
    expect(again.body).not.toContain(shown);
    expect(pageText(again.body)).toContain('Comptabilité');

    const [listed] = await t.services.apiKeys.list();
    expect((await owner.post(`/admin/parametres/api/cles/${listed!.id}/revoquer`)).statusCode).toBe(303);
    expect((await api(t, 'GET', '/api/v1/admin/customers', shown)).statusCode).toBe(401);

    const hook = await owner.submit('/admin/parametres/api', { url: 'http://127.0.0.1:9/hooks', events: ['booking.created', 'customer.updated'] }, '/admin/parametres/api/webhooks');
    expect(hook.statusCode).toBe(200);
    expect(hook.body).toMatch(/id="new-secret"[^>]*value="whsec_/);
    const [endpoint] = await t.services.webhooks.list();
    expect(endpoint).toMatchObject({ url: 'http://127.0.0.1:9/hooks', events: ['booking.created', 'customer.updated'] });
    const log = await owner.get(`/admin/parametres/api/webhooks/${endpoint!.id}`);
    expect(pageText(log.body)).toContain('Aucun envoi pour l’instant.');
    expect((await owner.post(`/admin/parametres/api/webhooks/${endpoint!.id}/supprimer`)).statusCode).toBe(303);
    expect(await t.services.webhooks.list()).toEqual([]);
  });
});

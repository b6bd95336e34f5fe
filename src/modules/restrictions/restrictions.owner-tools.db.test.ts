import { afterAll, beforeAll, expect, it } from 'vitest';
import { formValues, loggedInOwner } from '../../../test/support/admin-client.js';
import { createTestApp, customer, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest, icsProperties } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { expectDocumentedResponse } from '../../../test/support/openapi.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/support/webhook-receiver.js';
import type { DialectName } from '../../db/dialect.js';
import { demoServices } from '../catalog/index.js';
import type { Booking } from '../booking/index.js';

/**
 * A restriction (GDPR art. 18) reaches the owner's other tools: the webhooks POSTed to a real
 * receiver on loopback, the owner API, and the calendar feed the owner's provider fetches carry
 * nothing of the person while it holds, and everything again once it is lifted.
 */
const MARK = 'Traitement limité (RGPD, art. 18)';
const WITHHELD = { lastName: MARK, firstName: null, company: null, email: MARK, phone: null, country: null, address: null };
const CLAIRE = 'claire.martin@example.fr';
/** What would give Claire away, in any case: her names, her address's local part, her phone's digits, her street. */
const claireTraces = [/claire/i, /martin/i, /6\s?12\s?34\s?56\s?7\d/, /lilas/i, /75011/];
const address = { line1: '5 rue des Lilas', postalCode: '75011', city: 'Paris', country: 'FR' };

function expectNoTraceOfClaire(text: string, where: string): void {
  for (const trace of claireTraces) expect(text, `${where} names Claire (${trace})`).not.toMatch(trace);
}

/** The feed's events by booking id (their UID is owner-<id>@domain), each as its lines unfolded. */
function feedEvents(ics: string): Map<string, string> {
  const events = new Map<string, string>();
  for (const block of ics.replace(/\r\n[ \t]/g, '').split('BEGIN:VEVENT').slice(1)) {
    const uid = /UID:owner-([^@]+)@/.exec(block)![1]!;
    events.set(uid, block.split('END:VEVENT')[0]!);
  }
  return events;
}

describeEachDialect('a restriction and the owner’s other tools', (dialect: DialectName) => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let readKey: string;
  let claire: { business: Booking; atHome: Booking; byPhone: Booking };
  let bruno: Booking;
  const book = async (request: Record<string, unknown>) => (await t.services.booking.bookSlot(bookingRequest(request), apiOptions())).booking;
  const api = (url: string) => t.app.inject({ url, headers: { authorization: `Bearer ${readKey}`, 'accept-language': 'fr' } });

  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    receiver = await startWebhookReceiver();
    await t.services.webhooks.create({ url: receiver.url, events: ['booking.created', 'booking.cancelled', 'customer.updated'] }, 'fr');
    readKey = (await t.services.apiKeys.create({ name: 'Outil', scope: 'read' }, 'fr')).key;
    // A service at the customer's address and one by phone: where their place is theirs.
    const base = { ...demoServices[0]!, requiredFields: ['lastName' as const] };
    await t.services.catalog.createService({ ...base, slug: 'chez-vous', nameFr: 'Dépannage chez vous', nameEn: 'Repair at your place', location: 'customer_address', position: 11 });
    await t.services.catalog.createService({ ...base, slug: 'au-telephone', nameFr: 'Conseil au téléphone', nameEn: 'Advice by phone', location: 'phone', position: 12 });
    claire = {
      business: await book({ start: '2026-11-30T10:00:00+01:00', customer: { company: 'Martin Conseil' } }),
      atHome: await book({ service: 'chez-vous', start: '2026-11-30T14:00:00+01:00', customer: { address } }),
      byPhone: await book({ service: 'au-telephone', start: '2026-12-01T10:00:00+01:00' }),
    };
    bruno = await book({ start: '2026-12-01T14:00:00+01:00', customer: customer({ email: 'bruno@example.fr', lastName: 'Bruno', firstName: 'Élie', phone: '06 98 76 54 32' }) });
    await t.services.jobs.runUntilIdle();
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  const restrict = () => t.services.restrictions.restrict(CLAIRE, { reason: 'Conteste l’exactitude de ses données', by: 'demande D-9' });
  const lift = () => t.services.restrictions.lift(CLAIRE, { by: 'demande D-9' });

  /** The events the receiver got since the last call, parsed; each booking checked against the documented shape. */
  function takeReceived(): { type: string; data: { booking?: Record<string, unknown>; customer?: Record<string, unknown> } }[] {
    const events = receiver.received.splice(0).map(({ body }) => JSON.parse(body) as { type: string; data: { booking?: Record<string, unknown>; customer?: Record<string, unknown> } });
    for (const event of events) {
      if (event.data.booking) expectDocumentedResponse('/api/v1/admin/bookings', 'get', 200, [event.data.booking]);
      if (event.data.customer) expectDocumentedResponse('/api/v1/admin/customers', 'get', 200, [event.data.customer]);
    }
    return events;
  }

  /** The owner changes Claire's phone in the back office: a customer.updated event. */
  async function editClairesPhone(phone: string): Promise<void> {
    const owner = await loggedInOwner(t);
    const page = `/admin/clients/${claire.business.customerId}/modifier`;
    const edit = await owner.post(page, { ...formValues((await owner.get(page)).body, page), phone });
    expect(edit.statusCode).toBe(303);
  }

  it('sends webhooks about a restricted person’s bookings and record without their identity, and with it once lifted', async () => {
    await restrict();
    const during = await book({ start: '2026-12-02T10:00:00+01:00' });
    await t.services.booking.cancelByOwner(during.id, null);
    await editClairesPhone('06 12 34 56 79');
    await t.services.jobs.runUntilIdle();
    const whileRestricted = takeReceived();
    expect(whileRestricted.map((e) => e.type).sort()).toEqual(['booking.cancelled', 'booking.created', 'customer.updated']);
    for (const event of whileRestricted) {
      expectNoTraceOfClaire(JSON.stringify(event), event.type);
      expect(event.data.booking?.customer ?? event.data.customer).toMatchObject(WITHHELD);
    }
    // What is not her identity still goes: the booking, its reference, its price, the record's id.
    const created = whileRestricted.find((e) => e.type === 'booking.created')!.data.booking!;
    expect(created).toMatchObject({ id: during.id, reference: during.reference, priceCents: during.priceCents, customerId: claire.business.customerId });
    expect(whileRestricted.find((e) => e.type === 'customer.updated')!.data.customer).toMatchObject({ id: claire.business.customerId });

    await lift();
    await book({ start: '2026-12-03T10:00:00+01:00' });
    await editClairesPhone('06 12 34 56 77');
    await t.services.jobs.runUntilIdle();
    const afterLifting = takeReceived();
    expect(afterLifting.map((e) => e.type).sort()).toEqual(['booking.created', 'customer.updated']);
    for (const event of afterLifting) expect(event.data.booking?.customer ?? event.data.customer).toMatchObject({ lastName: 'Martin', firstName: 'Claire', email: CLAIRE, phone: expect.stringMatching(/^\+3361234567\d$/) });
  });

  it('answers the owner API with a restricted person’s bookings and record without their identity, and with it once lifted', async () => {
    await restrict();
    const bookings = await api('/api/v1/admin/bookings?from=2026-11-30&to=2026-12-01');
    expect(bookings.statusCode).toBe(200);
    expectDocumentedResponse('/api/v1/admin/bookings', 'get', 200, bookings.json());
    const byId = new Map((bookings.json() as { id: string; customer: Record<string, unknown> }[]).map((b) => [b.id, b]));
    for (const own of [claire.business, claire.atHome]) {
      expect(byId.get(own.id)!.customer).toEqual(WITHHELD);
      expectNoTraceOfClaire(JSON.stringify(byId.get(own.id)), own.reference);
    }
    // Someone else's booking is whole.
    expect(byId.get(bruno.id)!.customer).toMatchObject({ lastName: 'Bruno', email: 'bruno@example.fr', phone: '+33698765432' });
    const customers = await api('/api/v1/admin/customers');
    expectDocumentedResponse('/api/v1/admin/customers', 'get', 200, customers.json());
    const records = customers.json() as { id: string }[];
    expect(records.find((c) => c.id === claire.business.customerId)).toMatchObject(WITHHELD);
    expect(records.find((c) => c.id === bruno.customerId)).toMatchObject({ lastName: 'Bruno' });
    // Searched for by what is hers, she is not found: even withheld, the record would say whose it is.
    for (const q of ['martin', 'claire', CLAIRE, 'Martin Conseil', '0612']) {
      const found = await api(`/api/v1/admin/customers?q=${encodeURIComponent(q)}`);
      expect(found.statusCode).toBe(200);
      expect((found.json() as { id: string }[]).map((c) => c.id), q).not.toContain(claire.business.customerId);
    }
    expect((await api('/api/v1/admin/customers?q=bruno')).json()).toEqual([expect.objectContaining({ id: bruno.customerId })]);

    await lift();
    const again = (await api('/api/v1/admin/bookings?from=2026-11-30&to=2026-12-01')).json() as { id: string; customer: Record<string, unknown> }[];
    expect(again.find((b) => b.id === claire.atHome.id)!.customer).toMatchObject({ lastName: 'Martin', email: CLAIRE, address: { line1: '5 rue des Lilas' } });
    const records2 = (await api('/api/v1/admin/customers?q=martin')).json() as { id: string; email: string }[];
    expect(records2).toEqual([expect.objectContaining({ id: claire.business.customerId, email: CLAIRE })]);
  });

  it('shows a restricted person’s bookings in the owner’s calendar feed as the service and the time only, and whole once lifted', async () => {
    const feedPath = new URL(await t.services.agenda.feedUrl()).pathname;
    const before = feedEvents((await t.app.inject(feedPath)).body);
    await restrict();
    const feed = await t.app.inject(feedPath);
    expect(feed.statusCode).toBe(200);
    const events = feedEvents(feed.body);
    const field = (booking: Booking, name: string) => icsProperties(events.get(booking.id)!).get(name)?.[0];
    for (const own of [claire.business, claire.atHome, claire.byPhone]) {
      expectNoTraceOfClaire(events.get(own.id)!, own.reference);
      expect(events.get(own.id)).not.toMatch(/ATTENDEE/);
      // What leads the owner to the rest: the reference and the back office's link.
      expect(field(own, 'DESCRIPTION')).toContain(own.reference);
      expect(field(own, 'DESCRIPTION')).toContain(MARK.replace(/,/g, '\\,'));
    }
    expect(field(claire.business, 'SUMMARY')).toBe('Diagnostic informatique');
    expect(field(claire.atHome, 'SUMMARY')).toBe('Dépannage chez vous');
    expect(field(claire.byPhone, 'SUMMARY')).toBe('Conseil au téléphone');
    expect(field(claire.byPhone, 'LOCATION')).toBeUndefined();
    expect(field(claire.byPhone, 'DESCRIPTION')).toContain('Par téléphone');
    // The business address is not hers: it stays. Her address does not.
    expect(field(claire.business, 'LOCATION')).toBe(icsProperties(before.get(claire.business.id)!).get('LOCATION')![0]);
    expect(field(claire.atHome, 'LOCATION')).toBeUndefined();
    expect(field(claire.atHome, 'DESCRIPTION')).toContain('À l’adresse du client');
    // Someone else's booking is whole.
    expect(icsProperties(events.get(bruno.id)!).get('SUMMARY')![0]).toMatch(/bruno/i);

    await lift();
    const whole = feedEvents((await t.app.inject(feedPath)).body);
    expect(whole.get(claire.atHome.id)).toBe(before.get(claire.atHome.id));
    expect(icsProperties(whole.get(claire.atHome.id)!).get('LOCATION')![0]).toContain('5 rue des Lilas');
    expect(icsProperties(whole.get(claire.business.id)!).get('SUMMARY')![0]).toMatch(/MARTIN/i);
  });
});

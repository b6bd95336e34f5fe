import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { startFakeStripe, type FakeStripe } from '../../../test/support/fakes/stripe.js';
import { tracesInDatabase, tracesInFiles } from '../../../test/support/personal-traces.js';
import { liveRegistersOf } from '../../app.js';
import type { ModuleRegister } from '../../platform/privacy-register.js';

/**
 * Issue 8, item 7's last sentence: « Nothing erased comes back through a later job, a replayed
 * webhook or a restored session. » One customer pays online, books on site, signs in to their
 * space and keeps a second sign-in link, with reminders, mails, payment polls and webhook
 * deliveries to the owner's tools still waiting; they are erased; then every one of those comes
 * back (the same signed Stripe event, a late completion of their pending checkout, the cookie, the
 * link, the private booking link, the jobs run days later) and none brings anything identifying.
 */
const EMAIL = 'ombeline.vasseurtier@example.fr';
const PERSON = customer({ lastName: 'Vasseurtier', firstName: 'Ombeline', email: EMAIL, phone: '06 48 27 19 53' });
const MARKERS = ['Vasseurtier', 'vasseurtier@', 'Ombeline', '0648271953', '6 48 27 19 53'];
const OTHER = customer({ lastName: 'Bastide', firstName: 'Henri', email: 'henri.bastide@example.fr' });
const TUESDAY_10 = '2026-12-01T10:00:00+01:00';
const MONDAY_14 = '2026-11-30T14:00:00+01:00';
const TUESDAY_14 = '2026-12-01T14:00:00+01:00';

describeEachDialect('nothing erased comes back', (dialect) => {
  let t: TestApp;
  let stripe: FakeStripe;
  let base: string;
  let hooks: Server;
  /** What the owner's tool received (webhook bodies), in order. */
  const received: string[] = [];
  /** The application's log lines (warnings and errors): a store outside the database too. */
  const logs: string[] = [];
  let registers: ModuleRegister[];
  let paid: { reference: string; manageUrl: string; manageToken: string };
  let pendingSession: string;
  let waitingReference: string;
  let sessionCookie: string;
  let unspentLink: string;
  let pendingAtErasure: { kind: string; key: string }[];

  const db = () => t.db.database.db;
  const path = (url: string) => new URL(url).pathname + new URL(url).search;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  async function book(who: Record<string, unknown>, start: string, payment?: string) {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: { service: 'diagnostic-informatique', start, customer: who, requestEarlyPerformance: true, ...(payment ? { payment } : {}) } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ reference: string; manageUrl: string; manageToken: string; paymentUrl?: string }>();
  }

  /** The token of the latest sign-in link mailed to `email` (asked for through the form). */
  async function signInLink(email: string): Promise<string> {
    const asked = await t.app.inject({ method: 'POST', url: '/mon-espace/lien', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ email }) });
    expect(asked.statusCode).toBe(200);
    const mail = await db().selectFrom('outbox_messages').select('text_body').where('kind', '=', 'customer-sign-in').where('recipient', '=', email).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
    return /\/mon-espace\/connexion\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
  }

  const signInPost = (token: string) => t.app.inject({ method: 'POST', url: `/mon-espace/connexion/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
  const markersIn = (text: string) => MARKERS.filter((m) => text.toLowerCase().includes(m.toLowerCase()));

  async function traces(): Promise<string[]> {
    if (dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db());
    return [...(await tracesInDatabase(db(), registers, MARKERS)), ...tracesInFiles(t.db.dataDir, MARKERS, (file) => /archive\.sqlite/.test(file))];
  }

  beforeAll(async () => {
    stripe = await startFakeStripe();
    hooks = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push(body);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    t = await createTestApp(dialect, {
      env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url, WEBHOOKS_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'warn' },
      logStream: { write: (line) => void logs.push(line) },
    });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${base}/webhooks/stripe`;
    registers = liveRegistersOf('x'.repeat(40), ['stripe']);
    await db().updateTable('services').set({ payment_options: JSON.stringify(['on_site', 'stripe']) }).where('slug', '=', 'diagnostic-informatique').execute();
    await t.services.webhooks.create(
      { url: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hooks`, events: ['booking.created', 'booking.moved', 'booking.cancelled', 'customer.updated', 'payment.succeeded', 'invoice.issued'] },
      'fr',
    );

    // Paid online: the signed webhook confirms the booking and records the payment.
    paid = await book(PERSON, MONDAY_10, 'stripe');
    const created = await t.app.inject({ method: 'GET', url: `/api/v1/bookings/${paid.reference}`, headers: { authorization: `Bearer ${paid.manageToken}` } });
    expect(created.statusCode).toBe(200);
    const paidSession = stripe.requests.find((r) => r.path === '/v1/checkout/sessions' && r.params['metadata[booking_reference]'] === paid.reference)!;
    expect(paidSession).toBeDefined();
    const [session] = [...stripe.sessions.values()].filter((s) => s.client_reference_id === paidSession.params.client_reference_id);
    await stripe.complete(String(session!.id));
    expect(stripe.deliveries.at(-1)).toMatchObject({ type: 'checkout.session.completed', status: 200 });
    // A second booking left waiting for its payment: its poll and lapse jobs are scheduled.
    const waiting = await book(PERSON, MONDAY_14, 'stripe');
    pendingSession = /\/pay\/(\w+)$/.exec(waiting.paymentUrl!)![1]!;
    waitingReference = waiting.reference;
    // A third on site: a reminder job and a confirmation mail, not yet sent.
    await book(PERSON, TUESDAY_10);
    // Their events already fanned out: deliveries to the owner's tool wait, with their bodies.
    await t.services.jobs.runUntilIdle(['events.publish']);
    // Someone else, whose jobs must still run (the checks below then mean something).
    await book(OTHER, TUESDAY_14);

    // The customer signs in to their space, and keeps another link unspent.
    const signedIn = await signInPost(await signInLink(EMAIL));
    expect(signedIn.statusCode).toBe(303);
    sessionCookie = `ws_customer=${signedIn.cookies.find((c) => c.name === 'ws_customer')!.value}`;
    unspentLink = await signInLink(EMAIL);
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
    await new Promise((resolve) => hooks?.close(resolve));
  });

  it('before the erasure, everything opens and the person is everywhere (the checks after it mean something)', async () => {
    const space = await t.app.inject({ method: 'GET', url: '/mon-espace', headers: { cookie: sessionCookie } });
    expect(space.statusCode).toBe(200);
    expect(space.body).toContain(paid.reference);
    expect((await t.app.inject({ method: 'GET', url: `/mon-espace/connexion/${unspentLink}` })).statusCode).toBe(200);
    const manage = await t.app.inject({ method: 'GET', url: path(paid.manageUrl) });
    expect(manage.statusCode).toBe(200);
    expect(markersIn(manage.body)).not.toEqual([]);
    expect(await t.services.jobs.byKey(`booking.reminder:${(await bookingOf(paid.reference)).id}`)).toMatchObject({ status: 'pending' });
    expect(await traces()).not.toEqual([]);

    pendingAtErasure = await db().selectFrom('jobs').select(['kind', 'key']).where('status', '=', 'pending').execute();
    const subject = await t.services.privacy.personalData.subjectForEmail(EMAIL);
    const report = await t.services.privacy.personalData.erase(subject);
    expect(report.failed).toEqual([]);
    expect(await traces()).toEqual([]);
    // Its booking still waiting for the payment lost its attempt with the erasure: its place is released
    // (no poll, lapse or webhook can settle it any more), the event saying why names nobody.
    expect(await bookingOf(waitingReference)).toMatchObject({ status: 'cancelled', customer_email: '' });
    await book(OTHER, MONDAY_14);
  });

  const bookingOf = (reference: string) => db().selectFrom('bookings').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  const customersCount = async () => Number((await db().selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const mailsTo = (email: string) => db().selectFrom('outbox_messages').select(['kind', 'status']).where('recipient', '=', email).execute();

  it('a replayed Stripe event is answered 200 and changes nothing; a late completion of their pending checkout brings nobody back', async () => {
    const customers = await customersCount();
    const ledger = await db().selectFrom('payments').select('id').execute();
    const completed = stripe.events.find((e) => e.type === 'checkout.session.completed')!;
    // Stripe retries the same signed event (a new signature, as Stripe signs each delivery).
    expect(await stripe.deliver(completed)).toBe(200);
    expect(await stripe.deliver(completed)).toBe(200);
    // The person completes the checkout they had left open: a new event for an attempt that no longer exists.
    await stripe.complete(pendingSession);
    expect(stripe.deliveries.at(-1)).toMatchObject({ type: 'checkout.session.completed', status: 200 });
    // The money was taken all the same: the owner is warned (ids only) to refund it from Stripe's dashboard.
    expect(logs.filter((line) => line.includes('paid for no attempt of ours'))).toEqual([expect.stringContaining(pendingSession)]);

    expect(await customersCount()).toBe(customers);
    expect(await db().selectFrom('payments').select('id').execute()).toEqual(ledger);
    expect(await db().selectFrom('payment_attempts').select('id').execute()).toEqual([]);
    expect(await mailsTo(EMAIL)).toEqual([]);
    expect(await traces()).toEqual([]);
  });

  it('a session cookie and a sign-in link taken before the erasure open nothing after it; the private booking link shows nothing personal', async () => {
    const space = await t.app.inject({ method: 'GET', url: '/mon-espace', headers: { cookie: sessionCookie } });
    expect(markersIn(space.body)).toEqual([]);
    expect(space.body).not.toContain(paid.reference);
    const bookingPage = await t.app.inject({ method: 'GET', url: `/mon-espace/reservations/${paid.reference}`, headers: { cookie: sessionCookie } });
    expect(bookingPage.statusCode).not.toBe(200);
    expect(markersIn(bookingPage.body)).toEqual([]);

    expect((await t.app.inject({ method: 'GET', url: `/mon-espace/connexion/${unspentLink}` })).statusCode).toBe(410);
    const spent = await signInPost(unspentLink);
    expect(spent.statusCode).toBe(410);
    expect(spent.cookies.find((c) => c.name === 'ws_customer')).toBeUndefined();
    // Asking for a new link with the erased address: the same answer as for any unknown address, and no mail.
    expect((await t.app.inject({ method: 'POST', url: '/mon-espace/lien', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ email: EMAIL }) })).statusCode).toBe(200);
    expect(await mailsTo(EMAIL)).toEqual([]);

    // The private link still names a booking (the agenda keeps it, anonymised), never its person.
    for (const url of [path(paid.manageUrl), `${new URL(paid.manageUrl).pathname}/calendar.ics`, `${new URL(paid.manageUrl).pathname}/paiement`]) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBeLessThan(500);
      expect(markersIn(page.body), url).toEqual([]);
    }
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/bookings/${paid.reference}`, headers: { authorization: `Bearer ${paid.manageToken}` } });
    expect(markersIn(api.body)).toEqual([]);
    expect(await traces()).toEqual([]);
  });

  it('the jobs scheduled before the erasure run after it and neither recreate nor send anything identifying', async () => {
    // Past every reminder, payment window and retry: whatever was waiting runs now.
    t.clock.set('2026-12-02T12:00:00.000Z');
    await t.services.jobs.runUntilIdle();
    while (await t.services.outbox.deliverDue());

    // The other customer's jobs did run: their mails went out and the owner's tool heard of their booking.
    expect(received.some((body) => body.includes('Bastide'))).toBe(true);
    // Without SMTP, a mail delivered is « saved » as an .eml copy under DATA_DIR/mail (searched by traces()).
    expect((await mailsTo(OTHER.email as string)).map((m) => m.status)).toContain('saved');
    for (const body of received.filter((b) => markersIn(b).length > 0)) throw new Error(`a webhook carried the erased person after the erasure: ${body.slice(0, 200)}`);
    expect(await mailsTo(EMAIL)).toEqual([]);
    expect(await customersCount()).toBe(1);
    expect(await traces()).toEqual([]);
    expect(logs.filter((line) => markersIn(line).length > 0)).toEqual([]);
    // What was waiting: the payment polls and lapses, the event publications, the mails' deliveries.
    expect(new Set(pendingAtErasure.map((j) => j.kind))).toEqual(new Set(['events.publish', 'webhooks.deliver', 'outbox.deliver', 'payments.online.poll', 'payments.online.lapse', 'booking.reminder']));
    // None is left waiting: each ran, or was cancelled by the erasure.
    expect(await db().selectFrom('jobs').select('kind').where('status', '=', 'pending').where('key', 'in', pendingAtErasure.map((j) => j.key)).execute()).toEqual([]);
  });

  it('the same person booking again later is a new relationship, not refused', async () => {
    expect(await t.services.privacy.wasErased(EMAIL)).toBe(true);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: { service: 'diagnostic-informatique', start: '2026-12-07T10:00:00+01:00', customer: PERSON, requestEarlyPerformance: true } });
    expect(again.statusCode, again.body).toBe(201);
  });
});

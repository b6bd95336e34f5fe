import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { customer, TEST_SECRET } from './support/app.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from './support/databases.js';
import { csrfTokenOf, FetchClient, postgresUrlWithSchema, runCli, startServer, waitForHealth, type ServerProcess } from './support/processes.js';

/**
 * Two real server processes share one database (the same SQLite file in WAL mode, or the
 * same PostgreSQL schema) and receive many simultaneous bookings for one slot: exactly
 * `capacity` of them win, every other one is told 409, and nothing breaks.
 */
const REQUESTS = 60;

describeEachDialect('two server processes, one database, one slot', (dialect) => {
  let database: TestDatabase;
  let servers: ServerProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    // Not migrated: both processes start together on an empty database, so they also race to migrate and seed.
    database = await createTestDatabase(dialect, { migrate: false });
    env = {
      DATA_DIR: database.dataDir,
      SECRET_KEY: TEST_SECRET,
      BOOKING_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      JOBS_POLL_MS: '200',
      SESSION_CHECK_MS: '300',
      ...(database.databaseUrl ? { DATABASE_URL: postgresUrlWithSchema(database.databaseUrl, database.postgresSchema!) } : {}),
    };
    servers = await Promise.all([startServer(env), startServer(env)]);
    await Promise.all(servers.map((server) => waitForHealth(server, 45_000)));
  });

  afterAll(async () => {
    const exits = await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
    for (const [i, exit] of exits.entries()) expect(exit, `server ${i} stderr:\n${servers[i]!.stderr()}`).toEqual({ code: 0, signal: null });
  });

  /** The first free slot at least two days ahead, as the API lists it (the test clock does not reach other processes). */
  async function firstSlot(slug: string): Promise<{ start: string; remaining: number }> {
    const from = DateTime.now().setZone('Europe/Paris').plus({ days: 2 }).toISODate()!;
    const to = DateTime.now().setZone('Europe/Paris').plus({ days: 16 }).toISODate()!;
    const response = await fetch(`${servers[0]!.url}/api/v1/services/${slug}/slots?from=${from}&to=${to}`);
    expect(response.status).toBe(200);
    const slots = (await response.json()) as { start: string; remaining: number }[];
    expect(slots.length).toBeGreaterThan(0);
    return slots[0]!;
  }

  async function confirmedAt(slug: string, start: string): Promise<number> {
    const row = await database.database.db
      .selectFrom('bookings')
      .innerJoin('services', 'services.id', 'bookings.service_id')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('services.slug', '=', slug)
      .where('bookings.status', '=', 'confirmed')
      .where('bookings.start_at', '=', new Date(start).toISOString())
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async function rush(slug: string, capacity: number) {
    const slot = await firstSlot(slug);
    expect(slot.remaining).toBe(capacity);
    const outcomes = await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const server = servers[i % servers.length]!;
        try {
          const response = await fetch(`${server.url}/api/v1/bookings`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ service: slug, start: slot.start, customer: customer({ email: `client${i}@example.fr` }), requestEarlyPerformance: true }),
          });
          const body = await response.text();
          return { status: response.status, body };
        } catch (error) {
          return { status: 0, body: String((error as Error).cause ?? error) };
        }
      }),
    );
    const statuses = outcomes.map((o) => o.status);
    const unexpected = outcomes.filter((o) => o.status !== 201 && o.status !== 409);
    expect(unexpected, `unexpected answers:\n${unexpected.map((o) => `${o.status} ${o.body}`).join('\n')}`).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(capacity);
    expect(statuses.filter((s) => s === 409)).toHaveLength(REQUESTS - capacity);
    for (const o of outcomes.filter((o) => o.status === 409)) expect(JSON.parse(o.body)).toMatchObject({ error: { code: 'SLOT_TAKEN' } });
    expect(await confirmedAt(slug, slot.start)).toBe(capacity);
    // Both processes now see the slot as gone.
    for (const server of servers) {
      const day = slot.start.slice(0, 10);
      const response = await fetch(`${server.url}/api/v1/services/${slug}/slots?from=${day}&to=${day}`);
      const list = (await response.json()) as { start: string }[];
      expect(list.map((s) => s.start)).not.toContain(slot.start);
    }
  }

  it('both processes started on the same fresh database: migrated and seeded once', async () => {
    const services = await database.database.db.selectFrom('services').select('slug').execute();
    expect(services.map((s) => s.slug).sort()).toEqual(['appel-decouverte', 'atelier-numerique', 'diagnostic-informatique', 'installation-a-domicile']);
  });

  it(`a capacity-1 service: ${REQUESTS} simultaneous bookings, one 201`, async () => {
    await rush('diagnostic-informatique', 1);
  });

  it(`the 6-place workshop: ${REQUESTS} simultaneous bookings, six 201`, async () => {
    await rush('atelier-numerique', 6);
  });

  it('the refused bookings left nothing behind, and the two mail workers sent each message once', async () => {
    const { db } = database.database;
    const bookings = await db.selectFrom('bookings').select('id').execute();
    expect(bookings).toHaveLength(7);
    const created = await db.selectFrom('booking_events').select('booking_id').where('type', '=', 'created').execute();
    expect(created.map((e) => e.booking_id).sort()).toEqual(bookings.map((b) => b.id).sort());
    // A confirmation to the customer and a notice to the owner per booking, and nothing for the 409s.
    const messages = await db.selectFrom('outbox_messages').select(['message_id', 'booking_id', 'status']).execute();
    expect(messages).toHaveLength(2 * bookings.length);
    expect(new Set(messages.map((m) => m.booking_id))).toEqual(new Set(bookings.map((b) => b.id)));
    // Without SMTP_URL each message is written once as an .eml file, by whichever process claimed it.
    await expect
      .poll(async () => (await db.selectFrom('outbox_messages').select('status').where('status', '!=', 'saved').execute()).length, { timeout: 20_000 })
      .toBe(0);
    const mailDir = path.join(database.dataDir, 'mail');
    const files = existsSync(mailDir) ? readdirSync(mailDir).filter((f) => f.endsWith('.eml')) : [];
    expect(files).toHaveLength(messages.length);
    for (const { message_id } of messages) expect(files.filter((f) => f.includes(message_id.replace(/[^A-Za-z0-9@.-]/g, '')))).toHaveLength(1);
  });

  it(`the workshop's next session: ${REQUESTS} simultaneous bookings of 1 to 4 places never take more than its 6 places`, async () => {
    const slot = await firstSlot('atelier-numerique');
    expect(slot.remaining).toBe(6);
    const outcomes = await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const quantity = (i % 4) + 1;
        const response = await fetch(`${servers[i % servers.length]!.url}/api/v1/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ service: 'atelier-numerique', start: slot.start, quantity, customer: customer({ email: `group${i}@example.fr` }) }),
        });
        return { status: response.status, quantity, body: (await response.json()) as { error?: { code: string } } };
      }),
    );
    const unexpected = outcomes.filter((o) => o.status !== 201 && !(o.status === 409 && ['SLOT_TAKEN', 'NOT_ENOUGH_PLACES'].includes(o.body.error?.code ?? '')));
    expect(unexpected).toEqual([]);
    const granted = outcomes.filter((o) => o.status === 201).reduce((sum, o) => sum + o.quantity, 0);
    expect(granted).toBeGreaterThan(0);
    expect(granted).toBeLessThanOrEqual(6);
    const row = await database.database.db
      .selectFrom('bookings')
      .select((eb) => eb.fn.sum<number>('quantity').as('places'))
      .where('status', '=', 'confirmed')
      .where('start_at', '=', new Date(slot.start).toISOString())
      .executeTakeFirstOrThrow();
    expect(Number(row.places)).toBe(granted);
    // Both processes count the same places left.
    for (const server of servers) {
      const day = slot.start.slice(0, 10);
      const list = (await (await fetch(`${server.url}/api/v1/services/atelier-numerique/slots?from=${day}&to=${day}`)).json()) as { start: string; remaining: number }[];
      const left = list.find((s) => s.start === slot.start)?.remaining ?? 0;
      expect(left).toBe(6 - granted);
    }
  });

  it('a session below its minimum at its decision time: cancelled once by the two processes, each participant mailed once', async () => {
    const { db } = database.database;
    const workshop = await db.selectFrom('services').select('id').where('slug', '=', 'atelier-numerique').executeTakeFirstOrThrow();
    const start = DateTime.now().setZone('Europe/Paris').plus({ days: 5 }).set({ hour: 20, minute: 0, second: 0, millisecond: 0 });
    const id = `test-session-${Date.now()}`;
    const now = new Date().toISOString();
    await db
      .insertInto('sessions')
      .values({
        id,
        service_id: workshop.id,
        starts_at: start.toUTC().toISO()!,
        ends_at: start.plus({ hours: 2 }).toUTC().toISO()!,
        places: 6,
        min_participants: 3,
        // Decided in a few seconds: time enough to book two places first.
        decision_at: new Date(Date.now() + 10_000).toISOString(),
        status: 'scheduled',
        cancelled_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const booked = await fetch(`${servers[1]!.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'atelier-numerique', start: start.toISO(), quantity: 2, customer: customer({ email: 'below-minimum@example.fr' }) }),
    });
    expect(booked.status, await booked.clone().text()).toBe(201);
    const { reference } = (await booked.json()) as { reference: string };
    await expect.poll(async () => (await db.selectFrom('sessions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, { timeout: 40_000, interval: 250 }).toBe('cancelled');
    const booking = await db.selectFrom('bookings').select(['id', 'status', 'cancelled_by']).where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(booking).toMatchObject({ status: 'cancelled', cancelled_by: 'owner' });
    // Give a late second decision the time to show itself, were there one.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const cancellations = await db.selectFrom('outbox_messages').select('recipient').where('booking_id', '=', booking.id).where('kind', '=', 'booking-cancelled').execute();
    expect(cancellations).toEqual([{ recipient: 'below-minimum@example.fr' }]);
    const notices = await db.selectFrom('outbox_messages').select('subject').where('kind', '=', 'session-cancelled-owner-notice').execute();
    expect(notices).toHaveLength(1);
  });

  it('owner moves racing customer bookings for one slot: exactly one takes it, on either process', async () => {
    const slug = 'diagnostic-informatique';
    const owner = { email: 'owner@example.fr', password: 'une phrase de passe assez longue' };
    expect(await runCli(['admin', 'create', '--email', owner.email, '--password', owner.password], env)).toMatchObject({ code: 0 });
    // The owner is logged in on both processes.
    const browsers = await Promise.all(
      servers.map(async (server) => {
        const browser = new FetchClient(server.url);
        const form = await browser.request('/admin/connexion');
        const login = await browser.request('/admin/connexion', { form: { _csrf: csrfTokenOf(form.text), ...owner } });
        expect(login.status, login.text).toBe(303);
        return browser;
      }),
    );

    // Bookings to move: on the first free slots, one after the other.
    const from = DateTime.now().setZone('Europe/Paris').plus({ days: 2 }).toISODate()!;
    const to = DateTime.now().setZone('Europe/Paris').plus({ days: 30 }).toISODate()!;
    const list = async () => (await (await fetch(`${servers[0]!.url}/api/v1/services/${slug}/slots?from=${from}&to=${to}`)).json()) as { start: string }[];
    const MOVES = 8;
    const ids: string[] = [];
    for (const { start } of await list()) {
      if (ids.length === MOVES) break;
      const response = await fetch(`${servers[0]!.url}/api/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service: slug, start, customer: customer({ email: `moved${ids.length}@example.fr` }) }),
      });
      if (response.status !== 201) continue;
      const { reference } = (await response.json()) as { reference: string };
      ids.push((await database.database.db.selectFrom('bookings').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id);
    }
    expect(ids).toHaveLength(MOVES);
    const target = (await list()).at(-1)!.start;
    const csrf = csrfTokenOf((await browsers[0]!.request(`/admin/reservations/${ids[0]}`)).text);
    const csrfOther = csrfTokenOf((await browsers[1]!.request(`/admin/reservations/${ids[0]}`)).text);

    const moves = ids.map(async (id, i) => {
      const browser = browsers[i % 2]!;
      const response = await browser.request(`/admin/reservations/${id}/deplacer`, { form: { _csrf: i % 2 ? csrfOther : csrf, start: target } });
      return { kind: 'move' as const, id, status: response.status, body: response.text };
    });
    const bookings = Array.from({ length: 24 }, async (_, i) => {
      const response = await fetch(`${servers[i % 2]!.url}/api/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service: slug, start: target, customer: customer({ email: `racer${i}@example.fr` }) }),
      });
      return { kind: 'book' as const, id: '', status: response.status, body: await response.text() };
    });
    const outcomes = await Promise.all([...moves, ...bookings]);

    // A move that went through redirects (303); a refused one shows the page again with 409. A booking: 201 or 409.
    const unexpected = outcomes.filter((o) => ![201, 303, 409].includes(o.status));
    expect(unexpected, unexpected.map((o) => `${o.kind} ${o.status} ${o.body.slice(0, 300)}`).join('\n')).toEqual([]);
    const won = outcomes.filter((o) => o.status === 201 || o.status === 303);
    expect(won).toHaveLength(1);
    expect(await confirmedAt(slug, target)).toBe(1);
    // Each refused move left its booking where it was.
    const rows = await database.database.db.selectFrom('bookings').select(['id', 'start_at']).where('id', 'in', ids).execute();
    const moved = rows.filter((r) => r.start_at === new Date(target).toISOString()).map((r) => r.id);
    expect(moved).toEqual(won[0]!.kind === 'move' ? [won[0]!.id] : []);
  });

  it('reminders: each sent once by the two processes, and one due while both were stopped sent once after they start again', async () => {
    const { db } = database.database;
    const slot = await firstSlot('diagnostic-informatique');
    const book = async (email: string, start: string) => {
      const response = await fetch(`${servers[0]!.url}/api/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service: 'diagnostic-informatique', start, customer: customer({ email }), requestEarlyPerformance: true }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      return (await db.selectFrom('bookings').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
    };
    const reminderJob = (bookingId: string) => db.selectFrom('jobs').selectAll().where('key', '=', `booking.reminder:${bookingId}`).executeTakeFirstOrThrow();
    const reminders = async (bookingId: string) =>
      db.selectFrom('outbox_messages').select(['recipient', 'status']).where('booking_id', '=', bookingId).where('kind', '=', 'booking-reminder').execute();
    // As if the reminder's time had come (the processes run on the real clock, days before it).
    const dueNow = (bookingId: string) => db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000).toISOString() }).where('key', '=', `booking.reminder:${bookingId}`).execute();

    const first = await book('reminded@example.fr', slot.start);
    // Scheduled with the booking, 24 hours before its start.
    expect(Date.parse((await reminderJob(first)).run_at)).toBe(Date.parse(slot.start) - 24 * 3_600_000);
    await dueNow(first);
    await expect.poll(async () => (await reminders(first)).map((m) => m.status), { timeout: 20_000, interval: 200 }).toEqual(['saved']);

    const slots = (await (await fetch(`${servers[0]!.url}/api/v1/services/diagnostic-informatique/slots?from=${slot.start.slice(0, 10)}&to=${slot.start.slice(0, 10)}`)).json()) as { start: string }[];
    const second = await book('reminded-later@example.fr', slots.find((s) => s.start !== slot.start)!.start);
    // Both processes stop; the second reminder's time comes while nothing runs; both start again.
    const exits = await Promise.all(servers.map((server) => server.stop()));
    for (const exit of exits) expect(exit).toEqual({ code: 0, signal: null });
    await dueNow(second);
    servers = await Promise.all([startServer(env), startServer(env)]);
    await Promise.all(servers.map((server) => waitForHealth(server, 45_000)));
    await expect.poll(async () => (await reminders(second)).map((m) => m.status), { timeout: 20_000, interval: 200 }).toEqual(['saved']);
    // Give a late duplicate the time to show itself, were there one.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await reminders(first)).toEqual([{ recipient: 'reminded@example.fr', status: 'saved' }]);
    expect(await reminders(second)).toEqual([{ recipient: 'reminded-later@example.fr', status: 'saved' }]);
    expect(await reminderJob(first)).toMatchObject({ status: 'done', attempts: 1 });
    expect(await reminderJob(second)).toMatchObject({ status: 'done', attempts: 1 });
  });
});

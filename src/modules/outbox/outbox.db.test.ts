import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, customer, MONDAY_10, TEST_NOW, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildSecondApp, parseIcs } from '../../../test/support/second-app.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../../test/support/smtp.js';
import { startLoginRefusingSmtpServer } from '../../../test/support/smtp-refusing.js';
import type { DialectName } from '../../db/dialect.js';
import { createMailTransport, type MailTransport } from '../../platform/mail/transport.js';
import type { Booking } from '../booking/index.js';
import { applyRule } from '../../../test/support/retention.js';
import { OUTBOX_RETENTION_DAYS } from './outbox.register.js';
import type { OutboxMessage } from './outbox.model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The outbox's defaults: first retry after 30 s, doubling, at most an hour, plus up to 10 % jitter; 12 attempts. */
const RETRY_BASE_MS = 30_000;
const LEASE_MS = 2 * MINUTE;
const OWNER_EMAIL = 'contact@wservicesparis.com';
/** Intl's space before € and in thousands: a non-breaking space, narrow in recent ICU versions. */
const PRICE_SPACE = '[\u00a0\u202f]';
const NBSP = '\u00a0';

interface Setup {
  t: TestApp;
  smtp: TestSmtpServer;
  transport: MailTransport;
  /** Takes the SMTP server down (connections refused). */
  stopSmtp(): Promise<void>;
  /** Brings a server back on the same port; its mails are appended to `smtp.received`. */
  restartSmtp(): Promise<void>;
}

describeEachDialect('outbox', (dialect: DialectName) => {
  /** An app whose outbox sends through a real SMTP server on loopback; both are closed after the test. */
  async function setup(): Promise<Setup> {
    const smtp = await startSmtpServer();
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir() });
    const t = await createTestApp(dialect, { mailTransport: transport });
    let current: TestSmtpServer | undefined = smtp;
    onTestFinished(async () => {
      await t.close();
      transport.close();
      await current?.stop();
    });
    return {
      t,
      smtp,
      transport,
      async stopSmtp() {
        await current?.stop();
        current = undefined;
      },
      async restartSmtp() {
        const again = await startSmtpServer(smtp.port);
        again.received = smtp.received;
        Object.defineProperty(again, 'fail', { get: () => smtp.fail, set: (v) => (smtp.fail = v) });
        current = again;
      },
    };
  }

  async function book(t: TestApp, overrides: { start?: string; locale?: 'fr' | 'en'; email?: string; service?: string } = {}): Promise<Booking> {
    const result = await t.services.booking.bookSlot(
      { service: overrides.service ?? 'diagnostic-informatique', start: overrides.start ?? MONDAY_10, customer: customer(overrides.email ? { email: overrides.email } : {}), requestEarlyPerformance: true },
      { locale: overrides.locale ?? 'fr', source: 'api', requireTermsAcceptance: false },
    );
    return result.booking;
  }

  async function messages(t: TestApp, bookingId: string): Promise<{ customer: OutboxMessage; owner: OutboxMessage }> {
    const list = await t.services.outbox.forBooking(bookingId);
    expect(list).toHaveLength(2);
    return { customer: list.find((m) => m.kind === 'booking-confirmation')!, owner: list.find((m) => m.kind === 'booking-owner-notice')! };
  }

  async function row(t: TestApp, id: string) {
    return t.db.database.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  function mailTo(received: ReceivedMail[], address: string): ReceivedMail[] {
    return received.filter((m) => m.to.includes(address));
  }

  /** The delivery job of a message (jobs module). */
  async function deliveryJob(t: TestApp, id: string) {
    return t.db.database.db.selectFrom('jobs').selectAll().where('key', '=', `outbox.deliver:${id}`).executeTakeFirstOrThrow();
  }

  /** Milliseconds from the clock's now to the message's next attempt. */
  async function delayOf(t: TestApp, id: string): Promise<number> {
    return Date.parse((await deliveryJob(t, id)).run_at) - t.clock.now().getTime();
  }

  it('queues a French confirmation and an owner notice with the booking, and delivers both over SMTP', async () => {
    const { t, smtp } = await setup();
    const booking = await book(t);
    const queued = await messages(t, booking.id);
    expect(queued.customer).toMatchObject({ status: 'pending', attempts: 0, recipient: 'claire.martin@example.fr', locale: 'fr', sentAt: null });
    expect(queued.owner).toMatchObject({ status: 'pending', attempts: 0, recipient: OWNER_EMAIL, locale: 'fr' });
    expect(smtp.received).toHaveLength(0); // nothing leaves inside the booking's transaction

    await t.services.outbox.deliverDue();
    expect(smtp.received).toHaveLength(2);

    const [mail] = mailTo(smtp.received, 'claire.martin@example.fr');
    const when = 'lundi 30 novembre 2026 à 10\u00a0h';
    expect(mail!.parsed.subject).toBe(`Réservation confirmée${NBSP}: Diagnostic informatique, ${when}`);
    expect(mail!.parsed.from?.value).toEqual([{ name: 'W Services', address: OWNER_EMAIL }]);
    expect(mail!.parsed.messageId).toBe(queued.customer.messageId);
    expect(mail!.parsed.date?.toISOString()).toBe(TEST_NOW);
    const text = mail!.parsed.text!;
    expect(text).toContain('Bonjour Claire Martin,');
    expect(text).toContain('Votre réservation est confirmée.');
    expect(text).toContain(`Date${NBSP}: ${when}`);
    expect(text).toMatch(new RegExp(`Prix${NBSP}: 49,00${PRICE_SPACE}€[ \u00a0]TTC`));
    expect(text).toContain(`Durée${NBSP}: 1${NBSP}h`);
    expect(text).toContain(`Référence${NBSP}: ${booking.reference}`);
    expect(text).toMatch(new RegExp(`http://localhost:3000/reservation/${booking.reference}/[A-Za-z0-9_-]{32}`));
    expect(text).not.toMatch(/\b(undefined|null|NaN)\b/);
    expect(mail!.parsed.html).toContain('<html lang="fr">');
    expect(mail!.parsed.html).toContain(when);
    expect(mail!.parsed.html).toMatch(new RegExp(`49,00${PRICE_SPACE}€`));

    // The calendar file: one event, its UID tied to the booking, in UTC, first version.
    expect(mail!.parsed.attachments).toHaveLength(1);
    const attachment = mail!.parsed.attachments[0]!;
    expect(attachment.filename).toBe(`${booking.reference}.ics`);
    expect(attachment.contentType).toBe('text/calendar');
    const ics = parseIcs(attachment.content.toString('utf8'));
    expect(ics.lines[0]).toBe('BEGIN:VCALENDAR');
    // The calendar app's own reminder, at the reminder mail's time (24 hours before, the default).
    expect(ics.all('BEGIN')).toEqual(['VCALENDAR', 'VEVENT', 'VALARM']);
    expect(ics.get('TRIGGER')).toBe('-PT24H');
    expect(ics.get('ACTION')).toBe('DISPLAY');
    expect(ics.get('METHOD')).toBe('PUBLISH');
    expect(ics.get('UID')).toBe(`${booking.id}@localhost`);
    expect(ics.get('DTSTART')).toBe('20261130T090000Z');
    expect(ics.get('DTEND')).toBe('20261130T100000Z');
    expect(ics.get('SEQUENCE')).toBe('0');
    expect(ics.get('STATUS')).toBe('CONFIRMED');

    const [notice] = mailTo(smtp.received, OWNER_EMAIL);
    expect(notice!.parsed.subject).toBe(`Nouvelle réservation${NBSP}: Diagnostic informatique, ${when}`);
    expect(notice!.parsed.messageId).toBe(queued.owner.messageId);
    // A reply to the owner's notice goes to the customer, as one plain address.
    expect(notice!.parsed.replyTo?.value).toEqual([{ address: 'claire.martin@example.fr', name: '' }]);
    expect(notice!.raw).toMatch(/^Reply-To: claire\.martin@example\.fr\r?$/m);
    expect(mail!.parsed.replyTo).toBeUndefined();
    expect(notice!.parsed.text).toContain(`Client${NBSP}: Claire Martin`);
    expect(notice!.parsed.text).toContain(`E-mail${NBSP}: claire.martin@example.fr`);
    expect(notice!.parsed.text).toContain(`Téléphone${NBSP}: +33 6 12 34 56 78`);
    expect(notice!.parsed.text).toContain(`Langue${NBSP}: français`);
    expect(notice!.parsed.text).toContain(`http://localhost:3000/admin/reservations/${booking.id}`);

    const after = await messages(t, booking.id);
    for (const m of [after.customer, after.owner]) expect(m).toMatchObject({ status: 'sent', attempts: 1, sentAt: TEST_NOW, lastError: null });
    await t.services.outbox.deliverDue();
    expect(smtp.received).toHaveLength(2);
  });

  it('writes the confirmation in English for a booking made in English, and the owner notice still in French', async () => {
    const { t, smtp } = await setup();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: { service: 'diagnostic-informatique', start: MONDAY_10, locale: 'en', customer: customer({ email: 'jane@example.com', firstName: 'Jane' }), requestEarlyPerformance: true },
    });
    expect(response.statusCode).toBe(201);
    const { reference } = response.json() as { reference: string };
    await t.services.outbox.deliverDue();

    const [mail] = mailTo(smtp.received, 'jane@example.com');
    // en-GB writes the weekday with or without a comma depending on the formatter: both read naturally.
    const when = 'Monday,? 30 November 2026 at 10:00 \\(Paris time\\)';
    expect(mail!.parsed.subject).toMatch(new RegExp(`^Booking confirmed: Computer check-up, ${when}$`));
    expect(mail!.parsed.text).toContain('Hello Jane Martin,');
    expect(mail!.parsed.text).toMatch(new RegExp(`Date: ${when}`));
    expect(mail!.parsed.text).toContain('Price: €49.00 incl. VAT');
    expect(mail!.parsed.text).toContain(`Reference: ${reference}`);
    expect(mail!.parsed.text).toMatch(new RegExp(`http://localhost:3000/en/booking/${reference}/`));
    expect(mail!.parsed.text).not.toMatch(/Réservation|Bonjour|Prix/);
    expect(mail!.parsed.html).toContain('<html lang="en">');
    const ics = parseIcs(mail!.parsed.attachments[0]!.content.toString('utf8'));
    expect(ics.get('DTSTART')).toBe('20261130T090000Z');
    expect(ics.get('SUMMARY')).toContain('Computer check-up');

    const [notice] = mailTo(smtp.received, OWNER_EMAIL);
    expect(notice!.parsed.subject).toBe(`Nouvelle réservation${NBSP}: Diagnostic informatique, lundi 30 novembre 2026 à 10\u00a0h`);
    expect(notice!.parsed.text).toContain(`Langue${NBSP}: anglais`);
  });

  it('keeps messages pending with exponential backoff while the SMTP server is down, then delivers each once, the same message', async () => {
    const { t, smtp, stopSmtp, restartSmtp } = await setup();
    await stopSmtp();
    const booking = await book(t);
    const queued = await messages(t, booking.id);

    // Attempt n fails; attempt n+1 is due 30 s × 2^(n-1) later (plus at most 10 % jitter).
    for (const [attempt, base] of [
      [1, RETRY_BASE_MS],
      [2, 2 * RETRY_BASE_MS],
      [3, 4 * RETRY_BASE_MS],
    ] as const) {
      await t.services.outbox.deliverDue();
      for (const m of [queued.customer, queued.owner]) {
        const r = await row(t, m.id);
        expect(r).toMatchObject({ status: 'pending', attempts: attempt, sent_at: null });
        expect(await deliveryJob(t, m.id)).toMatchObject({ status: 'pending', attempts: attempt, locked_until: null, lease_token: null });
        expect(r.last_error).toMatch(/ECONNREFUSED/);
        const delay = await delayOf(t, m.id);
        expect(delay).toBeGreaterThanOrEqual(base);
        expect(delay).toBeLessThanOrEqual(base * 1.1);
      }
      // Not due yet: nothing is attempted.
      t.clock.advance(base - 1);
      await t.services.outbox.deliverDue();
      expect((await row(t, queued.customer.id)).attempts).toBe(attempt);
      t.clock.advance(base * 0.1 + 1);
    }

    await restartSmtp();
    await t.services.outbox.deliverDue();
    expect(smtp.received).toHaveLength(2);
    const [mail] = mailTo(smtp.received, 'claire.martin@example.fr');
    // A retry is the same message: the Message-ID and Date fixed when it was queued.
    expect(mail!.parsed.messageId).toBe(queued.customer.messageId);
    expect(mail!.parsed.date?.toISOString()).toBe(TEST_NOW);
    expect(mailTo(smtp.received, OWNER_EMAIL)[0]!.parsed.messageId).toBe(queued.owner.messageId);
    expect(await row(t, queued.customer.id)).toMatchObject({ status: 'sent', attempts: 4, last_error: null });

    t.clock.advance(2 * HOUR);
    await t.services.outbox.deliverDue();
    expect(smtp.received).toHaveLength(2);
  });

  it('retries after a temporary refusal (451) and delivers the message queued at first', async () => {
    const { t, smtp } = await setup();
    smtp.fail = 'temporary';
    const booking = await book(t);
    const queued = await messages(t, booking.id);
    await t.services.outbox.deliverDue();
    expect(smtp.received).toHaveLength(0);
    const failed = await row(t, queued.customer.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.last_error).toMatch(/451/);
    expect(await delayOf(t, queued.customer.id)).toBeGreaterThanOrEqual(RETRY_BASE_MS);

    smtp.fail = false;
    await t.services.outbox.deliverDue(); // not due yet
    expect(smtp.received).toHaveLength(0);
    t.clock.advance(RETRY_BASE_MS * 1.1);
    await t.services.outbox.deliverDue();
    expect(smtp.received.map((m) => m.parsed.messageId).sort()).toEqual([queued.customer.messageId, queued.owner.messageId].sort());
    expect(await row(t, queued.customer.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('marks a message failed on a permanent refusal (550) without retrying, and retry() requeues it', async () => {
    const { t, smtp } = await setup();
    smtp.fail = 'permanent';
    const booking = await book(t);
    const queued = await messages(t, booking.id);
    await t.services.outbox.deliverDue();
    const failed = await t.services.outbox.get(queued.customer.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.lastError).toMatch(/550/);

    smtp.fail = false;
    t.clock.advance(DAY);
    await t.services.outbox.deliverDue();
    expect(smtp.received).toHaveLength(0);
    expect(await t.services.outbox.get(queued.customer.id)).toMatchObject({ status: 'failed', attempts: 1 });

    expect(await t.services.outbox.retry(queued.customer.id)).toBe(true);
    const requeued = await t.services.outbox.get(queued.customer.id);
    expect(requeued).toMatchObject({ status: 'pending', attempts: 0, failedAt: null });
    expect(await t.services.outbox.nextAttemptAt(requeued!)).toBe(t.clock.now().toISOString());
    await t.services.outbox.deliverDue();
    // Only the message put back leaves; the owner's notice stays failed until retried too.
    expect(smtp.received).toHaveLength(1);
    expect(await t.services.outbox.get(queued.owner.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(mailTo(smtp.received, 'claire.martin@example.fr')[0]!.parsed.messageId).toBe(queued.customer.messageId);
    expect(await t.services.outbox.get(queued.customer.id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    // Only a failed message can be put back: a sent one stays sent.
    expect(await t.services.outbox.retry(queued.customer.id)).toBe(false);
  });

  it('keeps retrying when the server refuses the login (535): the settings are wrong, not the message', async () => {
    const smtp = await startLoginRefusingSmtpServer();
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir() });
    const t = await createTestApp(dialect, { mailTransport: transport });
    onTestFinished(async () => {
      await t.close();
      transport.close();
      await smtp.stop();
    });
    const booking = await book(t);
    const queued = await messages(t, booking.id);
    await t.services.outbox.deliverDue();
    for (const m of [queued.customer, queued.owner]) {
      const r = await row(t, m.id);
      expect(r).toMatchObject({ status: 'pending', attempts: 1 });
      expect(r.last_error).toMatch(/535/);
      expect(await delayOf(t, m.id)).toBeGreaterThanOrEqual(RETRY_BASE_MS);
    }
  });

  it('gives up after the twelfth failed attempt, with delays capped at an hour', async () => {
    const { t, stopSmtp } = await setup();
    await stopSmtp();
    const id = await t.services.outbox.enqueue(t.db.database.db, { kind: 'test', category: 'transactional', recipient: 'someone@example.fr', locale: 'fr', subject: 'Essai', text: 'Essai', html: '<p>Essai</p>' });
    for (let attempt = 1; attempt <= 11; attempt++) {
      await t.services.outbox.deliverDue();
      expect(await row(t, id)).toMatchObject({ status: 'pending', attempts: attempt });
      const delay = await delayOf(t, id);
      expect(delay).toBeLessThanOrEqual(1.1 * HOUR);
      t.clock.advance(delay);
    }
    await t.services.outbox.deliverDue();
    expect(await row(t, id)).toMatchObject({ status: 'failed', attempts: 12 });
    t.clock.advance(2 * HOUR);
    await t.services.outbox.deliverDue();
    expect((await row(t, id)).attempts).toBe(12);
  });

  it('is delivered by a new process on the same database when the first one stopped before sending', async () => {
    const { t, smtp, transport } = await setup();
    const booking = await book(t);
    const queued = await messages(t, booking.id);
    // The first process stops here (it never ran its worker); a new one starts on the same database.
    const second = await buildSecondApp(t, { mailTransport: transport });
    onTestFinished(() => second.close());
    await second.services.outbox.deliverDue();
    expect(smtp.received.map((m) => m.parsed.messageId).sort()).toEqual([queued.customer.messageId, queued.owner.messageId].sort());
    expect(await second.services.outbox.get(queued.customer.id)).toMatchObject({ status: 'sent', attempts: 1 });
    await t.services.outbox.deliverDue();
    await second.services.outbox.deliverDue();
    expect(smtp.received).toHaveLength(2);
  });

  it('is delivered after a restart when the first process had already failed to send it', async () => {
    const { t, smtp, transport, stopSmtp, restartSmtp } = await setup();
    await stopSmtp();
    const booking = await book(t);
    const queued = await messages(t, booking.id);
    await t.services.outbox.deliverDue();
    expect((await row(t, queued.customer.id)).attempts).toBe(1);

    await restartSmtp();
    const second = await buildSecondApp(t, { mailTransport: transport });
    onTestFinished(() => second.close());
    t.clock.advance(1.1 * RETRY_BASE_MS);
    await second.services.outbox.deliverDue();
    expect(smtp.received.map((m) => m.parsed.messageId).sort()).toEqual([queued.customer.messageId, queued.owner.messageId].sort());
    expect(await row(t, queued.customer.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('takes a message again once the lease of a crashed worker expires, and delivers it once', async () => {
    const { t, smtp } = await setup();
    const booking = await book(t);
    const queued = await messages(t, booking.id);
    const now = t.clock.now();
    // A worker claims both messages' delivery jobs, then dies before sending them.
    const claimed = await t.db.database.db
      .updateTable('jobs')
      .set({ lease_token: 'crashed worker', locked_until: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where('key', 'in', [queued.customer.id, queued.owner.id].map((id) => `outbox.deliver:${id}`))
      .executeTakeFirst();
    expect(Number(claimed.numUpdatedRows)).toBe(2);

    await t.services.outbox.deliverDue();
    t.clock.advance(LEASE_MS - 1);
    await t.services.outbox.deliverDue();
    expect(smtp.received).toHaveLength(0);

    t.clock.advance(1);
    await t.services.outbox.deliverDue();
    expect(smtp.received.map((m) => m.parsed.messageId).sort()).toEqual([queued.customer.messageId, queued.owner.messageId].sort());
    t.clock.advance(LEASE_MS);
    await t.services.outbox.deliverDue();
    expect(smtp.received).toHaveLength(2);
  });

  it('never sends a message twice when a batch outlasts its lease and another worker takes the rest', async () => {
    // Each message takes the server 70 s (a slow relay): the batch of three outlasts the two-minute lease,
    // and while the first worker sends its second message a second worker looks for due mail.
    let second: Awaited<ReturnType<typeof buildSecondApp>> | undefined;
    let secondRun: Promise<boolean> | undefined;
    const smtp = await startSmtpServer(0, async (n) => {
      if (n > 2) return; // the second worker's deliveries, and the first one's third, are quick
      t.clock.advance(70_000);
      if (n === 2) {
        secondRun = second!.services.outbox.deliverDue();
        await secondRun;
      }
    });
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir() });
    const t = await createTestApp(dialect, { mailTransport: transport });
    second = await buildSecondApp(t, { mailTransport: transport });
    onTestFinished(async () => {
      await second!.close();
      await t.close();
      transport.close();
      await smtp.stop();
    });
    for (const n of [1, 2, 3]) {
      await t.services.outbox.enqueue(t.db.database.db, { kind: 'test', category: 'transactional', recipient: `r${n}@example.fr`, locale: 'fr', subject: `Message ${n}`, text: 'x', html: '<p>x</p>' });
    }
    await t.services.outbox.deliverDue();
    expect(secondRun).toBeDefined();
    const ids = smtp.received.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(3);
    expect(ids).toHaveLength(3);
    expect(await t.services.outbox.counts()).toEqual({ pending: 0, sent: 3, saved: 0, failed: 0, skipped: 0 });
  });

  it('never sends the same message twice when workers run concurrently', async () => {
    const { t, smtp, transport } = await setup();
    // PostgreSQL: a second instance with a pool of its own (FOR UPDATE SKIP LOCKED keeps them apart). SQLite: a
    // second worker on the same connection; two SQLite connections in one process would block each other's event loop.
    const second = await buildSecondApp(t, { mailTransport: transport, sameConnection: dialect === 'sqlite' });
    onTestFinished(() => second.close());
    const ids: string[] = [];
    for (let n = 0; n < 45; n++) {
      ids.push(await t.services.outbox.enqueue(t.db.database.db, { kind: 'test', category: 'transactional', recipient: `r${n}@example.fr`, locale: 'fr', subject: `Message ${n}`, text: `n°${n}`, html: `<p>n°${n}</p>` }));
    }
    await Promise.all([t.services.outbox.deliverDue(), second.services.outbox.deliverDue(), t.services.outbox.deliverDue(), second.services.outbox.deliverDue()]);
    // Whatever is left (a worker may have found nothing to take) goes out now.
    while (await t.services.outbox.deliverDue());
    const received = smtp.received.map((m) => m.parsed.messageId);
    expect(received).toHaveLength(45);
    expect(new Set(received).size).toBe(45);
    const counts = await t.services.outbox.counts();
    expect(counts).toEqual({ pending: 0, sent: 45, saved: 0, failed: 0, skipped: 0 });
    const attempts = await t.db.database.db.selectFrom('outbox_messages').select('attempts').execute();
    expect(attempts.every((r) => r.attempts === 1)).toBe(true);
  });

  it('runs a background worker that a booking wakes at once, rather than at the next poll ten minutes later', async () => {
    const smtp = await startSmtpServer();
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: tmpdir() });
    const t = await createTestApp(dialect, { mailTransport: transport, env: { JOBS_POLL_MS: '600000' } });
    onTestFinished(async () => {
      await t.close();
      transport.close();
      await smtp.stop();
    });
    t.services.jobs.start();
    const first = await book(t);
    await smtp.waitFor(2);
    // The worker's first run is over by now: only the wake of the next booking can deliver its mail before the poll.
    const second = await book(t, { start: '2026-11-30T15:00:00+01:00', email: 'second@example.fr' });
    await smtp.waitFor(4);
    await t.services.jobs.stop();
    const expected = [...(await t.services.outbox.forBooking(first.id)), ...(await t.services.outbox.forBooking(second.id))].map((m) => m.messageId);
    expect(smtp.received.map((m) => m.parsed.messageId).sort()).toEqual(expected.sort());
    expect(await t.services.outbox.counts()).toEqual({ pending: 0, sent: 4, saved: 0, failed: 0, skipped: 0 });
  });

  it('writes .eml files under DATA_DIR/mail and marks messages saved when no SMTP server is configured', async () => {
    const t = await createTestApp(dialect);
    onTestFinished(() => t.close());
    expect(t.services.outbox.transportKind).toBe('file');
    const booking = await book(t);
    const queued = await messages(t, booking.id);
    await t.services.outbox.deliverDue();

    const directory = path.join(t.config.dataDir, 'mail');
    const files = readdirSync(directory);
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith('.eml'))).toBe(true);
    const parsed = await Promise.all(files.map((f) => simpleParser(readFileSync(path.join(directory, f)))));
    const confirmation = parsed.find((p) => p.messageId === queued.customer.messageId)!;
    expect(confirmation.subject).toBe(queued.customer.subject);
    expect((confirmation.to as { text: string }).text).toBe('claire.martin@example.fr');
    expect(confirmation.attachments[0]!.filename).toBe(`${booking.reference}.ics`);
    const notice = parsed.find((p) => p.messageId === queued.owner.messageId)!;
    expect(notice.replyTo?.value).toEqual([{ address: 'claire.martin@example.fr', name: '' }]);
    expect(await t.services.outbox.get(queued.customer.id)).toMatchObject({ status: 'saved', attempts: 1, sentAt: TEST_NOW });
    expect(await t.services.outbox.counts()).toEqual({ pending: 0, sent: 0, saved: 2, failed: 0, skipped: 0 });
    await t.services.outbox.deliverDue();
    expect(readdirSync(directory)).toHaveLength(2);
    expect(existsSync(path.join(directory, `${files[0]}.tmp`))).toBe(false);
  });

  it('deletes the .eml copies after the outbox retention, as the privacy policy says', async () => {
    const t = await createTestApp(dialect);
    onTestFinished(() => t.close());
    await t.services.outbox.scheduleHousekeeping();
    await book(t);
    const directory = path.join(t.config.dataDir, 'mail');
    // The clean-up is a recurring job: its first run is at once, the next one an hour later.
    await t.services.jobs.runDue();
    const [recent] = readdirSync(directory);
    // A copy written 91 days before the app's clock: its file time says so.
    const old = path.join(directory, 'old-message.eml');
    writeFileSync(old, 'To: old@example.fr\r\n\r\nold');
    const longAgo = new Date(t.clock.now().getTime() - (OUTBOX_RETENTION_DAYS + 1) * 24 * 3_600_000);
    utimesSync(old, longAgo, longAgo);
    t.clock.advance(3_600_000 - 1);
    await t.services.jobs.runDue();
    expect(existsSync(old)).toBe(true);
    t.clock.advance(1);
    await t.services.jobs.runDue();
    expect(existsSync(old)).toBe(false);
    expect(readdirSync(directory)).toContain(recent);
  });

  it('erases the body of a message holding a one-time link once SMTP has taken it, and keeps it when mail is only saved', async () => {
    const { t, smtp } = await setup();
    const link = 'http://localhost:3000/admin/mot-de-passe/un-jeton-secret';
    const id = await t.services.outbox.enqueue(t.db.database.db, { kind: 'admin-password-reset', category: 'transactional', recipient: 'staff@example.fr', locale: 'fr', subject: 'Réinitialisation', text: link, html: `<a href="${link}">lien</a>`, eraseAfterSending: true });
    const kept = await t.services.outbox.enqueue(t.db.database.db, { kind: 'test', category: 'transactional', recipient: 'other@example.fr', locale: 'fr', subject: 'Autre', text: link, html: `<p>${link}</p>` });
    await t.services.outbox.deliverDue();
    expect(smtp.received.find((m) => m.to.includes('staff@example.fr'))!.parsed.text).toContain(link);
    const erased = (await t.services.outbox.get(id))!;
    expect(erased).toMatchObject({ status: 'sent', text: 'Ce message contenait un lien à usage unique\u00a0: son contenu a été effacé après l’envoi.' });
    expect(erased.html).not.toContain(link);
    expect((await t.services.outbox.get(kept))!.text).toBe(link);

    const fileOnly = await createTestApp(dialect);
    onTestFinished(() => fileOnly.close());
    const saved = await fileOnly.services.outbox.enqueue(fileOnly.db.database.db, { kind: 'admin-password-reset', category: 'transactional', recipient: 'staff@example.fr', locale: 'fr', subject: 'Réinitialisation', text: link, html: link, eraseAfterSending: true });
    await fileOnly.services.outbox.deliverDue();
    expect(await fileOnly.services.outbox.get(saved)).toMatchObject({ status: 'saved', text: link });
  });

  it('renders a message to the same bytes on every call (the .eml of the back office)', async () => {
    const { t } = await setup();
    const booking = await book(t);
    const { customer: message } = await messages(t, booking.id);
    const first = await t.services.outbox.eml(message);
    t.clock.advance(HOUR);
    const again = await t.services.outbox.eml((await t.services.outbox.get(message.id))!);
    const withoutBoundaries = (b: Buffer) => b.toString('utf8').replace(/--_NmP-[0-9a-f-]+/g, '--boundary').replace(/boundary="[^"]+"/g, 'boundary');
    expect(withoutBoundaries(again)).toBe(withoutBoundaries(first));
    const parsed = await simpleParser(first);
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.date?.toISOString()).toBe(TEST_NOW);
  });

  it('keeps a Reply-To only when it is one plain address: no header, no other recipient can ride in on it', async () => {
    const { t, smtp } = await setup();
    const db = t.db.database.db;
    const enqueue = (replyTo: string) =>
      t.services.outbox.enqueue(db, { kind: 'test', category: 'transactional', recipient: 'owner@example.fr', replyTo, locale: 'fr', subject: 'x', text: 'x', html: '<p>x</p>' });
    const plain = await enqueue('claire+atelier@example.fr');
    const hostile = [
      'claire@example.fr\r\nBcc: victim@example.org',
      'claire@example.fr\nX-Injected: yes',
      'claire@example.fr, victim@example.org',
      '"Claire" <victim@example.org>',
      'claire@example.fr\u0000',
      'pas-une-adresse',
    ];
    const refused = await Promise.all(hostile.map(enqueue));
    expect((await t.services.outbox.get(plain))!.replyTo).toBe('claire+atelier@example.fr');
    for (const id of refused) expect((await t.services.outbox.get(id))!.replyTo).toBeNull();

    await t.services.outbox.deliverDue();
    expect(smtp.received).toHaveLength(1 + hostile.length);
    for (const mail of smtp.received) {
      expect(mail.to).toEqual(['owner@example.fr']);
      expect(mail.raw).not.toMatch(/victim|X-Injected/i);
    }
    const [first] = smtp.received.filter((m) => m.parsed.replyTo);
    expect(smtp.received.filter((m) => m.parsed.replyTo)).toHaveLength(1);
    expect(first!.parsed.replyTo?.value).toEqual([{ address: 'claire+atelier@example.fr', name: '' }]);
  });

  it('retention: deletes delivered and failed messages 90 days after sending, keeps pending ones', async () => {
    const { t, smtp } = await setup();
    const enqueue = (subject: string) =>
      t.services.outbox.enqueue(t.db.database.db, { kind: 'test', category: 'transactional', recipient: 'someone@example.fr', locale: 'fr', subject, text: subject, html: `<p>${subject}</p>` });
    const sent = await enqueue('envoyé');
    await t.services.outbox.deliverDue();
    smtp.fail = 'permanent';
    const failed = await enqueue('échec');
    const late = await enqueue('renvoyé plus tard');
    await t.services.outbox.deliverDue();
    smtp.fail = false;
    expect((await t.services.outbox.get(sent))!.status).toBe('sent');
    expect((await t.services.outbox.get(failed))!.status).toBe('failed');

    // Sixty days later the owner sends one failed message again: its 90 days start then.
    t.clock.advance(60 * DAY);
    await t.services.outbox.retry(late);
    await t.services.outbox.deliverDue();
    expect((await t.services.outbox.get(late))!.status).toBe('sent');
    // And one message is still waiting (queued on day 0; the SMTP server has refused it so far).
    const pending = await enqueue('en attente');
    await t.db.database.db.updateTable('outbox_messages').set({ created_at: TEST_NOW, attempts: 5 }).where('id', '=', pending).execute();

    const sweep = (after: number, dryRun = false) => applyRule(t, 'outbox.messages', new Date(Date.parse(TEST_NOW) + after), { dryRun });
    expect(await sweep(OUTBOX_RETENTION_DAYS * DAY - MINUTE)).toBe(0);
    expect(await sweep(OUTBOX_RETENTION_DAYS * DAY + MINUTE, true)).toBe(2);
    expect(await t.services.outbox.get(sent)).toBeDefined();
    expect(await sweep(OUTBOX_RETENTION_DAYS * DAY + MINUTE)).toBe(2);
    expect(await t.services.outbox.get(sent)).toBeUndefined();
    expect(await t.services.outbox.get(failed)).toBeUndefined();
    expect(await t.services.outbox.get(late)).toMatchObject({ status: 'sent' });
    expect(await t.services.outbox.get(pending)).toMatchObject({ status: 'pending' });

    expect(await sweep((60 + OUTBOX_RETENTION_DAYS) * DAY + MINUTE)).toBe(1);
    expect(await t.services.outbox.get(late)).toBeUndefined();
    expect(await t.services.outbox.counts()).toEqual({ pending: 1, sent: 0, saved: 0, failed: 0, skipped: 0 });
  });
});

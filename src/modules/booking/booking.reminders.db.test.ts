import { expect, it, onTestFinished } from 'vitest';
import { createTestApp, MONDAY_10, TEST_SECRET, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import type { DialectName } from '../../db/dialect.js';
import { sign } from '../../platform/ids.js';

/**
 * The reminder before each booking (default: 24 hours before), one per booking ever: never for
 * a cancelled booking, one whose time is past, or one made inside the reminder window; it
 * follows the booking when the owner moves it. (Two processes and a restart: test/concurrency.test.ts.)
 */
const HOUR = 3_600_000;
/** Monday 30 November 10:00 in Paris is 09:00 UTC: its reminder is due on Sunday 29 November at 09:00 UTC. */
const MONDAY_10_REMINDER = '2026-11-29T09:00:00.000Z';

describeEachDialect('booking reminders', (dialect: DialectName) => {
  async function app(): Promise<TestApp> {
    const t = await createTestApp(dialect);
    onTestFinished(() => t.close());
    return t;
  }

  const book = async (t: TestApp, start = MONDAY_10, email = 'claire.martin@example.fr') =>
    (await t.services.booking.bookSlot(bookingRequest({ start, customer: { email } }), apiOptions())).booking;

  const reminderJob = (t: TestApp, bookingId: string) => t.services.jobs.byKey(`booking.reminder:${bookingId}`);

  async function remindersOf(t: TestApp, bookingId: string) {
    return (await t.services.outbox.forBooking(bookingId)).filter((m) => m.kind === 'booking-reminder');
  }

  /** Runs every job due at `instant`. */
  async function runJobsAt(t: TestApp, instant: string | number) {
    t.clock.set(new Date(instant));
    while (await t.services.jobs.runDue());
  }

  it('reminds a booking once, 24 hours before it, not a moment earlier', async () => {
    const t = await app();
    const booking = await book(t);
    expect(await reminderJob(t, booking.id)).toMatchObject({ status: 'pending', runAt: MONDAY_10_REMINDER });

    await runJobsAt(t, Date.parse(MONDAY_10_REMINDER) - 1);
    expect(await remindersOf(t, booking.id)).toHaveLength(0);
    await runJobsAt(t, MONDAY_10_REMINDER);
    const [reminder] = await remindersOf(t, booking.id);
    expect(reminder).toMatchObject({ recipient: 'claire.martin@example.fr', locale: 'fr', subject: expect.stringMatching(/^Rappel\u00a0: Diagnostic informatique, lundi 30 novembre 2026 à 10\sh$/) });
    await runJobsAt(t, Date.parse(MONDAY_10_REMINDER) + HOUR);
    expect(await remindersOf(t, booking.id)).toHaveLength(1);
    expect(await reminderJob(t, booking.id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('sends no reminder for a booking made inside its reminder window', async () => {
    const t = await app();
    // Thursday 26 November 08:00: Friday 10:00 is 26 hours ahead, Friday 14:00 30 hours; Thursday 16:00 is 8 hours ahead.
    const soon = await book(t, '2026-11-26T16:00:00+01:00');
    expect(await reminderJob(t, soon.id)).toBeUndefined();
    await runJobsAt(t, '2026-11-26T14:59:00Z');
    expect(await remindersOf(t, soon.id)).toHaveLength(0);
  });

  it('sends nothing for a cancelled booking, nor for one whose time passed while the site was stopped', async () => {
    const t = await app();
    const cancelled = await book(t);
    await t.services.booking.cancelByCustomer(cancelled.reference, sign(TEST_SECRET, `booking:${cancelled.reference}`, 32));
    const missed = await book(t, '2026-11-30T15:00:00+01:00', 'missed@example.fr');
    // The site comes back after Monday 15:00: both reminders' times have passed.
    await runJobsAt(t, '2026-11-30T14:30:00Z');
    expect(await remindersOf(t, cancelled.id)).toHaveLength(0);
    expect(await remindersOf(t, missed.id)).toHaveLength(0);
    expect(await reminderJob(t, cancelled.id)).toMatchObject({ status: 'done' });
    expect(await reminderJob(t, missed.id)).toMatchObject({ status: 'done' });
  });

  it('follows a booking the owner moves later; a move inside the window cancels it (the change mail says it all)', async () => {
    const t = await app();
    const later = await book(t);
    const closer = await book(t, '2026-11-30T15:00:00+01:00', 'closer@example.fr');
    await t.services.booking.moveByOwner(later.id, '2026-12-01T10:00:00+01:00', null, 'fr');
    expect(await reminderJob(t, later.id)).toMatchObject({ status: 'pending', runAt: '2026-11-30T09:00:00.000Z' });

    // Sunday noon: the other one is moved to Monday 10:00, 22 hours away, inside its window.
    t.clock.set('2026-11-29T11:00:00Z');
    await t.services.booking.moveByOwner(closer.id, MONDAY_10, null, 'fr');
    expect(await reminderJob(t, closer.id)).toMatchObject({ status: 'cancelled' });

    await runJobsAt(t, MONDAY_10_REMINDER.replace('29', '30'));
    expect(await remindersOf(t, later.id)).toHaveLength(1);
    expect(await remindersOf(t, closer.id)).toHaveLength(0);
  });

  it('sends no reminder to a customer the owner chose not to mail', async () => {
    const t = await app();
    const { booking } = await t.services.booking.bookSlot(bookingRequest({ start: MONDAY_10 }), {
      ...apiOptions(),
      source: 'owner',
      owner: { force: false, notifyCustomer: false },
    });
    expect(await reminderJob(t, booking.id)).toBeUndefined();
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';

/**
 * A cancellation that read the booking before a move committed, and writes after it: the
 * mails must describe the booking as the cancellation found it in its own transaction.
 */
describeEachDialect('a cancellation racing a move', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  it('mails the time the booking has when the cancellation commits, not the one it read before', async () => {
    const { booking } = await t.services.booking.bookSlot(bookingRequest(), apiOptions());
    const { reference } = booking;
    const token = t.services.booking.manageToken(reference);
    const movedStart = '2026-12-01T14:00:00.000Z';
    const movedEnd = '2026-12-01T15:00:00.000Z';

    // The move's transaction is open and has written the new time, not yet committed.
    let cancellation: Promise<unknown> | undefined;
    await t.db.database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('bookings')
        .set({ start_at: movedStart, end_at: movedEnd, blocked_from: movedStart, blocked_until: movedEnd })
        .where('id', '=', booking.id)
        .execute();
      // The customer cancels meanwhile: the booking is read (the old time), then the cancellation waits for the move.
      cancellation = t.services.booking.cancelByCustomer(reference, token);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const cancelled = (await cancellation) as { start: string; status: string };
    expect(cancelled).toMatchObject({ status: 'cancelled', start: movedStart });

    const mails = await t.services.outbox.forBooking(booking.id);
    const customerMail = mails.find((m) => m.kind === 'booking-cancelled')!;
    const ownerMail = mails.filter((m) => m.kind === 'booking-owner-notice').at(-1)!;
    // 1 December 2026 at 15:00 in Paris, not Monday 30 November at 10:00.
    expect(customerMail.text).toContain('1er décembre 2026');
    expect(customerMail.text).toContain('15\u00a0h');
    expect(customerMail.text).not.toContain('30 novembre');
    expect(ownerMail.text).toContain('1er décembre 2026');
    expect(ownerMail.text).not.toContain('30 novembre');
    const ics = customerMail.attachments[0]!.content;
    expect(ics).toContain('DTSTART:20261201T140000Z');
  });
});

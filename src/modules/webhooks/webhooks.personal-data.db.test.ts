import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { applyRule, portContext } from '../../../test/support/retention.js';
import type { DB } from '../../db/schema.js';
import type { DataSubject } from '../../platform/privacy-register.js';
import { webhooksRegister } from './webhooks.register.js';

/**
 * The deliveries to the owner's tools carry the booking and its customer: found by the person's
 * address, exported, and erased with their pending jobs (a replay sends nothing); the rule that
 * deletes the log after 30 days, on both sides of its limit.
 */
describeEachDialect('the personal data of webhook deliveries', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    // A closed port on the loopback: no delivery is attempted by these tests anyway.
    t = await createTestApp(dialect, { env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    await t.services.webhooks.create({ url: 'http://127.0.0.1:9/hooks', events: ['booking.created'] }, 'fr');
  });
  afterAll(() => t?.close());

  const db = () => t.db.database.db as Kysely<DB>;
  const claire: DataSubject = { customerId: null, emails: ['claire.martin@example.fr'] };

  it('finds, exports and erases the deliveries that carry a person, with their jobs, and leaves the others', async () => {
    const { booking } = await t.services.booking.bookSlot(bookingRequest(), apiOptions());
    await t.services.booking.bookSlot(bookingRequest({ start: '2026-11-30T14:00:00+01:00', customer: { email: 'paul.durand@example.fr', lastName: 'Durand' } }), apiOptions());
    // The events become deliveries (not sent: only the event jobs run).
    await t.services.jobs.runUntilIdle(['events.publish']);
    const subject = { ...claire, customerId: booking.customerId };
    expect(await webhooksRegister.personalData!.find(portContext(t), subject)).toEqual([expect.objectContaining({ kind: 'webhook-deliveries', count: 1 })]);
    const [records] = await webhooksRegister.personalData!.export(portContext(t), subject);
    expect(records!.rows).toEqual([expect.objectContaining({ event_type: 'booking.created', status: 'pending', body: expect.stringContaining(booking.reference) })]);
    const delivery = await db().selectFrom('webhook_deliveries').select(['endpoint_id', 'event_id']).where('body', 'like', `%${booking.reference}%`).executeTakeFirstOrThrow();

    const lines = await db()
      .transaction()
      .execute((trx) => webhooksRegister.personalData!.erase(portContext(t, t.clock.now(), trx), subject));
    expect(lines).toEqual([expect.objectContaining({ kind: 'webhook-deliveries', action: 'deleted', count: 1 })]);
    expect((await t.services.jobs.byKey(`webhooks.deliver:${delivery.endpoint_id}:${delivery.event_id}`))?.status).toBe('cancelled');
    expect(await db().selectFrom('webhook_deliveries').select('id').where('body', 'like', '%claire.martin%').execute()).toEqual([]);
    expect(await webhooksRegister.personalData!.erase(portContext(t), subject)).toEqual([]);
    expect(await db().selectFrom('webhook_deliveries').select('id').where('body', 'like', '%paul.durand%').execute()).toHaveLength(1);
  });

  it('deletes the log of a delivery 30 days after it was made, not before, and never one still being retried', async () => {
    const DAY = 24 * 3_600_000;
    const now = t.clock.now();
    const [paul] = await db().selectFrom('webhook_deliveries').select('id').execute();
    const older = { ...(await db().selectFrom('webhook_deliveries').selectAll().where('id', '=', paul!.id).executeTakeFirstOrThrow()) };
    // Three deliveries made 31, 31 and 29 days ago: delivered, still pending, delivered.
    const at = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
    await db().updateTable('webhook_deliveries').set({ status: 'delivered', created_at: at(31) }).where('id', '=', paul!.id).execute();
    await db()
      .insertInto('webhook_deliveries')
      .values([
        { ...older, id: 'pending-31', event_id: 'e-31', status: 'pending', created_at: at(31) },
        { ...older, id: 'delivered-29', event_id: 'e-29', status: 'delivered', created_at: at(29) },
      ])
      .execute();
    expect(await applyRule(t, 'webhooks.deliveries', now, { dryRun: true })).toBe(1);
    expect(await db().selectFrom('webhook_deliveries').select('id').execute()).toHaveLength(3);
    expect(await applyRule(t, 'webhooks.deliveries', now, { dryRun: false })).toBe(1);
    expect((await db().selectFrom('webhook_deliveries').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['delivered-29', 'pending-31']);
  });
});

import { existsSync } from 'node:fs';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { applyRule, portContext } from '../../../test/support/retention.js';
import type { DB } from '../../db/schema.js';
import type { DataSubject } from '../../platform/privacy-register.js';
import { outboxRegister } from './outbox.register.js';

/**
 * One person's e-mails through the outbox's port: the messages sent to them or about them (the
 * owner's notice replies to them), and the .eml copies the file transport wrote under DATA_DIR
 * (no SMTP in the test app). A message still waiting is dropped with its delivery. And the rule
 * that deletes old .eml copies, on both sides of its limit.
 */
describeEachDialect('the personal data of the outbox and its .eml copies', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  const db = () => t.db.database.db as Kysely<DB>;
  const mailDir = () => path.join(t.config.dataDir, 'mail');
  const emlFiles = async () => (existsSync(mailDir()) ? (await readdir(mailDir())).filter((n) => n.endsWith('.eml')) : []);
  const filesMentioning = async (text: string) => {
    const names: string[] = [];
    for (const name of await emlFiles()) if ((await readFile(path.join(mailDir(), name), 'latin1')).includes(text)) names.push(name);
    return names;
  };
  const claire: DataSubject = { customerId: null, emails: ['claire.martin@example.fr'] };

  it('finds, exports and erases a person’s messages and their .eml copies, drops one still waiting, and leaves another person’s alone', async () => {
    const booked = await t.services.booking.bookSlot(bookingRequest({ customer: { email: 'Claire.Martin@example.fr' } }), apiOptions());
    await t.services.booking.bookSlot(bookingRequest({ start: '2026-11-30T14:00:00+01:00', customer: { email: 'paul.durand@example.fr', lastName: 'Durand' } }), apiOptions());
    await t.services.outbox.deliverDue();
    expect(await filesMentioning('claire.martin@example.fr')).toHaveLength(2); // the confirmation, and the owner's notice replying to her
    const paulFiles = await filesMentioning('paul.durand@example.fr');
    expect(paulFiles).toHaveLength(2);
    // A sign-in link queued and not yet delivered.
    await t.services.space.requestLink({ email: 'claire.martin@example.fr' }, 'fr');
    const waiting = await db().selectFrom('outbox_messages').select('id').where('kind', '=', 'customer-sign-in').executeTakeFirstOrThrow();
    const subject: DataSubject = { ...claire, customerId: booked.booking.customerId };
    const ctx = portContext(t);

    const found = Object.fromEntries((await outboxRegister.personalData!.find(ctx, subject)).map((f) => [f.kind, f.count]));
    expect(found).toEqual({ emails: 3, 'email-copies': 2 });

    const exported = new Map((await outboxRegister.personalData!.export(ctx, subject)).map((r) => [r.kind, r]));
    const messages = exported.get('emails')!.rows;
    expect(messages.map((m) => m.kind).sort()).toEqual(['booking-confirmation', 'booking-owner-notice', 'customer-sign-in'].sort());
    expect(messages.find((m) => m.kind === 'booking-owner-notice')).toMatchObject({ reply_to: 'claire.martin@example.fr' });
    expect(messages[0]).toHaveProperty('subject');
    const copies = exported.get('email-copies')!;
    expect(copies.files).toHaveLength(2);
    expect(copies.files!.every((f) => f.content.toString('latin1').includes('claire.martin@example.fr'))).toBe(true);
    expect(JSON.stringify(messages)).not.toContain('paul.durand');

    const lines = await db()
      .transaction()
      .execute((trx) => outboxRegister.personalData!.erase(portContext(t, t.clock.now(), trx), subject));
    expect(lines).toEqual([expect.objectContaining({ kind: 'emails', action: 'deleted', count: 3 }), expect.objectContaining({ kind: 'email-copies', action: 'deleted', count: 2 })]);
    expect(await filesMentioning('Claire.Martin@example.fr')).toEqual([]);
    expect(await filesMentioning('claire.martin@example.fr')).toEqual([]);
    expect(await db().selectFrom('outbox_messages').select('id').where('recipient', 'like', '%laire%').execute()).toEqual([]);
    // The waiting message's delivery is cancelled: delivering now sends nothing to her.
    expect((await t.services.jobs.byKey(`outbox.deliver:${waiting.id}`))?.status).toBe('cancelled');
    await t.services.outbox.deliverDue();
    expect(await filesMentioning('laire.martin@example.fr')).toEqual([]);

    // Idempotent; the other person's messages and copies are all there.
    expect(await outboxRegister.personalData!.erase(portContext(t), subject)).toEqual([]);
    expect(await outboxRegister.personalData!.find(portContext(t), subject)).toEqual([]);
    expect(await filesMentioning('paul.durand@example.fr')).toEqual(paulFiles);
    expect(await db().selectFrom('outbox_messages').select('id').where('recipient', '=', 'paul.durand@example.fr').execute()).toHaveLength(1);
  });

  it('finds a copy whose message row is gone, by the addresses in its headers', async () => {
    const name = '2026-08-01T10-00-00-000Z_orphan@example.test.eml';
    await writeFile(path.join(mailDir(), name), 'Message-ID: <orphan@example.test>\r\nTo: Someone\r\n <old.customer@example.fr>\r\nSubject: Ancien\r\n\r\nBonjour\r\n');
    const subject: DataSubject = { customerId: null, emails: ['old.customer@example.fr'] };
    expect(await outboxRegister.personalData!.find(portContext(t), subject)).toEqual([expect.objectContaining({ kind: 'email-copies', count: 1 })]);
    expect(await outboxRegister.personalData!.erase(portContext(t), subject)).toEqual([expect.objectContaining({ kind: 'email-copies', action: 'deleted', count: 1 })]);
    expect(await emlFiles()).not.toContain(name);
  });

  it('deletes the .eml copies 90 days after they were written, not before', async () => {
    const now = t.clock.now();
    const DAY = 24 * 3_600_000;
    const [older, newer] = ['old', 'new'].map((tag) => path.join(mailDir(), `retention-${tag}.eml`));
    await writeFile(older!, 'To: a@example.fr\r\n\r\nx');
    await writeFile(newer!, 'To: b@example.fr\r\n\r\nx');
    const seconds = (ms: number) => ms / 1000;
    await utimes(older!, seconds(now.getTime() - 90 * DAY - 60_000), seconds(now.getTime() - 90 * DAY - 60_000));
    await utimes(newer!, seconds(now.getTime() - 90 * DAY + 60_000), seconds(now.getTime() - 90 * DAY + 60_000));
    // Every other copy of this file's tests was written just now (real time): only the older one is due.
    const due = await applyRule(t, 'outbox.eml-copies', now, { dryRun: true });
    expect(due).toBe(1);
    expect(existsSync(older!)).toBe(true);
    expect(await applyRule(t, 'outbox.eml-copies', now, { dryRun: false })).toBe(1);
    expect(existsSync(older!)).toBe(false);
    expect(existsSync(newer!)).toBe(true);
  });
});

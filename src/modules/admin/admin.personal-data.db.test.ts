import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdminClient, loggedInOwner, OWNER } from '../../../test/support/admin-client.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { apiOptions, bookingRequest } from '../../../test/support/booking-fixtures.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { applyRule, portContext } from '../../../test/support/retention.js';
import type { DB } from '../../db/schema.js';
import type { DataSubject, ErasureLine } from '../../platform/privacy-register.js';
import { customersRegister } from '../customers/index.js';
import { adminRegister } from './admin.register.js';

/**
 * A member of the team as a data subject: their account, sessions and invitations through the
 * admin module's port, and their address on the notes they wrote (customers' port). The owner's
 * account is kept, and said so. And the rules of sessions and one-time links, on both sides.
 */
const STAFF = { email: 'Staff.Member@wservicesparis.com', password: 'une autre phrase de passe longue' };
const HOUR = 3_600_000;

describeEachDialect('the personal data of a member of the team', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  const db = () => t.db.database.db as Kysely<DB>;
  const staff: DataSubject = { customerId: null, emails: ['staff.member@wservicesparis.com'] };

  async function erase(subject: DataSubject): Promise<ErasureLine[]> {
    return db()
      .transaction()
      .execute(async (trx) => {
        const ctx = portContext(t, t.clock.now(), trx);
        // The engine's order: admin comes after customers in app.ts, so it is erased before.
        return [...(await adminRegister.personalData!.erase(ctx, subject)), ...(await customersRegister.personalData!.erase(ctx, subject))];
      });
  }

  it('finds, exports and erases a member of the team, keeps the owner’s account, and leaves the others alone', async () => {
    const owner = await loggedInOwner(t);
    const ownerAccount = (await db().selectFrom('admin_users').select(['id', 'email', 'role']).where('role', '=', 'owner').executeTakeFirstOrThrow())!;
    await t.services.admin.createAccount({ email: STAFF.email, password: STAFF.password }, 'fr', 'staff');
    const member = new AdminClient(t);
    expect((await member.login(STAFF)).statusCode).toBe(303);
    const staffId = (await db().selectFrom('admin_users').select('id').where('email', '=', STAFF.email.toLowerCase()).executeTakeFirstOrThrow()).id;
    // Another person invited.
    await t.services.team.invite({ ...ownerAccount, twoFactor: false }, { email: 'other.invitee@example.fr', role: 'staff' }, 'fr');
    // A note the member wrote about a customer.
    const { booking } = await t.services.booking.bookSlot(bookingRequest(), apiOptions());
    await t.services.customers.addNote(booking.customerId!, { body: 'Matériel à prévoir.' }, { id: staffId, email: STAFF.email }, 'fr');
    const ctx = portContext(t);

    expect(Object.fromEntries((await adminRegister.personalData!.find(ctx, staff)).map((f) => [f.kind, f.count]))).toEqual({ 'backoffice-account': 1, 'backoffice-sessions': 1 });
    const exported = new Map((await adminRegister.personalData!.export(ctx, staff)).map((r) => [r.kind, r]));
    expect(exported.get('backoffice-account')!.rows).toEqual([expect.objectContaining({ email: STAFF.email.toLowerCase(), role: 'staff', last_login_at: expect.any(String) })]);
    // Never the password's hash or the second factor's secret.
    expect(Object.keys(exported.get('backoffice-account')!.rows[0]!)).not.toEqual(expect.arrayContaining(['password_hash']));
    expect(JSON.stringify([...exported.values()])).not.toMatch(/argon2|totp_secret/);

    const lines = await erase(staff);
    expect(lines).toEqual([
      expect.objectContaining({ kind: 'backoffice-account', action: 'deleted', count: 1 }),
      expect.objectContaining({ kind: 'customer-notes-written', action: 'anonymised', count: 1 }),
    ]);
    expect(await db().selectFrom('admin_users').select('id').where('id', '=', staffId).execute()).toEqual([]);
    expect(await db().selectFrom('admin_sessions').select('id').where('admin_id', '=', staffId).execute()).toEqual([]);
    // The session cookie opens nothing any more; the note stays, without its author's address.
    expect((await member.get('/admin')).statusCode).toBe(303);
    expect(await t.services.customers.notes(booking.customerId!)).toEqual([expect.objectContaining({ body: 'Matériel à prévoir.', adminEmail: '' })]);
    // Idempotent; the owner and the other invitation are untouched.
    expect(await erase(staff)).toEqual([]);
    expect((await owner.get('/admin')).statusCode).toBe(200);
    expect(await db().selectFrom('admin_invitations').select('email').execute()).toEqual([{ email: 'other.invitee@example.fr' }]);

    // An invitation to someone who never joined: deleted.
    const invitee: DataSubject = { customerId: null, emails: ['other.invitee@example.fr'] };
    expect(await adminRegister.personalData!.erase(portContext(t), invitee)).toEqual([expect.objectContaining({ kind: 'backoffice-invitations', action: 'deleted', count: 1 })]);

    // The owner asking: their account is kept, on its ground, every time.
    const ownerSubject: DataSubject = { customerId: null, emails: [OWNER.email] };
    for (let i = 0; i < 2; i++) {
      expect(await adminRegister.personalData!.erase(portContext(t), ownerSubject)).toEqual([expect.objectContaining({ kind: 'backoffice-account', action: 'kept', count: 1, ground: expect.objectContaining({ fr: expect.any(String) }) })]);
    }
    expect((await owner.get('/admin')).statusCode).toBe(200);
  });

  it('deletes sessions once ended and links once expired, not before', async () => {
    await t.services.team.invite(
      { ...(await db().selectFrom('admin_users').select(['id', 'email', 'role']).where('role', '=', 'owner').executeTakeFirstOrThrow()), twoFactor: false },
      { email: 'later.invitee@example.fr', role: 'staff' },
      'fr',
    );
    const now = t.clock.now().getTime();
    const invitations = () => db().selectFrom('admin_invitations').select('email').where('email', '=', 'later.invitee@example.fr').execute();
    // 47 hours on: the invitation is live (whatever else expired meanwhile, it is not among them).
    const before = await applyRule(t, 'admin.links', new Date(now + 47 * HOUR), { dryRun: true });
    const after = await applyRule(t, 'admin.links', new Date(now + 49 * HOUR), { dryRun: true });
    expect(after).toBe(before + 1);
    await applyRule(t, 'admin.links', new Date(now + 47 * HOUR), { dryRun: false });
    expect(await invitations()).toHaveLength(1);
    expect(await applyRule(t, 'admin.links', new Date(now + 49 * HOUR), { dryRun: false })).toBe(1);
    expect(await invitations()).toEqual([]);

    // A session 11 hours idle stays; 13 hours idle, it goes.
    const sessions = async () => (await db().selectFrom('admin_sessions').select('id').execute()).length;
    const live = await sessions();
    expect(live).toBeGreaterThan(0);
    expect(await applyRule(t, 'admin.sessions', new Date(now + 11 * HOUR), { dryRun: true })).toBe(0);
    expect(await applyRule(t, 'admin.sessions', new Date(now + 11 * HOUR), { dryRun: false })).toBe(0);
    expect(await applyRule(t, 'admin.sessions', new Date(now + 13 * HOUR), { dryRun: true })).toBe(live);
    expect(await sessions()).toBe(live);
    expect(await applyRule(t, 'admin.sessions', new Date(now + 13 * HOUR), { dryRun: false })).toBe(live);
    expect(await sessions()).toBe(0);
    // Accounts are not time-based: removing a member deletes the account at once.
    expect(await applyRule(t, 'admin.accounts', new Date(now + 1000 * 24 * HOUR), { dryRun: true })).toBe(0);
  });
});

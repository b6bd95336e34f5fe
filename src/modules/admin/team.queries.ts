import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Invitation } from './admin.model.js';
import type { AdminRole } from './admin.tables.js';

type Db = Kysely<DB>;

/** Invitations, password-reset links and the team-wide second-factor rule. */


export type { Invitation };

export async function insertInvitation(db: Db, row: { id: string; tokenHash: string; email: string; role: AdminRole; invitedBy: string; at: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('admin_invitations')
    .values({ id: row.id, token_hash: row.tokenHash, email: row.email, role: row.role, invited_by: row.invitedBy, created_at: row.at, expires_at: row.expiresAt })
    .execute();
}

export async function deleteInvitationsFor(db: Db, email: string): Promise<void> {
  await db.deleteFrom('admin_invitations').where('email', '=', email).execute();
}

export async function deleteInvitation(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('admin_invitations').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function selectLiveInvitations(db: Db, nowIso: string): Promise<Invitation[]> {
  const rows = await db.selectFrom('admin_invitations').select(['id', 'email', 'role', 'created_at', 'expires_at']).where('expires_at', '>', nowIso).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, createdAt: r.created_at, expiresAt: r.expires_at }));
}

export async function selectLiveInvitation(db: Db, tokenHash: string, nowIso: string): Promise<Invitation | undefined> {
  const r = await db
    .selectFrom('admin_invitations')
    .select(['id', 'email', 'role', 'created_at', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  return r && { id: r.id, email: r.email, role: r.role, createdAt: r.created_at, expiresAt: r.expires_at };
}

/** Deletes a live invitation and returns it: only one use of a link gets it. */
export async function spendInvitation(db: Db, tokenHash: string, nowIso: string): Promise<Invitation | undefined> {
  const invitation = await selectLiveInvitation(db, tokenHash, nowIso);
  if (!invitation) return undefined;
  const result = await db.deleteFrom('admin_invitations').where('id', '=', invitation.id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0 ? invitation : undefined;
}

export async function deleteExpiredInvitations(db: Db, nowIso: string): Promise<number> {
  const result = await db.deleteFrom('admin_invitations').where('expires_at', '<=', nowIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertPasswordReset(db: Db, row: { tokenHash: string; adminId: string; at: string; expiresAt: string }): Promise<void> {
  await db.insertInto('admin_password_resets').values({ token_hash: row.tokenHash, admin_id: row.adminId, created_at: row.at, expires_at: row.expiresAt }).execute();
}

export async function countLivePasswordResets(db: Db, adminId: string, nowIso: string): Promise<number> {
  const row = await db
    .selectFrom('admin_password_resets')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('admin_id', '=', adminId)
    .where('expires_at', '>', nowIso)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function selectLivePasswordReset(db: Db, tokenHash: string, nowIso: string): Promise<{ adminId: string; email: string } | undefined> {
  const row = await db
    .selectFrom('admin_password_resets')
    .innerJoin('admin_users', 'admin_users.id', 'admin_password_resets.admin_id')
    .select(['admin_users.id', 'admin_users.email'])
    .where('admin_password_resets.token_hash', '=', tokenHash)
    .where('admin_password_resets.expires_at', '>', nowIso)
    .executeTakeFirst();
  return row && { adminId: row.id, email: row.email };
}

/** Deletes a live reset link and returns its account's id: only one use of a link gets it. */
export async function spendPasswordReset(db: Db, tokenHash: string, nowIso: string): Promise<string | undefined> {
  const found = await selectLivePasswordReset(db, tokenHash, nowIso);
  if (!found) return undefined;
  const result = await db.deleteFrom('admin_password_resets').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(result.numDeletedRows) > 0 ? found.adminId : undefined;
}

export async function deletePasswordResetsOf(db: Db, adminId: string): Promise<void> {
  await db.deleteFrom('admin_password_resets').where('admin_id', '=', adminId).execute();
}

export async function deleteExpiredPasswordResets(db: Db, nowIso: string): Promise<number> {
  const result = await db.deleteFrom('admin_password_resets').where('expires_at', '<=', nowIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}

const REQUIRE_TWO_FACTOR = 'admin.require_two_factor';

export async function selectTwoFactorRequired(db: Db): Promise<boolean> {
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', REQUIRE_TWO_FACTOR).executeTakeFirst();
  return row?.value === 'true';
}

export async function upsertTwoFactorRequired(db: Db, required: boolean, at: string): Promise<void> {
  await db
    .insertInto('app_settings')
    .values({ key: REQUIRE_TWO_FACTOR, value: String(required), updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(required), updated_at: at }))
    .execute();
}

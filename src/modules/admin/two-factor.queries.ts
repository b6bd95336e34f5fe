import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/** The second factor: TOTP secrets, the last step used, recovery codes, login challenges. */

export interface TotpState {
  sealedSecret: string | null;
  enabledAt: string | null;
  codeFailures: number;
  codeLockedUntil: string | null;
}

export async function selectTotpState(db: Db, adminId: string): Promise<TotpState | undefined> {
  const row = await db
    .selectFrom('admin_users')
    .select(['totp_secret', 'totp_enabled_at', 'code_failures', 'code_locked_until'])
    .where('id', '=', adminId)
    .executeTakeFirst();
  return row && { sealedSecret: row.totp_secret, enabledAt: row.totp_enabled_at, codeFailures: row.code_failures, codeLockedUntil: row.code_locked_until };
}

/** A new secret, not enabled yet (an enrolment under way). */
export async function setPendingSecret(db: Db, adminId: string, sealedSecret: string): Promise<void> {
  await db.updateTable('admin_users').set({ totp_secret: sealedSecret, totp_enabled_at: null, totp_last_step: null }).where('id', '=', adminId).execute();
}

export async function enableTotp(db: Db, adminId: string, at: string): Promise<void> {
  await db.updateTable('admin_users').set({ totp_enabled_at: at }).where('id', '=', adminId).execute();
}

export async function disableTotp(db: Db, adminId: string): Promise<void> {
  await db.updateTable('admin_users').set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null }).where('id', '=', adminId).execute();
  await db.deleteFrom('admin_recovery_codes').where('admin_id', '=', adminId).execute();
}

/**
 * Records `step` as the last one used, only if it is later than the last one: of two requests
 * carrying the same code, whatever the instance, one updates the row and the other is refused.
 */
export async function claimStep(db: Db, adminId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('admin_users')
    .set({ totp_last_step: step })
    .where('id', '=', adminId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function recordCodeFailure(db: Db, adminId: string, lockAfter: number, lockedUntil: string): Promise<void> {
  await db
    .updateTable('admin_users')
    .set((eb) => ({ code_failures: eb('code_failures', '+', 1) }))
    .where('id', '=', adminId)
    .execute();
  await db.updateTable('admin_users').set({ code_locked_until: lockedUntil, code_failures: 0 }).where('id', '=', adminId).where('code_failures', '>=', lockAfter).execute();
}

export async function resetCodeFailures(db: Db, adminId: string): Promise<void> {
  await db.updateTable('admin_users').set({ code_failures: 0, code_locked_until: null }).where('id', '=', adminId).execute();
}

export async function replaceRecoveryCodes(db: Db, adminId: string, hashes: string[], at: string): Promise<void> {
  await db.deleteFrom('admin_recovery_codes').where('admin_id', '=', adminId).execute();
  await db
    .insertInto('admin_recovery_codes')
    .values(hashes.map((code_hash) => ({ admin_id: adminId, code_hash, created_at: at })))
    .execute();
}

/** Deletes a recovery code; true when it was there (each one works once). */
export async function spendRecoveryCode(db: Db, adminId: string, codeHash: string): Promise<boolean> {
  const result = await db.deleteFrom('admin_recovery_codes').where('admin_id', '=', adminId).where('code_hash', '=', codeHash).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function countRecoveryCodes(db: Db, adminId: string): Promise<number> {
  const row = await db.selectFrom('admin_recovery_codes').select((eb) => eb.fn.countAll<number>().as('count')).where('admin_id', '=', adminId).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertChallenge(db: Db, row: { id: string; adminId: string; at: string; expiresAt: string }): Promise<void> {
  await db.insertInto('admin_login_challenges').values({ id: row.id, admin_id: row.adminId, attempts: 0, created_at: row.at, expires_at: row.expiresAt }).execute();
}

export async function selectLiveChallenge(db: Db, id: string, nowIso: string): Promise<{ adminId: string; attempts: number } | undefined> {
  const row = await db.selectFrom('admin_login_challenges').select(['admin_id', 'attempts']).where('id', '=', id).where('expires_at', '>', nowIso).executeTakeFirst();
  return row && { adminId: row.admin_id, attempts: row.attempts };
}

export async function countChallengeAttempt(db: Db, id: string): Promise<void> {
  await db.updateTable('admin_login_challenges').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
}

export async function deleteChallenge(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('admin_login_challenges').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteChallengesOf(db: Db, adminId: string): Promise<void> {
  await db.deleteFrom('admin_login_challenges').where('admin_id', '=', adminId).execute();
}

export async function deleteExpiredChallenges(db: Db, nowIso: string): Promise<number> {
  const result = await db.deleteFrom('admin_login_challenges').where('expires_at', '<=', nowIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}

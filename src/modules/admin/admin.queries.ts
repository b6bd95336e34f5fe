import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { affected, emailIn } from '../../platform/personal-data.js';
import type { AdminAccount, TeamMember } from './admin.model.js';
import type { AdminRole } from './admin.tables.js';

type Db = Kysely<DB>;

export type { AdminAccount, TeamMember };

export async function countAdmins(db: Db): Promise<number> {
  const row = await db.selectFrom('admin_users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertAdmin(db: Db, row: { id: string; email: string; passwordHash: string; createdAt: string; role: AdminRole }): Promise<void> {
  await db
    .insertInto('admin_users')
    .values({ id: row.id, email: row.email, password_hash: row.passwordHash, role: row.role, created_at: row.createdAt, last_login_at: null, code_failures: 0 })
    .execute();
}

const accountColumns = ['admin_users.id', 'admin_users.email', 'admin_users.role', 'admin_users.totp_enabled_at'] as const;

function toAccount(row: { id: string; email: string; role: AdminRole; totp_enabled_at: string | null }): AdminAccount {
  return { id: row.id, email: row.email, role: row.role, twoFactor: row.totp_enabled_at !== null };
}

export async function selectAdminByEmail(db: Db, email: string): Promise<(AdminAccount & { passwordHash: string }) | undefined> {
  const row = await db.selectFrom('admin_users').select([...accountColumns, 'password_hash']).where('email', '=', email).executeTakeFirst();
  return row && { ...toAccount(row), passwordHash: row.password_hash };
}

export async function selectAdminById(db: Db, id: string): Promise<(AdminAccount & { passwordHash: string }) | undefined> {
  const row = await db.selectFrom('admin_users').select([...accountColumns, 'password_hash']).where('id', '=', id).executeTakeFirst();
  return row && { ...toAccount(row), passwordHash: row.password_hash };
}

export async function selectTeam(db: Db): Promise<TeamMember[]> {
  const rows = await db.selectFrom('admin_users').select([...accountColumns, 'created_at', 'last_login_at']).orderBy('created_at').orderBy('email').execute();
  return rows.map((row) => ({ ...toAccount(row), createdAt: row.created_at, lastLoginAt: row.last_login_at }));
}

export async function countOwners(db: Db): Promise<number> {
  const row = await db.selectFrom('admin_users').select((eb) => eb.fn.countAll<number>().as('count')).where('role', '=', 'owner').executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function deleteAdmin(db: Db, id: string): Promise<boolean> {
  // Sessions, login challenges, reset links and recovery codes go with it (on delete cascade).
  const result = await db.deleteFrom('admin_users').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function updatePasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.updateTable('admin_users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

export async function recordLogin(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('admin_users').set({ last_login_at: at }).where('id', '=', id).execute();
}

export async function insertSession(db: Db, row: { id: string; adminId: string; at: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('admin_sessions')
    .values({ id: row.id, admin_id: row.adminId, created_at: row.at, last_seen_at: row.at, expires_at: row.expiresAt })
    .execute();
}

export async function selectLiveSession(db: Db, id: string, nowIso: string, idleSinceIso: string): Promise<(AdminAccount & { lastSeenAt: string }) | undefined> {
  const row = await db
    .selectFrom('admin_sessions')
    .innerJoin('admin_users', 'admin_users.id', 'admin_sessions.admin_id')
    .select([...accountColumns, 'admin_sessions.last_seen_at'])
    .where('admin_sessions.id', '=', id)
    .where('admin_sessions.expires_at', '>', nowIso)
    .where('admin_sessions.last_seen_at', '>', idleSinceIso)
    .executeTakeFirst();
  return row && { ...toAccount(row), lastSeenAt: row.last_seen_at };
}

export async function touchSession(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('admin_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSessionsOf(db: Db, adminId: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('admin_id', '=', adminId).execute();
}

/** Ends every session of an account but `keepId` (the one that changed the password). */
export async function deleteOtherSessions(db: Db, adminId: string, keepId: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('admin_id', '=', adminId).where('id', '!=', keepId).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('id', '=', id).execute();
}

export async function deleteStaleSessions(db: Db, nowIso: string, idleSinceIso: string): Promise<number> {
  const result = await db
    .deleteFrom('admin_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', nowIso), eb('last_seen_at', '<=', idleSinceIso)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertSetupToken(db: Db, row: { tokenHash: string; at: string; expiresAt: string }): Promise<void> {
  await db.insertInto('admin_setup_tokens').values({ token_hash: row.tokenHash, created_at: row.at, expires_at: row.expiresAt }).execute();
}

export async function setupTokenIsLive(db: Db, tokenHash: string, nowIso: string): Promise<boolean> {
  const row = await db.selectFrom('admin_setup_tokens').select('token_hash').where('token_hash', '=', tokenHash).where('expires_at', '>', nowIso).executeTakeFirst();
  return row !== undefined;
}

/** Deletes a live setup token; true when it was there. Its row lock makes two uses of one link wait on each other. */
export async function spendSetupToken(db: Db, tokenHash: string, nowIso: string): Promise<boolean> {
  const result = await db.deleteFrom('admin_setup_tokens').where('token_hash', '=', tokenHash).where('expires_at', '>', nowIso).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteSetupTokens(db: Db, expiredBeforeIso?: string): Promise<number> {
  let query = db.deleteFrom('admin_setup_tokens');
  if (expiredBeforeIso) query = query.where('expires_at', '<=', expiredBeforeIso);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Retention: sessions ended (idle or past their longest life) before the cutoff; counted, or deleted. */
export async function staleSessions(db: Db, cutoffIso: string, idleSinceIso: string, dryRun: boolean): Promise<number> {
  const stale = (eb: ExpressionBuilder<DB, 'admin_sessions'>) => eb.or([eb('expires_at', '<=', cutoffIso), eb('last_seen_at', '<=', idleSinceIso)]);
  if (dryRun) return Number((await db.selectFrom('admin_sessions').select((eb) => eb.fn.countAll<number>().as('n')).where(stale).executeTakeFirstOrThrow()).n);
  return affected(await db.deleteFrom('admin_sessions').where(stale).executeTakeFirst());
}

/** Retention: invitations, reset links, second-factor challenges and owner-setup links expired before the cutoff; counted, or deleted. */
export async function expiredLinks(db: Db, cutoffIso: string, dryRun: boolean): Promise<number> {
  const tables = ['admin_invitations', 'admin_password_resets', 'admin_login_challenges', 'admin_setup_tokens'] as const;
  let total = 0;
  for (const table of tables) {
    total += dryRun
      ? Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('expires_at', '<=', cutoffIso).executeTakeFirstOrThrow()).n)
      : affected(await db.deleteFrom(table).where('expires_at', '<=', cutoffIso).executeTakeFirst());
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// One person's data (the register's personal-data port), when they are or were invited to be a
// member of the team: their account, its sessions, the invitations sent to their address.
// ---------------------------------------------------------------------------------------------

export async function selectPersonalAccess(db: Db, emails: readonly string[]) {
  const accounts = await db
    .selectFrom('admin_users')
    .select(['id', 'email', 'role', 'created_at', 'last_login_at', 'totp_enabled_at', 'code_failures', 'code_locked_until'])
    .where(emailIn('email', emails))
    .execute();
  const ids = accounts.map((a) => a.id);
  const [sessions, invitations, recoveryCodes] = await Promise.all([
    ids.length === 0 ? [] : db.selectFrom('admin_sessions').select(['created_at', 'last_seen_at', 'expires_at']).where('admin_id', 'in', ids).orderBy('created_at').execute(),
    db.selectFrom('admin_invitations').select(['email', 'role', 'created_at', 'expires_at']).where(emailIn('email', emails)).orderBy('created_at').execute(),
    ids.length === 0 ? [] : db.selectFrom('admin_recovery_codes').select(['created_at']).where('admin_id', 'in', ids).execute(),
  ]);
  return { accounts, sessions, invitations, recoveryCodes };
}

/**
 * Erases a member of the team: their account goes with everything attached to it (sessions,
 * recovery codes, reset links, challenges, the invitations they sent: on delete cascade), and
 * the invitations to their address. The owner's account stays: the site cannot be run without it.
 */
export async function erasePersonalAccess(db: Db, emails: readonly string[]): Promise<{ accounts: number; invitations: number; keptOwners: number }> {
  const invitations = affected(await db.deleteFrom('admin_invitations').where(emailIn('email', emails)).executeTakeFirst());
  const accounts = affected(await db.deleteFrom('admin_users').where(emailIn('email', emails)).where('role', '!=', 'owner').executeTakeFirst());
  const owners = await db.selectFrom('admin_users').select((eb) => eb.fn.countAll<number>().as('n')).where(emailIn('email', emails)).executeTakeFirstOrThrow();
  return { accounts, invitations, keptOwners: Number(owners.n) };
}

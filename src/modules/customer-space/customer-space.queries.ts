import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { affected } from '../../platform/personal-data.js';

type Db = Kysely<DB>;

export async function insertLink(db: Db, row: { tokenHash: string; customerId: string; at: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('customer_sign_in_links')
    .values({ token_hash: row.tokenHash, customer_id: row.customerId, created_at: row.at, expires_at: row.expiresAt, used_at: null })
    .execute();
}

/** Links mailed to a customer since an instant (the per-address limit). */
export async function countLinksSince(db: Db, customerId: string, sinceIso: string): Promise<number> {
  const row = await db
    .selectFrom('customer_sign_in_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', customerId)
    .where('created_at', '>', sinceIso)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether a link is unused and not expired (the GET page only looks). */
export async function linkIsLive(db: Db, tokenHash: string, nowIso: string): Promise<boolean> {
  const row = await db
    .selectFrom('customer_sign_in_links')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  return row !== undefined;
}

/** Spends a live link in one statement (two clicks cannot both succeed); its customer, or undefined. */
export async function spendLink(db: Db, tokenHash: string, nowIso: string): Promise<string | undefined> {
  const row = await db
    .updateTable('customer_sign_in_links')
    .set({ used_at: nowIso })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .returning('customer_id')
    .executeTakeFirst();
  return row?.customer_id;
}

export async function insertSession(db: Db, row: { id: string; customerId: string; at: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('customer_sessions')
    .values({ id: row.id, customer_id: row.customerId, created_at: row.at, last_seen_at: row.at, expires_at: row.expiresAt })
    .execute();
}

export async function selectLiveSession(db: Db, id: string, nowIso: string, idleSinceIso: string): Promise<{ customerId: string; lastSeenAt: string } | undefined> {
  const row = await db
    .selectFrom('customer_sessions')
    .select(['customer_id', 'last_seen_at'])
    .where('id', '=', id)
    .where('expires_at', '>', nowIso)
    .where('last_seen_at', '>', idleSinceIso)
    .executeTakeFirst();
  return row && { customerId: row.customer_id, lastSeenAt: row.last_seen_at };
}

export async function touchSession(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('customer_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('customer_sessions').where('id', '=', id).execute();
}

/** Retention: sessions ended (idle or past their longest life) before the cutoff; counted, or deleted. */
export async function staleSessions(db: Db, cutoffIso: string, idleSinceIso: string, dryRun: boolean): Promise<number> {
  const stale = (eb: ExpressionBuilder<DB, 'customer_sessions'>) => eb.or([eb('expires_at', '<=', cutoffIso), eb('last_seen_at', '<=', idleSinceIso)]);
  if (dryRun) return Number((await db.selectFrom('customer_sessions').select((eb) => eb.fn.countAll<number>().as('n')).where(stale).executeTakeFirstOrThrow()).n);
  return affected(await db.deleteFrom('customer_sessions').where(stale).executeTakeFirst());
}

/** Retention: links expired before the cutoff, used or not; counted, or deleted. */
export async function expiredLinks(db: Db, cutoffIso: string, dryRun: boolean): Promise<number> {
  if (dryRun) return Number((await db.selectFrom('customer_sign_in_links').select((eb) => eb.fn.countAll<number>().as('n')).where('expires_at', '<=', cutoffIso).executeTakeFirstOrThrow()).n);
  return affected(await db.deleteFrom('customer_sign_in_links').where('expires_at', '<=', cutoffIso).executeTakeFirst());
}

/** One person's links and sessions (the register's port): what they are, never the token's hash. */
export async function selectPersonalAccess(db: Db, customerId: string) {
  const [links, sessions] = await Promise.all([
    db.selectFrom('customer_sign_in_links').select(['created_at', 'expires_at', 'used_at']).where('customer_id', '=', customerId).orderBy('created_at').execute(),
    db.selectFrom('customer_sessions').select(['created_at', 'last_seen_at', 'expires_at']).where('customer_id', '=', customerId).orderBy('created_at').execute(),
  ]);
  return { links, sessions };
}

/** Signs the person out everywhere and voids their links: nothing of theirs can sign in again. */
export async function deletePersonalAccess(db: Db, customerId: string): Promise<{ links: number; sessions: number }> {
  const sessions = affected(await db.deleteFrom('customer_sessions').where('customer_id', '=', customerId).executeTakeFirst());
  const links = affected(await db.deleteFrom('customer_sign_in_links').where('customer_id', '=', customerId).executeTakeFirst());
  return { links, sessions };
}

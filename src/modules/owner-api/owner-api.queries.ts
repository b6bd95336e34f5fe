import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ApiKey } from './owner-api.model.js';
import type { ApiKeysTable } from './owner-api.tables.js';

export type { ApiKey };

type Db = Kysely<DB>;


const toKey = (row: Selectable<ApiKeysTable>): ApiKey => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  prefix: row.prefix,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

export async function insertKey(db: Db, row: ApiKeysTable): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

export async function selectKeyByHash(db: Db, hash: string): Promise<ApiKey | undefined> {
  const row = await db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
  return row && toKey(row);
}

export async function selectKeys(db: Db): Promise<ApiKey[]> {
  return (await db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').orderBy('id').execute()).map(toKey);
}

export async function revokeKey(db: Db, id: string, atIso: string): Promise<boolean> {
  const result = await db.updateTable('api_keys').set({ revoked_at: atIso }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function keyExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('api_keys').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function touchKey(db: Db, id: string, atIso: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: atIso }).where('id', '=', id).execute();
}

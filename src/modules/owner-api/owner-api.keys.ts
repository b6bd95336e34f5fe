import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { validate } from '../../platform/http/validation.js';
import { newId, sha256Hex } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { ownerApiErrors } from './owner-api.errors.js';
import * as queries from './owner-api.queries.js';
import { apiKeyFormSchema, ownerApiValidationTexts } from './owner-api.schemas.js';

/** "Last used" is written at most once a minute per key: a busy tool does not turn every read into a write. */
const TOUCH_EVERY_MS = 60_000;

export type ApiKeysService = ReturnType<typeof createApiKeysService>;

/**
 * The owner's API keys: made in the back office or with the CLI, shown once (`wsk_…`), kept only
 * as their SHA-256, revocable; each request checks the key and notes when it was last used.
 */
export function createApiKeysService({ database, clock }: { database: Database; clock: Clock }) {
  return {
    async create(input: unknown, locale: Locale): Promise<{ key: string; id: string; name: string; scope: 'read' | 'write' }> {
      const { name, scope } = validate(apiKeyFormSchema, input, locale, ownerApiValidationTexts);
      const key = `wsk_${randomBytes(32).toString('base64url')}`;
      const id = newId();
      await queries.insertKey(database.db, { id, name, scope, key_hash: sha256Hex(key), prefix: key.slice(0, 10), created_at: clock.now().toISOString(), last_used_at: null, revoked_at: null });
      return { key, id, name, scope };
    },
    list: () => queries.selectKeys(database.db),
    async revoke(id: string): Promise<void> {
      if (!(await queries.keyExists(database.db, id))) throw ownerApiErrors.API_KEY_NOT_FOUND();
      await queries.revokeKey(database.db, id, clock.now().toISOString());
    },
    /** The live key `presented` is, or undefined (unknown or revoked). */
    async verify(presented: string): Promise<queries.ApiKey | undefined> {
      if (!/^wsk_[A-Za-z0-9_-]{20,100}$/.test(presented)) return undefined;
      const key = await queries.selectKeyByHash(database.db, sha256Hex(presented));
      if (!key || key.revokedAt) return undefined;
      const now = clock.now();
      if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) >= TOUCH_EVERY_MS) await queries.touchKey(database.db, key.id, now.toISOString());
      return key;
    },
  };
}

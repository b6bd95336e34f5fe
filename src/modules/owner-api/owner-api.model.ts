import type { ApiKeyScope } from './owner-api.tables.js';

/** An API key as the owner sees it: never the key itself. */
export interface ApiKey {
  id: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Table types of the owner-api module. */

export type ApiKeyScope = 'read' | 'write';

/** A key the owner made for one of their tools: only its SHA-256 is kept; the key itself is shown once. */
export interface ApiKeysTable {
  id: string;
  /** What the owner called it ("Comptabilité"): names a tool, not a person. */
  name: string;
  scope: ApiKeyScope;
  key_hash: string;
  /** The key's first characters, so that the owner recognises it in the list. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface OwnerApiTables {
  api_keys: ApiKeysTable;
}

/** Table types of the admin module: back-office accounts and their sessions. */

export interface AdminUsersTable {
  id: string;
  email: string;
  /** argon2id hash in PHC format. */
  password_hash: string;
  role: 'owner';
  created_at: string;
  last_login_at: string | null;
}

export interface AdminSessionsTable {
  /** SHA-256 of the session cookie's token: a copy of the database opens no session. */
  id: string;
  admin_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface AdminSetupTokensTable {
  /** SHA-256 of the one-time owner-setup token printed at start. */
  token_hash: string;
  created_at: string;
  expires_at: string;
}

export interface AdminTables {
  admin_users: AdminUsersTable;
  admin_sessions: AdminSessionsTable;
  admin_setup_tokens: AdminSetupTokensTable;
}

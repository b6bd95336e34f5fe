/** Table types of the admin module: back-office accounts, their sessions, and the one-time links around them. */

export type AdminRole = 'owner' | 'staff';

export interface AdminUsersTable {
  id: string;
  email: string;
  /** argon2id hash in PHC format. */
  password_hash: string;
  role: AdminRole;
  created_at: string;
  last_login_at: string | null;
  /** The TOTP secret, AES-256-GCM under a key derived from SECRET_KEY (platform/encryption.ts); set while enrolling too. */
  totp_secret: string | null;
  /** When the second factor was confirmed by a first code; null: not enabled (a secret alone is an enrolment under way). */
  totp_enabled_at: string | null;
  /** The last time step whose code was accepted: that code, and any earlier one, is refused. */
  totp_last_step: number | null;
  /** Wrong second-factor codes in a row, across logins. */
  code_failures: number;
  code_locked_until: string | null;
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

export interface AdminRecoveryCodesTable {
  admin_id: string;
  /** SHA-256 of the normalised code; deleted once used. */
  code_hash: string;
  created_at: string;
}

export interface AdminInvitationsTable {
  id: string;
  /** SHA-256 of the token in the invitation link. */
  token_hash: string;
  email: string;
  role: AdminRole;
  invited_by: string;
  created_at: string;
  expires_at: string;
}

export interface AdminPasswordResetsTable {
  /** SHA-256 of the token in the reset link. */
  token_hash: string;
  admin_id: string;
  created_at: string;
  expires_at: string;
}

/** A login whose password was right and that waits for its second-factor code. */
export interface AdminLoginChallengesTable {
  /** SHA-256 of the token in the challenge cookie. */
  id: string;
  admin_id: string;
  attempts: number;
  created_at: string;
  expires_at: string;
}

export interface AdminTables {
  admin_users: AdminUsersTable;
  admin_sessions: AdminSessionsTable;
  admin_setup_tokens: AdminSetupTokensTable;
  admin_recovery_codes: AdminRecoveryCodesTable;
  admin_invitations: AdminInvitationsTable;
  admin_password_resets: AdminPasswordResetsTable;
  admin_login_challenges: AdminLoginChallengesTable;
}

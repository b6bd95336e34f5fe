/** The admin module's domain types, shared by its queries, services and views. */
import type { AdminRole } from './admin.tables.js';

export type { AdminRole };

export interface AdminAccount {
  id: string;
  email: string;
  role: AdminRole;
  /** The second factor is on: a login asks for a code after the password. */
  twoFactor: boolean;
}

/** A member as the team page lists them. */
export interface TeamMember extends AdminAccount {
  createdAt: string;
  lastLoginAt: string | null;
}

/** An invitation waiting to be accepted. */
export interface Invitation {
  id: string;
  email: string;
  role: AdminRole;
  createdAt: string;
  expiresAt: string;
}

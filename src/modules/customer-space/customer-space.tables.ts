/** Table types of the customer-space module: the sign-in links mailed to customers and their sessions. */

export interface CustomerSignInLinksTable {
  /** SHA-256 of the link's token: a copy of the database signs nobody in. */
  token_hash: string;
  customer_id: string;
  created_at: string;
  /** 15 minutes after created_at. */
  expires_at: string;
  /** When it signed the customer in; a link serves once. */
  used_at: string | null;
}

export interface CustomerSessionsTable {
  /** SHA-256 of the session cookie's token. */
  id: string;
  customer_id: string;
  created_at: string;
  last_seen_at: string;
  /** The longest a session lasts, however active (idle sessions end sooner). */
  expires_at: string;
}

export interface CustomerSpaceTables {
  customer_sign_in_links: CustomerSignInLinksTable;
  customer_sessions: CustomerSessionsTable;
}

import type { Database } from '../../db/database.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import { paths } from '../../platform/http/paths.js';
import { validate } from '../../platform/http/validation.js';
import { randomToken, safeEqual, sha256Hex, sign } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { CustomersService } from '../customers/index.js';
import type { OutboxService } from '../outbox/index.js';
import { customerSpaceErrors } from './customer-space.errors.js';
import { signInMail } from './customer-space.mails.js';
import * as queries from './customer-space.queries.js';
import { customerSpaceValidationTexts, signInRequestSchema } from './customer-space.schemas.js';

const MINUTE = 60_000;
/** A sign-in link is valid 15 minutes, once. */
export const LINK_MINUTES = 15;
/** A session ends after 30 minutes without a request, and 4 hours after sign-in whatever happens. */
export const SESSION_IDLE_MS = 30 * MINUTE;
export const SESSION_MAX_MS = 4 * 60 * MINUTE;
/** The idle clock is written at most once a minute, not on every request. */
const SESSION_TOUCH_MS = MINUTE;
/** Links mailed to one address in an hour; beyond, the answer is the same but no mail goes (nobody can flood a mailbox). */
export const LINKS_PER_ADDRESS_PER_HOUR = 5;

export interface CustomerSpaceDeps {
  database: Database;
  clock: Clock;
  customers: CustomersService;
  outbox: OutboxService;
  /** The business profile in force (the settings module's, current at each call). */
  business: () => BusinessProfile;
  baseUrl: string;
  secretKey: string;
}

/** A signed-in customer: who, and the session (its id, the SHA-256 of the cookie's token) that CSRF tokens are bound to. */
export interface CustomerSession {
  customerId: string;
  sessionId: string;
}

export type CustomerSpaceService = ReturnType<typeof createCustomerSpaceService>;

/**
 * The customer's way in: a link by mail (no password to forget), then a short server-side session.
 * Only hashes of the link's and the cookie's tokens are stored.
 */
export function createCustomerSpaceService(deps: CustomerSpaceDeps) {
  const { database, clock, customers, outbox, business } = deps;
  const { db } = database;

  return {
    /**
     * Mails a sign-in link when the address belongs to a customer, within the per-address limit.
     * The caller answers the same whatever happened here; only a malformed address is refused.
     */
    async requestLink(input: unknown, locale: Locale): Promise<void> {
      const { email } = validate(signInRequestSchema, input, locale, customerSpaceValidationTexts);
      const customer = await customers.byEmail(email);
      if (!customer) return;
      const now = clock.now();
      if ((await queries.countLinksSince(db, customer.id, new Date(now.getTime() - 60 * MINUTE).toISOString())) >= LINKS_PER_ADDRESS_PER_HOUR) return;
      const token = randomToken(32);
      const url = `${deps.baseUrl}${paths.customerSpaceSignIn(locale, token)}`;
      const mail = signInMail({ customer, url, business: business(), locale, minutes: LINK_MINUTES });
      await inSerializableTransaction(database, async (trx) => {
        await queries.insertLink(trx, { tokenHash: sha256Hex(token), customerId: customer.id, at: now.toISOString(), expiresAt: new Date(now.getTime() + LINK_MINUTES * MINUTE).toISOString() });
        await outbox.enqueue(trx, { kind: 'customer-sign-in', category: 'transactional', recipient: customer.email, locale, ...mail, eraseAfterSending: true });
      });
      outbox.wake();
    },

    /** Whether a link would still sign in (its page shows the button, or says why not); spends nothing. */
    linkIsLive: (token: string) => queries.linkIsLive(db, sha256Hex(token), clock.now().toISOString()),

    /** Spends the link and opens a session; returns the session cookie's token. Used, expired or forged: SIGN_IN_LINK_INVALID. */
    async signIn(token: string): Promise<string> {
      const sessionToken = randomToken(32);
      await inSerializableTransaction(database, async (trx) => {
        const now = clock.now();
        const customerId = await queries.spendLink(trx, sha256Hex(token), now.toISOString());
        if (!customerId) throw customerSpaceErrors.SIGN_IN_LINK_INVALID();
        await queries.insertSession(trx, { id: sha256Hex(sessionToken), customerId, at: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_MAX_MS).toISOString() });
      });
      return sessionToken;
    },

    /** The customer behind a session cookie while the session lives (30 minutes idle, 4 hours at most); each use restarts the idle clock. */
    async sessionOf(token: string): Promise<CustomerSession | undefined> {
      const now = clock.now();
      const id = sha256Hex(token);
      const session = await queries.selectLiveSession(db, id, now.toISOString(), new Date(now.getTime() - SESSION_IDLE_MS).toISOString());
      if (!session) return undefined;
      if (now.getTime() - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_MS) await queries.touchSession(db, id, now.toISOString());
      return { customerId: session.customerId, sessionId: id };
    },

    signOut: (token: string) => queries.deleteSession(db, sha256Hex(token)),

    /** The CSRF token of the space's forms: an HMAC of the session's id, valid for that session only. */
    csrfToken: (session: CustomerSession) => sign(deps.secretKey, `customer-csrf:${session.sessionId}`, 43),
    csrfTokenIsValid(session: CustomerSession, token: unknown): boolean {
      return typeof token === 'string' && safeEqual(token, sign(deps.secretKey, `customer-csrf:${session.sessionId}`, 43));
    },
  };
}

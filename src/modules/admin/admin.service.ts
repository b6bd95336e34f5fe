import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { validate } from '../../platform/http/validation.js';
import { newId, randomToken, sha256Hex } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { adminErrors, adminFieldMessages } from './admin.errors.js';
import { hashPassword, openSession, SESSION_IDLE_MS, verifyPassword } from './admin.passwords.js';
import * as queries from './admin.queries.js';
import { adminValidationTexts, credentialsSchema, newAccountSchema, passwordChangeSchema } from './admin.schemas.js';
import type { AdminRole } from './admin.tables.js';
import * as teamQueries from './team.queries.js';
import * as twoFactorQueries from './two-factor.queries.js';

export { SESSION_IDLE_MS, SESSION_MAX_MS } from './admin.passwords.js';
const SESSION_TOUCH_MS = 5 * 60_000;
const SETUP_TOKEN_MS = 24 * 3_600_000;
/** A login whose password was right waits this long for its code. */
export const LOGIN_CHALLENGE_MS = 5 * 60_000;

export type AdminService = ReturnType<typeof createAdminService>;
export type { AdminAccount, TeamMember } from './admin.queries.js';
export type { AdminRole } from './admin.tables.js';

/** What a right password opens: a session, or (second factor on) a challenge that waits for the code. */
export type LoginOutcome = { kind: 'session'; token: string } | { kind: 'challenge'; token: string };

export function createAdminService({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function createAccount(input: unknown, locale: Locale, role: AdminRole = 'owner') {
    const { email, password } = validate(newAccountSchema, input, locale, adminValidationTexts);
    const id = newId();
    try {
      await queries.insertAdmin(db, { id, email, role, passwordHash: await hashPassword(password), createdAt: clock.now().toISOString() });
    } catch (error) {
      if (isUniqueViolation(error)) throw adminErrors.EMAIL_TAKEN();
      throw error;
    }
    return { id, email };
  }

  return {
    hasAnyAdmin: async () => (await queries.countAdmins(db)) > 0,
    createAccount,

    /** Checks the credentials; opens a session, or a challenge when the account has a second factor. */
    async login(input: unknown, locale: Locale): Promise<LoginOutcome> {
      const { email, password } = validate(credentialsSchema, input, locale, adminValidationTexts);
      const admin = await queries.selectAdminByEmail(db, email);
      if (!(await verifyPassword(admin?.passwordHash, password)) || !admin) throw adminErrors.INVALID_CREDENTIALS();
      if (!admin.twoFactor) return { kind: 'session', token: await openSession(db, clock, admin.id) };
      const token = randomToken(32);
      const now = clock.now();
      await twoFactorQueries.insertChallenge(db, { id: sha256Hex(token), adminId: admin.id, at: now.toISOString(), expiresAt: new Date(now.getTime() + LOGIN_CHALLENGE_MS).toISOString() });
      return { kind: 'challenge', token };
    },

    /** The account behind a session cookie, if the session is still alive. */
    async accountForSession(token: string): Promise<queries.AdminAccount | undefined> {
      const now = clock.now();
      const id = sha256Hex(token);
      const session = await queries.selectLiveSession(db, id, now.toISOString(), new Date(now.getTime() - SESSION_IDLE_MS).toISOString());
      if (!session) return undefined;
      // Sliding idle timeout, written at most every five minutes rather than on every request.
      if (now.getTime() - Date.parse(session.lastSeenAt) > SESSION_TOUCH_MS) await queries.touchSession(db, id, now.toISOString());
      const { lastSeenAt: _, ...account } = session;
      return account;
    },

    /** The owner requires a second factor of every member (the team page's switch). */
    twoFactorRequired: () => teamQueries.selectTwoFactorRequired(db),

    logout: (token: string) => queries.deleteSession(db, sha256Hex(token)),

    /** Sets a new password after checking the current one; every other session of the account ends. */
    async changePassword(account: queries.AdminAccount, sessionToken: string, input: unknown, locale: Locale): Promise<void> {
      const { currentPassword, password } = validate(passwordChangeSchema, input, locale, adminValidationTexts);
      const stored = await queries.selectAdminById(db, account.id);
      if (!(await verifyPassword(stored?.passwordHash, currentPassword))) throw new ValidationFailed([adminFieldMessages.WRONG_CURRENT_PASSWORD(locale)]);
      const passwordHash = await hashPassword(password);
      await inSerializableTransaction(database, async (trx) => {
        await queries.updatePasswordHash(trx, account.id, passwordHash);
        await queries.deleteOtherSessions(trx, account.id, sha256Hex(sessionToken));
        await teamQueries.deletePasswordResetsOf(trx, account.id);
        await twoFactorQueries.deleteChallengesOf(trx, account.id);
      });
    },

    /** A one-time link to create the owner account, printed in the console while no account exists. */
    async issueSetupToken(): Promise<string> {
      const token = randomToken(24);
      const now = clock.now();
      await queries.insertSetupToken(db, { tokenHash: sha256Hex(token), at: now.toISOString(), expiresAt: new Date(now.getTime() + SETUP_TOKEN_MS).toISOString() });
      return token;
    },

    async setupTokenIsValid(token: string): Promise<boolean> {
      return (await queries.setupTokenIsLive(db, sha256Hex(token), clock.now().toISOString())) && (await queries.countAdmins(db)) === 0;
    },

    /** Creates the owner from a setup link, spends every setup link, and logs the owner in. */
    async completeSetup(token: string, input: unknown, locale: Locale): Promise<string> {
      const tokenHash = sha256Hex(token);
      if (!(await queries.setupTokenIsLive(db, tokenHash, clock.now().toISOString())) || (await queries.countAdmins(db)) > 0) {
        throw adminErrors.SETUP_LINK_INVALID();
      }
      const { email, password } = validate(newAccountSchema, input, locale, adminValidationTexts);
      const passwordHash = await hashPassword(password);
      const id = newId();
      // The checks above ran before the slow hash: two submissions of the link (a double click, two people)
      // both pass them. Spending the link and creating the owner in one transaction lets only one through.
      await inSerializableTransaction(database, async (trx) => {
        const now = clock.now().toISOString();
        if (!(await queries.spendSetupToken(trx, tokenHash, now)) || (await queries.countAdmins(trx)) > 0) throw adminErrors.SETUP_LINK_INVALID();
        await queries.insertAdmin(trx, { id, email, passwordHash, createdAt: now, role: 'owner' });
        await queries.deleteSetupTokens(trx);
      });
      return openSession(db, clock, id);
    },

    /** CLI: create an account (owner unless told), or set a new password when the account exists (its role unchanged). */
    async createOrResetAccount(input: unknown, locale: Locale, role: AdminRole = 'owner'): Promise<'created' | 'updated'> {
      const { email, password } = validate(newAccountSchema, input, locale, adminValidationTexts);
      const existing = await queries.selectAdminByEmail(db, email);
      if (!existing) {
        await createAccount({ email, password }, locale, role);
        return 'created';
      }
      await queries.updatePasswordHash(db, existing.id, await hashPassword(password));
      // A new password ends every session opened with the old one (it may have been stolen).
      await queries.deleteSessionsOf(db, existing.id);
      await twoFactorQueries.deleteChallengesOf(db, existing.id);
      await teamQueries.deletePasswordResetsOf(db, existing.id);
      return 'updated';
    },
  };
}

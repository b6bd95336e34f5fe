import { hash, verify, type Options as Argon2Options } from '@node-rs/argon2';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { validate } from '../../platform/http/validation.js';
import { newId, randomToken, sha256Hex } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { adminErrors } from './admin.errors.js';
import * as queries from './admin.queries.js';
import { adminValidationTexts, credentialsSchema, newAccountSchema } from './admin.schemas.js';

/** OWASP's argon2id minimum: 19 MiB, two passes, one lane. */
// Algorithm 2 is argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const ARGON2_OPTIONS: Argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** A session ends after 12 hours without use, and after 7 days whatever happens. */
export const SESSION_IDLE_MS = 12 * 3_600_000;
export const SESSION_MAX_MS = 7 * 24 * 3_600_000;
const SESSION_TOUCH_MS = 5 * 60_000;
const SETUP_TOKEN_MS = 24 * 3_600_000;

export type AdminService = ReturnType<typeof createAdminService>;
export type { AdminAccount } from './admin.queries.js';

export function createAdminService({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;
  // Verified when the e-mail is unknown, so that a wrong e-mail and a wrong password take the same time.
  const decoyHash = hash('decoy password that matches nothing', ARGON2_OPTIONS);

  async function createAccount(input: unknown, locale: Locale) {
    const { email, password } = validate(newAccountSchema, input, locale, adminValidationTexts);
    const id = newId();
    try {
      await queries.insertAdmin(db, { id, email, passwordHash: await hash(password, ARGON2_OPTIONS), createdAt: clock.now().toISOString() });
    } catch (error) {
      if (isUniqueViolation(error)) throw adminErrors.EMAIL_TAKEN();
      throw error;
    }
    return { id, email };
  }

  async function openSession(adminId: string): Promise<string> {
    const token = randomToken(32);
    const now = clock.now();
    await queries.insertSession(db, {
      id: sha256Hex(token),
      adminId,
      at: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_MAX_MS).toISOString(),
    });
    await queries.recordLogin(db, adminId, now.toISOString());
    return token;
  }

  return {
    hasAnyAdmin: async () => (await queries.countAdmins(db)) > 0,
    createAccount,

    /** Checks the credentials and opens a session; returns the session cookie's token. */
    async login(input: unknown, locale: Locale): Promise<string> {
      const { email, password } = validate(credentialsSchema, input, locale, adminValidationTexts);
      const admin = await queries.selectAdminByEmail(db, email);
      const valid = await verify(admin?.passwordHash ?? (await decoyHash), password).catch(() => false);
      if (!admin || !valid) throw adminErrors.INVALID_CREDENTIALS();
      return openSession(admin.id);
    },

    /** The account behind a session cookie, if the session is still alive. */
    async accountForSession(token: string): Promise<queries.AdminAccount | undefined> {
      const now = clock.now();
      const id = sha256Hex(token);
      const session = await queries.selectLiveSession(db, id, now.toISOString(), new Date(now.getTime() - SESSION_IDLE_MS).toISOString());
      if (!session) return undefined;
      // Sliding idle timeout, written at most every five minutes rather than on every request.
      if (now.getTime() - Date.parse(session.lastSeenAt) > SESSION_TOUCH_MS) await queries.touchSession(db, id, now.toISOString());
      return { id: session.id, email: session.email, role: session.role };
    },

    logout: (token: string) => queries.deleteSession(db, sha256Hex(token)),

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
      const passwordHash = await hash(password, ARGON2_OPTIONS);
      const id = newId();
      // The checks above ran before the slow hash: two submissions of the link (a double click, two people)
      // both pass them. Spending the link and creating the owner in one transaction lets only one through.
      await inSerializableTransaction(database, async (trx) => {
        const now = clock.now().toISOString();
        if (!(await queries.spendSetupToken(trx, tokenHash, now)) || (await queries.countAdmins(trx)) > 0) throw adminErrors.SETUP_LINK_INVALID();
        await queries.insertAdmin(trx, { id, email, passwordHash, createdAt: now });
        await queries.deleteSetupTokens(trx);
      });
      return openSession(id);
    },

    /** CLI: create an account, or set a new password when the account exists. */
    async createOrResetAccount(input: unknown, locale: Locale): Promise<'created' | 'updated'> {
      const { email, password } = validate(newAccountSchema, input, locale, adminValidationTexts);
      const existing = await queries.selectAdminByEmail(db, email);
      if (!existing) {
        await createAccount({ email, password }, locale);
        return 'created';
      }
      await queries.updatePasswordHash(db, existing.id, await hash(password, ARGON2_OPTIONS));
      // A new password ends every session opened with the old one (it may have been stolen).
      await queries.deleteSessionsOf(db, existing.id);
      return 'updated';
    },
  };
}

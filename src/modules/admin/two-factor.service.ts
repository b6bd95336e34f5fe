import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Database } from '../../db/database.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { createSealer } from '../../platform/encryption.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { validate } from '../../platform/http/validation.js';
import { randomCode, sha256Hex } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { adminErrors, adminFieldMessages } from './admin.errors.js';
import { openSession, verifyPassword } from './admin.passwords.js';
import * as queries from './admin.queries.js';
import { adminValidationTexts, codeSchema, passwordSchema } from './admin.schemas.js';
import * as teamQueries from './team.queries.js';
import * as twoFactorQueries from './two-factor.queries.js';

/** RFC 6238 as every authenticator app reads it: SHA-1, six digits, 30-second steps. */
const PERIOD_S = 30;
/** One step either side of now: a phone clock a little off, a code typed as it changed. */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes one login may take before the password must be typed again. */
export const CHALLENGE_MAX_ATTEMPTS = 5;
/** Wrong codes in a row, across logins, after which code entry is locked for a while. */
export const CODES_LOCK_AFTER = 10;
export const CODES_LOCK_MS = 15 * 60_000;

/** A recovery code as typed: case, spaces and dashes ignored, and the letters Crockford's base32 reads as digits. */
export function normaliseRecoveryCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

const recoveryHash = (code: string) => sha256Hex(`recovery-code:${normaliseRecoveryCode(code)}`);

export interface Enrolment {
  /** The secret in base32, for typing by hand. */
  secret: string;
  uri: string;
  /** The QR code of `uri`: an SVG image as a data: URI, made here, so the page needs no script. */
  qrDataUri: string;
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;

/** Optional TOTP second factor: enrolment with a QR code, recovery codes, the login's second step. */
export function createTwoFactorService({ database, clock, secretKey, issuer }: { database: Database; clock: Clock; secretKey: string; issuer: () => string }) {
  const { db } = database;
  const sealer = createSealer(secretKey, 'admin-totp-secret');

  function totp(secret: string, label: string) {
    return new TOTP({ issuer: issuer(), label, algorithm: 'SHA1', digits: 6, period: PERIOD_S, secret: Secret.fromBase32(secret) });
  }

  async function secretOf(adminId: string): Promise<{ secret: string | undefined; enabled: boolean; lockedUntil: string | null }> {
    const state = await twoFactorQueries.selectTotpState(db, adminId);
    const secret = state?.sealedSecret ? sealer.open(state.sealedSecret, adminId) : undefined;
    return { secret, enabled: Boolean(state?.enabledAt), lockedUntil: state?.codeLockedUntil ?? null };
  }

  /** The time step of a valid code, or undefined; `claim` then records it, so that the same code never works twice. */
  async function acceptCode(adminId: string, email: string, secret: string, code: string): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return false;
    const now = clock.now().getTime();
    const delta = totp(secret, email).validate({ token: code, timestamp: now, window: WINDOW });
    if (delta === null) return false;
    return twoFactorQueries.claimStep(db, adminId, Math.floor(now / 1000 / PERIOD_S) + delta);
  }

  async function newRecoveryCodes(trx: Parameters<typeof twoFactorQueries.replaceRecoveryCodes>[0], adminId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const code = randomCode(10);
      return `${code.slice(0, 5)}-${code.slice(5)}`;
    });
    await twoFactorQueries.replaceRecoveryCodes(trx, adminId, codes.map(recoveryHash), clock.now().toISOString());
    return codes;
  }

  return {
    async status(account: queries.AdminAccount): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
      return { enabled: account.twoFactor, recoveryCodesLeft: account.twoFactor ? await twoFactorQueries.countRecoveryCodes(db, account.id) : 0 };
    },

    /** The secret to scan: the one of the enrolment under way, or a new one. */
    async enrolment(account: queries.AdminAccount): Promise<Enrolment> {
      const current = await secretOf(account.id);
      if (current.enabled) throw adminErrors.TWO_FACTOR_NOT_ENROLLING();
      let secret = current.secret;
      if (!secret) {
        secret = new Secret({ size: 20 }).base32;
        await twoFactorQueries.setPendingSecret(db, account.id, sealer.seal(secret, account.id));
      }
      const uri = totp(secret, account.email).toString();
      const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret, uri, qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
    },

    /**
     * Turns the second factor on once a first code proves the app has the secret; returns the ten
     * recovery codes, to show once (only their hashes are kept). Every other session ends.
     */
    async confirm(account: queries.AdminAccount, sessionToken: string, input: unknown, locale: Locale): Promise<string[]> {
      const { code } = validate(codeSchema, input, locale, adminValidationTexts);
      const current = await secretOf(account.id);
      if (current.enabled) throw adminErrors.TWO_FACTOR_NOT_ENROLLING();
      if (!current.secret || !(await acceptCode(account.id, account.email, current.secret, code))) {
        throw new ValidationFailed([adminFieldMessages.WRONG_ENROLMENT_CODE(locale)]);
      }
      return inSerializableTransaction(database, async (trx) => {
        await twoFactorQueries.enableTotp(trx, account.id, clock.now().toISOString());
        await queries.deleteOtherSessions(trx, account.id, sha256Hex(sessionToken));
        return newRecoveryCodes(trx, account.id);
      });
    },

    /** Turns the second factor off, the password confirming it; refused while the owner requires it. */
    async disable(account: queries.AdminAccount, input: unknown, locale: Locale): Promise<void> {
      const { password } = validate(passwordSchema, input, locale, adminValidationTexts);
      const stored = await queries.selectAdminById(db, account.id);
      if (!(await verifyPassword(stored?.passwordHash, password))) throw new ValidationFailed([adminFieldMessages.WRONG_PASSWORD(locale)]);
      if (await teamQueries.selectTwoFactorRequired(db)) throw adminErrors.TWO_FACTOR_REQUIRED();
      await twoFactorQueries.disableTotp(db, account.id);
    },

    challengeIsLive: async (token: string) => (await twoFactorQueries.selectLiveChallenge(db, sha256Hex(token), clock.now().toISOString())) !== undefined,

    /**
     * The login's second step: a code of the app (each time step once) or a recovery code (each
     * once). Five wrong codes end the challenge; ten in a row, across logins, lock code entry for
     * 15 minutes. Returns the new session's token.
     */
    async completeLogin(challengeToken: string, input: unknown, locale: Locale): Promise<string> {
      const challengeId = sha256Hex(challengeToken);
      const now = clock.now();
      const challenge = await twoFactorQueries.selectLiveChallenge(db, challengeId, now.toISOString());
      if (!challenge || challenge.attempts >= CHALLENGE_MAX_ATTEMPTS) throw adminErrors.LOGIN_CODE_EXPIRED();
      const { code } = validate(codeSchema, input, locale, adminValidationTexts);
      const account = await queries.selectAdminById(db, challenge.adminId);
      if (!account) throw adminErrors.LOGIN_CODE_EXPIRED();
      const { secret, lockedUntil } = await secretOf(account.id);
      if (lockedUntil && Date.parse(lockedUntil) > now.getTime()) throw adminErrors.CODES_LOCKED();

      const accepted =
        (secret !== undefined && (await acceptCode(account.id, account.email, secret, code))) ||
        (!/^\d{6}$/.test(code) && (await twoFactorQueries.spendRecoveryCode(db, account.id, recoveryHash(code))));
      if (!accepted) {
        await twoFactorQueries.countChallengeAttempt(db, challengeId);
        await twoFactorQueries.recordCodeFailure(db, account.id, CODES_LOCK_AFTER, new Date(now.getTime() + CODES_LOCK_MS).toISOString());
        if (challenge.attempts + 1 >= CHALLENGE_MAX_ATTEMPTS) {
          await twoFactorQueries.deleteChallenge(db, challengeId);
          throw adminErrors.LOGIN_CODE_EXPIRED();
        }
        throw new ValidationFailed([adminFieldMessages.WRONG_CODE(locale)]);
      }
      if (!(await twoFactorQueries.deleteChallenge(db, challengeId))) throw adminErrors.LOGIN_CODE_EXPIRED();
      await twoFactorQueries.resetCodeFailures(db, account.id);
      return openSession(db, clock, account.id);
    },
  };
}

import { hash, verify, type Options as Argon2Options } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { randomToken, sha256Hex } from '../../platform/ids.js';
import * as queries from './admin.queries.js';

/** OWASP's argon2id minimum: 19 MiB, two passes, one lane. */
// Algorithm 2 is argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const ARGON2_OPTIONS: Argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, ARGON2_OPTIONS);

// Verified when there is no account, so that an unknown e-mail and a wrong password take the same time.
let decoy: Promise<string> | undefined;

/** Checks a password against a hash, or against a decoy when there is none (the same work either way). */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  decoy ??= hashPassword('decoy password that matches nothing');
  const valid = await verify(passwordHash ?? (await decoy), password).catch(() => false);
  return passwordHash !== undefined && valid;
}

/** A session ends after 12 hours without use, and after 7 days whatever happens. */
export const SESSION_IDLE_MS = 12 * 3_600_000;
export const SESSION_MAX_MS = 7 * 24 * 3_600_000;

/** Opens a session for an account and returns the cookie's token (the table keeps only its SHA-256). */
export async function openSession(db: Kysely<DB>, clock: Clock, adminId: string): Promise<string> {
  const token = randomToken(32);
  const now = clock.now();
  await queries.insertSession(db, { id: sha256Hex(token), adminId, at: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_MAX_MS).toISOString() });
  await queries.recordLogin(db, adminId, now.toISOString());
  return token;
}

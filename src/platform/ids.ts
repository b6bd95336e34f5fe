import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/**
 * Primary keys: UUIDv7 (RFC 9562), portable text on both databases. Their first 48 bits are
 * the creation time, so new rows land at the end of the primary-key index instead of at a
 * random page: fewer pages written per commit. They are ids, never secrets.
 */
export function newId(): string {
  return uuidv7();
}

// Crockford's base32: no I, L, O or U, so a reference read over the phone is not misheard.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random code of `length` Crockford base32 characters (5 bits each). */
export function randomCode(length: number): string {
  const bytes = randomBytes(length);
  let code = '';
  for (let i = 0; i < length; i++) code += CROCKFORD[bytes[i]! & 31];
  return code;
}

/** A random URL-safe token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** An HMAC of `message` under the installation's secret key, URL-safe. */
export function sign(secretKey: string, message: string, length = 32): string {
  return createHmac('sha256', secretKey).update(message).digest('base64url').slice(0, length);
}

/** Compares two strings in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

import { createHmac, hkdfSync } from 'node:crypto';

/**
 * The keyed hash under which this module keeps addresses: HMAC-SHA256 with a key derived from
 * SECRET_KEY by HKDF for this one purpose. Without the key, a copy of the database cannot test a
 * guessed address against the suppression list (a plain hash could be reversed by trying common
 * addresses). Changing SECRET_KEY makes the stored hashes match nothing (docs/configuration.md).
 */
export function createAddressHasher(secretKey: string) {
  const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'wservices:restrictions:address', 32));
  return (email: string): string => createHmac('sha256', key).update(normaliseAddress(email), 'utf8').digest('base64url');
}

export type AddressHasher = ReturnType<typeof createAddressHasher>;

/** One address, one hash: trimmed and lower-cased, as the customers module keeps one customer per address. */
export function normaliseAddress(email: string): string {
  return email.trim().toLowerCase();
}

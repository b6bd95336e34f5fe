import { createHmac, hkdfSync } from 'node:crypto';

/** Trimmed and lower-cased, as the customers module compares addresses. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A keyed fingerprint of an e-mail address (HMAC-SHA-256 under a key derived from SECRET_KEY by
 * HKDF for this one purpose): the privacy module can tell an address it erased when it comes
 * back, without keeping the address, and a copy of the database alone cannot be searched for
 * one. Changing SECRET_KEY makes the fingerprints kept so far unrecognisable.
 */
export function createSubjectHasher(secretKey: string) {
  const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'wservices:privacy-subjects', 32));
  return (email: string): string => createHmac('sha256', key).update(normaliseEmail(email), 'utf8').digest('hex');
}

export type SubjectHasher = ReturnType<typeof createSubjectHasher>;

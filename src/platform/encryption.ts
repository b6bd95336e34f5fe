import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const BYTES_VERSION = 1;

/**
 * Encrypts small secrets kept in the database (a TOTP secret) with AES-256-GCM, under a key
 * derived from SECRET_KEY by HKDF for one `purpose`: a copy of the database alone reveals none of
 * them. `context` (the row's id) is authenticated with each value, so that a value copied to
 * another row does not open there. Changing SECRET_KEY makes every stored value unreadable.
 */
export function createSealer(secretKey: string, purpose: string) {
  const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), `wservices:${purpose}`, 32));
  return {
    seal(plain: string, context: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    /** The plain value, or undefined when it was not sealed by this key for this context. */
    open(sealed: string, context: string): string | undefined {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== VERSION || !iv || body === undefined || !tag) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
    /** Bytes (an uploaded file) sealed as: the version byte, the 12-byte IV, the 16-byte tag, then the ciphertext. */
    sealBytes(plain: Buffer, context: string): Buffer {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.from([BYTES_VERSION]), iv, cipher.getAuthTag(), body]);
    },
    /** The plain bytes, or undefined when they were not sealed by this key for this context. */
    openBytes(sealed: Buffer, context: string): Buffer | undefined {
      if (sealed.length < 29 || sealed[0] !== BYTES_VERSION) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13)).setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(sealed.subarray(13, 29));
        return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
      } catch {
        return undefined;
      }
    },
  };
}

export type Sealer = ReturnType<typeof createSealer>;

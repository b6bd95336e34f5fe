import { describe, expect, it } from 'vitest';
import { createSealer } from './encryption.js';

describe('sealed bytes', () => {
  const sealer = createSealer('a-secret-key-for-this-test-0123456789abcdef', 'files');
  const plain = Buffer.from('%PDF-1.7 une pièce d’identité');

  it('hides the bytes and gives them back only to the same key, purpose and context', () => {
    const sealed = sealer.sealBytes(plain, 'request-1');
    expect(sealed.includes(Buffer.from('pièce'))).toBe(false);
    expect(sealer.openBytes(sealed, 'request-1')?.equals(plain)).toBe(true);
    expect(sealer.openBytes(sealed, 'request-2')).toBeUndefined();
    expect(createSealer('a-secret-key-for-this-test-0123456789abcdef', 'other').openBytes(sealed, 'request-1')).toBeUndefined();
    expect(createSealer('another-secret-key-0123456789abcdef0123456789', 'files').openBytes(sealed, 'request-1')).toBeUndefined();
  });

  it('refuses altered or truncated bytes, and seals the same bytes differently each time', () => {
    const sealed = sealer.sealBytes(plain, 'request-1');
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(sealer.openBytes(altered, 'request-1')).toBeUndefined();
    expect(sealer.openBytes(sealed.subarray(0, 20), 'request-1')).toBeUndefined();
    expect(sealer.sealBytes(plain, 'request-1').equals(sealed)).toBe(false);
  });
});

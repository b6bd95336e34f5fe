import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILE = 'secret-key';

/**
 * SECRET_KEY signs the customers' private links and the back office's cookies. When it is
 * not set, one is generated once and kept in DATA_DIR, so links survive restarts; several
 * instances must share it, hence the warning.
 */
export function resolveSecretKey(options: { secretKey: string | undefined; dataDir: string }, warn: (message: string) => void): string {
  if (options.secretKey) return options.secretKey;
  const file = path.join(options.dataDir, FILE);
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) {
      warn(`SECRET_KEY is not set: using the key generated earlier in ${file}. Set SECRET_KEY when running several instances.`);
      return stored;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const generated = randomBytes(32).toString('hex');
  // wx: if two processes start together, the second fails here and reads the first one's key.
  try {
    writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  warn(`SECRET_KEY is not set: generated one and stored it in ${file}. Keep this file (it signs booking links), or set SECRET_KEY.`);
  return generated;
}

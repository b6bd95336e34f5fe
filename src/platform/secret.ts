import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makePrivateDirectory, PRIVATE_FILE_MODE } from './private-files.js';

const FILE = 'secret-key';
const MIN_LENGTH = 32;

/** A stored key that cannot be used, or a DATA_DIR where none can be kept: the server must not start. */
export class SecretKeyError extends Error {}

/**
 * SECRET_KEY signs the customers' private links and the back office's cookies. When it is
 * not set, one is generated once and kept in DATA_DIR, so links survive restarts; several
 * instances must share it, hence the warning. A key file that exists but holds no usable key
 * stops the start: running with it would sign every link with a guessable key.
 */
export function resolveSecretKey(options: { secretKey: string | undefined; dataDir: string }, warn: (message: string) => void): string {
  if (options.secretKey) return options.secretKey;
  const file = path.join(options.dataDir, FILE);
  const reuse = (key: string) => {
    warn(`SECRET_KEY is not set: using the key generated earlier in ${file}. Set SECRET_KEY when running several instances.`);
    return key;
  };
  const stored = readStoredKey(file);
  if (stored !== undefined) return reuse(stored);

  const generated = randomBytes(32).toString('hex');
  try {
    makePrivateDirectory(options.dataDir);
    // wx: if two processes start together, the second fails here and reads the first one's key.
    writeFileSync(file, `${generated}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return reuse(waitForKeyWrittenByAnother(file));
    throw new SecretKeyError(`cannot store a generated secret key in ${file} (${(error as Error).message}); make DATA_DIR writable, or set SECRET_KEY`);
  }
  warn(`SECRET_KEY is not set: generated one and stored it in ${file}. Keep this file (it signs booking links), or set SECRET_KEY.`);
  return generated;
}

/** The stored key; undefined when there is no file. */
function readStoredKey(file: string, options: { allowShort?: boolean } = {}): string | undefined {
  let stored: string;
  try {
    stored = readFileSync(file, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new SecretKeyError(`cannot read the secret key in ${file} (${(error as Error).message}); make it readable, or set SECRET_KEY`);
  }
  if (stored.length >= MIN_LENGTH || options.allowShort) return stored;
  throw new SecretKeyError(
    `${file} holds no usable key (fewer than ${MIN_LENGTH} characters): delete it to generate a new one (booking links already sent will stop working), or set SECRET_KEY`,
  );
}

/** Another process created the file an instant ago: give it a moment to finish writing. */
function waitForKeyWrittenByAnother(file: string): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const stored = readStoredKey(file, { allowShort: true }) ?? '';
    if (stored.length >= MIN_LENGTH) return stored;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  return readStoredKey(file)!;
}

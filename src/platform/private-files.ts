import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';

/** Folders that hold customers' data (DATA_DIR, its mail/ folder): the owner only. */
export const PRIVATE_DIRECTORY_MODE = 0o700;
/** Files that hold customers' data or secrets (the database and its -wal/-shm, the key, .eml copies). */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates a folder (and its missing parents) that only the server's own user can read;
 * a folder that already exists keeps the mode its administrator gave it.
 */
export function makePrivateDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
}

/** Creates the file if it is missing and makes it readable and writable by the server's user only. */
export function makePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

import { rmSync } from 'node:fs';
import path from 'node:path';

/** The access archives' folder under DATA_DIR (0700; each zip 0600). */
export function accessArchiveDirectory(dataDir: string): string {
  return path.join(dataDir, 'privacy', 'access');
}

export function accessArchivePath(dataDir: string, file: string): string {
  return path.join(accessArchiveDirectory(dataDir), path.basename(file));
}

/** Removes the zips (a file already gone is not an error: the rows are what is left to delete). */
export function removeAccessArchiveFiles(dataDir: string, files: string[]): void {
  for (const file of files) rmSync(accessArchivePath(dataDir, file), { force: true });
}

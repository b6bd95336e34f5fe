import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { mailDirectory } from '../../platform/mail/transport.js';
import { normaliseAddress } from '../../platform/personal-data.js';

/**
 * The .eml copies the file transport writes under DATA_DIR/mail (when no SMTP server is
 * configured): one person's, found by the messages' ids and by the addresses in their
 * headers (a copy may outlive its row by a few hours), and the old ones, for the retention.
 */

export interface MailCopy {
  name: string;
  file: string;
}

async function copies(dataDir: string): Promise<MailCopy[]> {
  const directory = mailDirectory(dataDir);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter((name) => name.endsWith('.eml')).map((name) => ({ name, file: path.join(directory, name) }));
}

/** The addresses of a message's To, Cc and Reply-To headers, normalised; and its Message-ID. */
function headersOf(eml: Buffer): { addresses: string[]; messageId: string | undefined } {
  const text = eml.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  // Folded header lines continue with a space or a tab.
  const lines = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  const addresses: string[] = [];
  let messageId: string | undefined;
  for (const line of lines) {
    const [, name, value] = /^([A-Za-z-]+):\s*(.*)$/.exec(line) ?? [];
    if (!name || value === undefined) continue;
    const header = name.toLowerCase();
    if (header === 'to' || header === 'cc' || header === 'reply-to') {
      for (const match of value.matchAll(/[^\s<>,;:"()]+@[^\s<>,;:"()]+/g)) addresses.push(normaliseAddress(match[0]));
    } else if (header === 'message-id') messageId = value.trim();
  }
  return { addresses, messageId };
}

/** The copies of the given messages (by Message-ID) or addressed to (or replying to) one of `emails`. */
export async function personalMailCopies(dataDir: string, messageIds: readonly string[], emails: readonly string[]): Promise<(MailCopy & { content: Buffer })[]> {
  const ids = new Set(messageIds);
  const addresses = new Set(emails.map(normaliseAddress));
  const found: (MailCopy & { content: Buffer })[] = [];
  for (const copy of await copies(dataDir)) {
    let content: Buffer;
    try {
      content = await readFile(copy.file);
    } catch (error) {
      // Deleted meanwhile (the hourly clean-up): nothing left to find.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const headers = headersOf(content);
    if ((headers.messageId && ids.has(headers.messageId)) || headers.addresses.some((a) => addresses.has(a))) found.push({ ...copy, content });
  }
  return found;
}

export async function deleteMailCopies(found: readonly MailCopy[]): Promise<number> {
  let deleted = 0;
  for (const copy of found) {
    try {
      await unlink(copy.file);
      deleted++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return deleted;
}

/** Retention: the copies written before `before` (their file's time); counted, or deleted. */
export async function oldMailCopies(dataDir: string, before: Date, dryRun: boolean): Promise<number> {
  const old: MailCopy[] = [];
  for (const copy of await copies(dataDir)) {
    const written = await stat(copy.file).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    if (written !== undefined && written < before.getTime()) old.push(copy);
  }
  return dryRun ? old.length : deleteMailCopies(old);
}

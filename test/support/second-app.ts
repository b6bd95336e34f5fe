import { buildApp, type App } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import type { Clock } from '../../src/platform/clock.js';
import type { MailTransport } from '../../src/platform/mail/transport.js';
import type { TestApp } from './app.js';

export interface SecondApp {
  app: App['app'];
  services: App['services'];
  database: Database;
  close(): Promise<void>;
}

/**
 * Another instance of the application on the same database, through a connection pool of
 * its own (or, with `sameConnection`, the first one's): a restarted process, or a second process beside the first.
 */
export async function buildSecondApp(t: TestApp, options: { mailTransport?: MailTransport; clock?: Clock; sameConnection?: boolean } = {}): Promise<SecondApp> {
  const database = options.sameConnection ? t.db.database : t.db.reopen();
  const built = await buildApp(t.config, {
    database,
    clock: options.clock ?? t.clock,
    logger: false,
    ...(options.mailTransport ? { mailTransport: options.mailTransport } : {}),
  });
  await built.app.ready();
  return {
    ...built,
    database,
    async close() {
      await built.services.jobs.stop();
      await built.app.close();
      if (!options.sameConnection) await database.close();
    },
  };
}

/** An iCalendar file as a list of properties (lines unfolded), with the value of the first of each name. */
export function parseIcs(text: string): { lines: string[]; get(name: string): string | undefined; all(name: string): string[] } {
  const lines = text.replace(/\r\n[ \t]/g, '').split(/\r\n/).filter(Boolean);
  const valuesOf = (name: string) =>
    lines.filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`)).map((l) => l.slice(l.indexOf(':') + 1));
  return { lines, get: (name) => valuesOf(name)[0], all: valuesOf };
}

import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DialectName } from '../../src/db/dialect.js';
import { seedDemoCatalog } from '../../src/modules/catalog/index.js';
import type { SettingsService } from '../../src/modules/settings/index.js';
import { ManualClock } from '../../src/platform/clock.js';
import type { MailTransport } from '../../src/platform/mail/transport.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

/** Thursday 26 November 2026, 08:00 in Paris: tests see the same week whatever day they run. */
export const TEST_NOW = '2026-11-26T07:00:00.000Z';
export const TEST_SECRET = 'test-secret-key-0123456789abcdef0123456789abcdef';

export interface TestApp {
  app: App['app'];
  services: App['services'];
  /** Every route the application registered. */
  routes: App['routes'];
  config: Config & { secretKey: string };
  clock: ManualClock;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * The whole application on a fresh database of the given dialect, with the demo catalog,
 * a clock that only moves when told, and mail kept in the outbox (or sent through `mailTransport`).
 */
export async function createTestApp(
  dialect: DialectName,
  options: {
    env?: Record<string, string>;
    mailTransport?: MailTransport;
    seed?: boolean;
    now?: string;
    outboxRetryBaseMs?: number;
    /** Receives the application's log lines (JSON), at LOG_LEVEL from env (silent by default). */
    logStream?: { write(line: string): void };
    /** The online payment providers taken as configured (the texts and the register name them). */
    onlinePaymentProviders?: ('stripe' | 'paypal')[];
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase(dialect);
  const config = {
    ...loadConfig({ BASE_URL: 'http://localhost:3000', DATA_DIR: db.dataDir, LOG_LEVEL: 'silent', BOOKING_RATE_LIMIT: '0', BOOKINGS_PER_EMAIL_PER_HOUR: '0', SLOTS_RATE_LIMIT: '0', ...options.env }),
    secretKey: TEST_SECRET,
  };
  const clock = new ManualClock(options.now ?? TEST_NOW);
  const built = await buildApp(config, {
    database: db.database,
    clock,
    ...(options.logStream ? { logStream: options.logStream } : { logger: false }),
    ...(options.mailTransport ? { mailTransport: options.mailTransport } : {}),
    ...(options.outboxRetryBaseMs ? { outboxRetryBaseMs: options.outboxRetryBaseMs } : {}),
    ...(options.onlinePaymentProviders ? { onlinePaymentProviders: options.onlinePaymentProviders } : {}),
  });
  if (options.seed !== false) await seedDemoCatalog(built.services.catalog);
  await built.app.ready();
  return {
    ...built,
    config,
    clock,
    db,
    async close() {
      await built.services.jobs.stop();
      await built.app.close();
      await db.drop();
    },
  };
}

/** A valid customer for the demo services. */
export function customer(overrides: Record<string, unknown> = {}) {
  return {
    lastName: 'Martin',
    firstName: 'Claire',
    country: 'FR',
    email: 'claire.martin@example.fr',
    phone: '06 12 34 56 78',
    ...overrides,
  };
}

/** Monday 30 November 2026 at 10:00 in Paris, a free slot of the demo check-up service. */
export const MONDAY_10 = '2026-11-30T10:00:00+01:00';

/**
 * Saves the business's SIRET and VAT number, which issuing an invoice needs, over its current
 * profile; `extra` sets other fields of the profile as well (vatExempt: false for VAT charged).
 */
export async function saveInvoicingIdentity(settings: SettingsService, extra: { vatExempt?: boolean } = {}): Promise<void> {
  const { logo: _logo, ...profile } = await settings.current();
  await settings.save({ ...profile, siret: '73282932000074', vatNumber: 'FR44732829320', ...extra });
}

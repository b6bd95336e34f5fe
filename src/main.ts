import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { missingLegalDetails } from './platform/business.js';
import { adminPaths } from './platform/http/paths.js';
import { loggerOptions } from './platform/log.js';
import { resolveSecretKey } from './platform/secret.js';
import { seedOnFirstStart } from './setup.js';

/** config → database → migrations → app → workers → listen; stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`Configuration error: ${problem}\n`);
    process.exit(1);
  }
  const log = pino(loggerOptions(config.logLevel));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const secretKey = resolveSecretKey(config, (message) => log.warn(message));

  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, log });
  const applied = await migrateToLatest(database);
  if (applied.length) log.info({ migrations: applied }, 'migrations applied');

  const { app, services } = await buildApp({ ...config, secretKey }, { database });
  if (await seedOnFirstStart(database, services.catalog, new Date().toISOString())) log.info('first start: demo catalog seeded');
  for (const missing of missingLegalDetails(config.business)) log.warn(`Business profile incomplete: ${missing} (see BUSINESS_FILE in docs/configuration.md)`);
  if (!config.smtpUrl) log.warn(`SMTP_URL is not set: mails are kept in the outbox (/admin/courriels) and written to ${config.dataDir}/mail as .eml files.`);

  services.outbox.startWorker();
  services.privacy.startRetentionSchedule(app.clock);
  await app.listen({ port: config.port, host: config.host });

  say(`${config.business.name} is running on ${config.baseUrl} (database: ${database.dialect}).`);
  if (!(await services.admin.hasAnyAdmin())) {
    const token = await services.admin.issueSetupToken();
    say('');
    say('No back-office account exists yet. Create the owner account with this one-time link (valid 24 hours):');
    say(`  ${config.baseUrl}${adminPaths.setup(token)}`);
    say('');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    await app.close();
    await services.outbox.stopWorker();
    await services.privacy.stopRetentionSchedule();
    await database.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

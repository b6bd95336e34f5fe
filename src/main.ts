import pino from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Database } from './db/database.js';
import { missingLegalDetails } from './platform/business.js';
import { adminPaths } from './platform/http/paths.js';
import { logDestination, logFormatFor, loggerOptions } from './platform/log.js';
import { resolveSecretKey, SecretKeyError } from './platform/secret.js';

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
  // One destination for the start-up logger and the application's: readable lines in a terminal, JSON lines otherwise.
  const logStream = logDestination(logFormatFor(process.stdout));
  const log = pino(loggerOptions(config.logLevel), logStream);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let secretKey: string;
  try {
    secretKey = resolveSecretKey(config, (message) => log.warn(message));
  } catch (error) {
    if (error instanceof SecretKeyError) throw new StartError(`DATA_DIR: ${error.message}`);
    throw error;
  }

  const database = await connect(config, log);
  const { migrateToLatest } = await import('./db/migrate.js');
  const applied = await migrateToLatest(database);
  if (applied.length) log.info({ migrations: applied }, 'migrations applied');

  // The application itself is loaded only now (like the database drivers, in connect()): a bad
  // configuration or key is reported in well under a second, without loading every module first.
  const [{ buildApp }, { seedOnFirstStart }] = await Promise.all([import('./app.js'), import('./setup.js')]);
  const { app, services } = await buildApp({ ...config, secretKey }, { database, logStream });
  if (await seedOnFirstStart(database, services.catalog, new Date().toISOString())) log.info('first start: demo catalog seeded');
  if (services.settings.seeded) log.info(config.businessSeedFile ? `first start: business profile seeded from ${config.businessSeedFile}` : 'first start: business profile seeded with the defaults');
  for (const missing of missingLegalDetails(services.settings.snapshot())) log.warn(`Business profile incomplete: ${missing} (the owner completes it at ${config.baseUrl}/admin/parametres)`);
  if (!config.smtpUrl) log.warn(`SMTP_URL is not set: mails are kept in the outbox (/admin/courriels) and written to ${config.dataDir}/mail as .eml files.`);

  // Recurring jobs exist once in the database, whatever the number of instances; a stopped site catches up when it starts.
  await services.outbox.scheduleHousekeeping();
  await services.jobs.scheduleHousekeeping();
  await services.privacy.scheduleRetention();
  // Group sessions below their minimum at their decision time are cancelled (once, whatever the number of instances).
  await services.booking.sessions.scheduleDecisions();
  // Each finished day's payments are closed (their totals fixed in the ledger's chain), checked hourly.
  await services.payments.scheduleClosings();
  services.jobs.start();
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartError(`PORT: ${config.port} is already in use on ${config.host}; stop the other server or choose another PORT`);
    if (code === 'EACCES') throw new StartError(`PORT: no permission to listen on ${config.host}:${config.port} (ports below 1024 need privileges); choose another PORT`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new StartError(`HOST: cannot listen on "${config.host}" (${messageOf(error)})`);
    throw error;
  }

  // The operator's own lines stand apart from the log lines, in a terminal (readable logs) as in a file (JSON lines).
  say('');
  say(`${services.settings.snapshot().name} is running on ${config.baseUrl} (database: ${database.dialect}).`);
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
    // close() ends the connections idle at that moment; one still answering (a compressed page is
    // streamed) turns idle a moment later and would hold close() until its keep-alive timeout (72 s).
    const closeIdle = setInterval(() => app.server.closeIdleConnections(), 50).unref();
    await app.close();
    clearInterval(closeIdle);
    await services.jobs.stop();
    await database.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** A start-up failure the operator can fix, told in one line that names the variable. */
class StartError extends Error {}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens the database and checks that it answers, so that a wrong DATABASE_URL or DATA_DIR is named as such. */
async function connect(config: Config, log: pino.Logger): Promise<Database> {
  const [{ sql }, { openDatabase }] = await Promise.all([import('kysely'), import('./db/database.js')]);
  let database: Database | undefined;
  try {
    database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, log });
    await sql`select 1`.execute(database.db);
    return database;
  } catch (error) {
    await database?.close().catch(() => undefined);
    if (config.databaseUrl) {
      const url = new URL(config.databaseUrl);
      throw new StartError(`DATABASE_URL: cannot connect to PostgreSQL at ${url.host}${url.pathname} (${messageOf(error)})`);
    }
    throw new StartError(`DATA_DIR: cannot open the SQLite database in ${config.dataDir} (${messageOf(error)})`);
  }
}

main().catch((error: unknown) => {
  const text = error instanceof StartError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`Start failed: ${text}\n`);
  process.exit(1);
});

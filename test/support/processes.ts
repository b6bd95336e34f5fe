import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { randomCode } from '../../src/platform/ids.js';
import { noServer, postgresUrl } from './databases.js';

/**
 * Real processes for the process-level tests: the server (`node --import tsx src/main.ts`)
 * and the CLI (`node bin/wservices.mjs`), each with an environment built from scratch so
 * that nothing from the test runner's own environment (PORT, DATABASE_URL…) leaks in.
 */
export const root = path.resolve(import.meta.dirname, '../..');

/** A TCP port nobody listens on right now (the OS picks it; we close it at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Only what node needs to run; the variables of the test come on top. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface NodeProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Resolves with the first stdout line matching `pattern`; rejects if the process ends first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export function spawnNode(args: string[], env: Record<string, string>, options: { input?: string } = {}): NodeProcess {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...baseEnv(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  if (options.input !== undefined) child.stdin!.end(options.input);
  else child.stdin!.end();
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitForOutput(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = out.match(pattern);
        if (match) return match;
        if (ended) throw new Error(`process ended before printing ${pattern}\nstdout:\n${out}\nstderr:\n${err}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}\nstdout:\n${out}\nstderr:\n${err}`);
        await sleep(25);
      }
    },
  };
}

/** Runs a node script to its end. */
export async function runNode(args: string[], env: Record<string, string>, options: { input?: string; timeoutMs?: number } = {}) {
  const proc = spawnNode(args, env, options);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), options.timeoutMs ?? 50_000);
  const exit = await proc.exited;
  clearTimeout(timer);
  return { ...exit, stdout: proc.stdout(), stderr: proc.stderr() };
}

/** `npx wservices …`, without npx. */
export function runCli(args: string[], env: Record<string, string>, options: { input?: string } = {}) {
  return runNode(['bin/wservices.mjs', ...args], env, options);
}

export interface ServerProcess extends NodeProcess {
  port: number;
  url: string;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/** Starts `npm start`'s command on a free port (unless env sets PORT). Does not wait; see waitForHealth. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const proc = spawnNode(['--import', 'tsx', 'src/main.ts'], { PORT: String(port), ...env });
  const url = `http://localhost:${port}`;
  return {
    ...proc,
    port,
    url,
    async stop(signal = 'SIGTERM') {
      if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill(signal);
      const timer = setTimeout(() => proc.child.kill('SIGKILL'), 20_000);
      const exit = await proc.exited;
      clearTimeout(timer);
      return exit;
    },
  };
}

/** Polls /healthz until it answers 200; fails with the process's output if it ends or takes too long. */
export async function waitForHealth(server: ServerProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void server.exited.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`server ended before answering /healthz\nstdout:\n${server.stdout()}\nstderr:\n${server.stderr()}`);
    try {
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`/healthz did not answer in ${timeoutMs} ms\nstdout:\n${server.stdout()}\nstderr:\n${server.stderr()}`);
    await sleep(100);
  }
}

/**
 * DATABASE_URL for a process that must use one PostgreSQL schema: libpq's `options`
 * parameter, which the application keeps (src/db/database.ts) and docs/configuration.md documents.
 */
export function postgresUrlWithSchema(url: string, schema: string): string {
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  return withSchema.toString();
}

/** A whole PostgreSQL database for one test file, created and dropped on the tests' PostgreSQL server. */
export async function createThrowawayPostgresDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  if (!postgresUrl) throw new Error(noServer);
  const name = `wservices_test_${randomCode(10).toLowerCase()}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A minimal browser over fetch for a server process: keeps cookies (whatever their path; the
 * tests stay on one site), does not follow redirects, posts forms url-encoded.
 */
export class FetchClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request(pathOrUrl: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    const response = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, text: await response.text() };
  }
}

/** The value of the hidden `_csrf` input of a page. */
export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no _csrf input on the page');
  return match[1]!;
}

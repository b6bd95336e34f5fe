import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer } from './support/app.js';
import { csrfTokenOf, FetchClient, freePort, runNode, startServer, waitForHealth, type ServerProcess } from './support/processes.js';

/** The real entry point, `npm start` (node --import tsx src/main.ts), as an operator runs it. */
const start = (env: Record<string, string>) => runNode(['--import', 'tsx', 'src/main.ts'], env);

const tmp = mkdtempSync(path.join(tmpdir(), 'wservices-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Pino's JSON lines among what the server printed. */
function logsOf(stdout: string): { level: number; msg: string; [key: string]: unknown }[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });
}

describe.concurrent('npm start with a bad configuration', () => {
  it('stops with exit code 1 and one line per bad variable, naming it', async () => {
    const dataDir = path.join(tmp, 'never-created');
    const result = await start({ DATA_DIR: dataDir, PORT: 'abc', DATABASE_URL: 'mysql://x', BASE_URL: 'not-a-url', SMTP_URL: 'http://x', SECRET_KEY: 'short' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(5);
    for (const name of ['PORT', 'DATABASE_URL', 'BASE_URL', 'SMTP_URL', 'SECRET_KEY']) {
      expect(lines.filter((line) => line.startsWith(`Configuration error: ${name}: expected `)), `${name} in:\n${result.stderr}`).toHaveLength(1);
    }
    expect(lines.find((line) => line.includes('PORT:'))).toContain('"abc"');
    expect(lines.find((line) => line.includes('DATABASE_URL:'))).toContain('postgres://');
    // A secret is not echoed back.
    expect(lines.find((line) => line.includes('SECRET_KEY:'))).toContain('at least 32 characters');
    expect(result.stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('names BUSINESS_FILE when the file is missing', async () => {
    const result = await start({ DATA_DIR: path.join(tmp, 'never-created'), BUSINESS_FILE: path.join(tmp, 'missing.json') });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Configuration error: BUSINESS_FILE: expected a readable JSON file, but the file does not exist \(.*missing\.json\)$/)]);
  });

  it('names the field of BUSINESS_FILE that is wrong, along with a bad variable', async () => {
    const file = path.join(tmp, 'bad-business.json');
    writeFileSync(file, JSON.stringify({ name: 'Atelier Dupont', email: 'not-an-email' }));
    const result = await start({ DATA_DIR: path.join(tmp, 'never-created'), BUSINESS_FILE: file, LOG_LEVEL: 'loud' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(/^Configuration error: LOG_LEVEL: expected one of fatal, error/));
    expect(lines).toContainEqual(expect.stringMatching(/^Configuration error: BUSINESS_FILE: field "email": /));
  });

  it('names PORT when the port is taken', async () => {
    const blocker: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const result = await start({ DATA_DIR: path.join(tmp, 'port-taken'), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', SECRET_KEY: 'k'.repeat(40) });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`Start failed: PORT: ${port} is already in use on 127.0.0.1; stop the other server or choose another PORT`);
    } finally {
      blocker.close();
    }
  });

  it('names DATABASE_URL when PostgreSQL cannot be reached', async () => {
    const port = await freePort();
    const result = await start({ DATA_DIR: path.join(tmp, 'no-db'), DATABASE_URL: `postgres://app:secret@127.0.0.1:${port}/wservices`, LOG_LEVEL: 'error', SECRET_KEY: 'k'.repeat(40) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(new RegExp(`^Start failed: DATABASE_URL: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}/wservices \\(.*ECONNREFUSED.*\\)$`));
    expect(result.stderr).not.toContain('secret');
  });

  it('names DATA_DIR when it cannot be a directory', async () => {
    const file = path.join(tmp, 'a-file');
    writeFileSync(file, '');
    const result = await start({ DATA_DIR: path.join(file, 'data'), LOG_LEVEL: 'error' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Start failed: DATA_DIR: cannot store a generated secret key in .*a-file\/data\/secret-key \(ENOTDIR.*; make DATA_DIR writable, or set SECRET_KEY$/);
  });

  it('refuses a secret-key file that holds no usable key, instead of signing links with it', async () => {
    const dataDir = mkdtempSync(path.join(tmp, 'empty-key-'));
    writeFileSync(path.join(dataDir, 'secret-key'), '\n');
    const result = await start({ DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Start failed: DATA_DIR: ${path.join(dataDir, 'secret-key')} holds no usable key (fewer than 32 characters): delete it to generate a new one (booking links already sent will stop working), or set SECRET_KEY`,
    );
  });
});

describe('npm start on a fresh DATA_DIR, then again', () => {
  // A directory that does not exist yet: the first start creates it.
  const dataDir = path.join(tmp, 'fresh', 'data');
  const secretFile = path.join(dataDir, 'secret-key');
  let server: ServerProcess;
  let manageUrl: string;
  let firstKey: string;

  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('first start: migrates, seeds the demo catalog, generates the secret key, prints a working setup link; SIGTERM stops it with 0', async () => {
    server = await startServer({ DATA_DIR: dataDir });
    const [, link] = await server.waitForOutput(/^ {2}(http:\/\/\S+\/admin\/installation\/\S+)$/m);
    await waitForHealth(server);
    expect(link!.startsWith(`http://localhost:${server.port}/admin/installation/`)).toBe(true);
    expect(server.stdout()).toContain(`W Services is running on http://localhost:${server.port} (database: sqlite).`);
    // Standard output is a pipe here: every other line is a JSON log line, and the link stands apart between blank lines.
    const lines = server.stdout().split('\n');
    const at = lines.indexOf(`  ${link}`);
    expect([lines[at - 2], lines[at - 1]?.startsWith('No back-office account exists yet.'), lines[at + 1]]).toEqual(['', true, '']);
    for (const line of lines.filter((l) => l !== '' && !l.startsWith('{'))) expect(line).toMatch(/^(W Services is running on |No back-office account exists yet\.|  http:)/);
    expect(logsOf(server.stdout()).some((l) => JSON.stringify(l).includes('/admin/installation/'))).toBe(false);

    const logs = logsOf(server.stdout());
    expect(logs.find((l) => l.msg === 'migrations applied')?.migrations).toEqual(expect.arrayContaining([expect.stringMatching(/^\d{8}T\d{4}_/)]));
    expect(logs.filter((l) => l.msg === 'first start: demo catalog seeded')).toHaveLength(1);
    expect(logs).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/^SECRET_KEY is not set: generated one and stored it in .*secret-key/) }));

    firstKey = readFileSync(secretFile, 'utf8').trim();
    expect(firstKey).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);

    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', db: 'sqlite' });
    const services = (await (await fetch(`${server.url}/api/v1/services`)).json()) as { slug: string }[];
    expect(services.map((s) => s.slug).sort()).toEqual(['appel-decouverte', 'atelier-numerique', 'diagnostic-informatique', 'installation-a-domicile']);

    // The setup link: form, owner created, logged in; then spent.
    const browser = new FetchClient(server.url);
    const form = await browser.request(link!);
    expect(form.status).toBe(200);
    const created = await browser.request(link!, { form: { _csrf: csrfTokenOf(form.text), email: 'owner@example.fr', password: 'une phrase de passe assez longue' } });
    expect(created.status, created.text).toBe(303);
    expect(created.headers.get('location')).toBe('/admin');
    expect((await browser.request('/admin')).status).toBe(200);
    expect((await new FetchClient(server.url).request(link!)).status).toBe(404);

    // A booking, whose private link must still open after a restart.
    const from = DateTime.now().setZone('Europe/Paris').plus({ days: 2 }).toISODate()!;
    const to = DateTime.now().setZone('Europe/Paris').plus({ days: 16 }).toISODate()!;
    const slots = (await (await fetch(`${server.url}/api/v1/services/diagnostic-informatique/slots?from=${from}&to=${to}`)).json()) as { start: string }[];
    const booked = await fetch(`${server.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start: slots[0]!.start, customer: customer(), requestEarlyPerformance: true }),
    });
    expect(booked.status).toBe(201);
    manageUrl = ((await booked.json()) as { manageUrl: string }).manageUrl;
    expect((await fetch(manageUrl)).status).toBe(200);

    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(logsOf(server.stdout())).toContainEqual(expect.objectContaining({ msg: 'stopping', signal: 'SIGTERM' }));
    expect(server.stderr()).toBe('');
    // The database was closed: SQLite folded the write-ahead log back into the file.
    expect(existsSync(path.join(dataDir, 'wservices.sqlite-wal'))).toBe(false);
  });

  it('second start: seeds nothing, reuses the secret key, prints no setup link; SIGINT stops it with 0', async () => {
    // The owner removed a demo service; a restart must not bring it back.
    const sqlite = new BetterSqlite3(path.join(dataDir, 'wservices.sqlite'));
    sqlite.prepare("delete from services where slug = 'appel-decouverte'").run();
    sqlite.close();

    server = await startServer({ DATA_DIR: dataDir });
    await waitForHealth(server);
    await server.waitForOutput(/is running on/);
    const logs = logsOf(server.stdout());
    expect(logs.filter((l) => l.msg === 'migrations applied' || l.msg === 'first start: demo catalog seeded')).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/^SECRET_KEY is not set: using the key generated earlier in .*secret-key/) }));
    expect(readFileSync(secretFile, 'utf8').trim()).toBe(firstKey);
    expect(server.stdout()).not.toContain('/admin/installation/');

    const services = (await (await fetch(`${server.url}/api/v1/services`)).json()) as { slug: string }[];
    expect(services.map((s) => s.slug).sort()).toEqual(['atelier-numerique', 'diagnostic-informatique', 'installation-a-domicile']);
    // Same key, so the link signed by the first run still opens (the port changed; the path did not).
    expect((await fetch(`${server.url}${new URL(manageUrl).pathname}`)).status).toBe(200);

    expect(await server.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toBe('');
  });
});

describe('two first starts at once on one fresh DATA_DIR, without SECRET_KEY', () => {
  it('agree on one generated key: a link signed by one opens on the other', async () => {
    const dataDir = path.join(tmp, 'twins', 'data');
    const servers = await Promise.all([startServer({ DATA_DIR: dataDir }), startServer({ DATA_DIR: dataDir })]);
    try {
      await Promise.all(servers.map((server) => waitForHealth(server)));
      const [a, b] = servers as [ServerProcess, ServerProcess];
      for (const server of servers) expect(logsOf(server.stdout())).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/^SECRET_KEY is not set: /) }));
      const from = DateTime.now().setZone('Europe/Paris').plus({ days: 2 }).toISODate()!;
      const to = DateTime.now().setZone('Europe/Paris').plus({ days: 16 }).toISODate()!;
      const slots = (await (await fetch(`${a.url}/api/v1/services/diagnostic-informatique/slots?from=${from}&to=${to}`)).json()) as { start: string }[];
      const booked = await fetch(`${a.url}/api/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service: 'diagnostic-informatique', start: slots[0]!.start, customer: customer(), requestEarlyPerformance: true }),
      });
      expect(booked.status).toBe(201);
      const { manageUrl } = (await booked.json()) as { manageUrl: string };
      expect((await fetch(`${b.url}${new URL(manageUrl).pathname}`)).status).toBe(200);
      // Only one of them seeded the demo catalog.
      const seeded = servers.flatMap((server) => logsOf(server.stdout()).filter((l) => l.msg === 'first start: demo catalog seeded'));
      expect(seeded).toHaveLength(1);
      expect(((await (await fetch(`${b.url}/api/v1/services`)).json()) as unknown[]).length).toBe(4);
    } finally {
      const exits = await Promise.all(servers.map((server) => server.stop()));
      expect(exits).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { describeEachDialect } from './support/databases.js';
import { createThrowawayPostgresDatabase, csrfTokenOf, FetchClient, runCli, startServer, waitForHealth } from './support/processes.js';

/**
 * `npx wservices …` as an operator types it (node bin/wservices.mjs), against the database
 * the server uses: SQLite in DATA_DIR, or a throwaway PostgreSQL database through DATABASE_URL.
 */
describeEachDialect('the wservices command', (dialect) => {
  let dataDir: string;
  let env: Record<string, string>;
  let database: Database;
  let dropPostgres: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-cli-'));
    env = { DATA_DIR: dataDir };
    if (dialect === 'postgres') {
      const pg = await createThrowawayPostgresDatabase();
      env.DATABASE_URL = pg.url;
      dropPostgres = pg.drop;
    }
    database = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, poolSize: 2 });
  });

  afterAll(async () => {
    await database?.close();
    await dropPostgres?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const passwordHashOf = async (email: string) =>
    (await database.db.selectFrom('admin_users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow()).password_hash;

  it('migrate applies the migrations once, then says the database is up to date', async () => {
    const first = await runCli(['migrate'], env);
    expect(first, first.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^Applied: \d{8}T\d{4}_\w+(, \d{8}T\d{4}_\w+)+\n$/);
    const second = await runCli(['migrate'], env);
    expect(second).toMatchObject({ code: 0, stdout: 'The database is up to date.\n', stderr: '' });
  });

  it('demo seed adds the demo catalog once', async () => {
    const first = await runCli(['demo', 'seed'], env);
    expect(first).toMatchObject({ code: 0, stdout: 'Demo services added: 4; workshop sessions added: 12; opening hours set.\n', stderr: '' });
    const second = await runCli(['demo', 'seed'], env);
    expect(second).toMatchObject({ code: 0, stdout: 'Demo services added: 0; workshop sessions added: 0; opening hours left as they were.\n', stderr: '' });
    const services = await database.db.selectFrom('services').select('slug').execute();
    expect(services).toHaveLength(4);
    // It counts as the first-start seeding: a server starting later does not seed again.
    const flag = await database.db.selectFrom('app_settings').select('key').where('key', '=', 'demo_seeded_at').execute();
    expect(flag).toHaveLength(1);
  });

  it('admin create makes an argon2id account, and resets its password when run again', async () => {
    const created = await runCli(['admin', 'create', '--email', 'Owner@Example.fr', '--password', 'une phrase de passe assez longue'], env);
    expect(created).toMatchObject({ code: 0, stdout: 'Account Owner@Example.fr created.\n', stderr: '' });
    const hash = await passwordHashOf('owner@example.fr');
    // OWASP's minimum for argon2id: 19 MiB, two passes, one lane.
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verify(hash, 'une phrase de passe assez longue')).toBe(true);

    const reset = await runCli(['admin', 'create', '--email', 'owner@example.fr', '--password', 'une autre phrase de passe'], env);
    expect(reset).toMatchObject({ code: 0, stdout: 'Password of owner@example.fr updated.\n', stderr: '' });
    const newHash = await passwordHashOf('owner@example.fr');
    expect(await verify(newHash, 'une autre phrase de passe')).toBe(true);
    expect(await verify(newHash, 'une phrase de passe assez longue')).toBe(false);
  });

  it('admin create --role staff makes a staff account; a role other than owner or staff is refused', async () => {
    const created = await runCli(['admin', 'create', '--email', 'staff@example.fr', '--password', 'une phrase de passe assez longue', '--role', 'staff'], env);
    expect(created).toMatchObject({ code: 0, stdout: 'Account staff@example.fr created.\n', stderr: '' });
    const row = await database.db.selectFrom('admin_users').select('role').where('email', '=', 'staff@example.fr').executeTakeFirstOrThrow();
    expect(row.role).toBe('staff');
    const refused = await runCli(['admin', 'create', '--email', 'other@example.fr', '--password', 'une phrase de passe assez longue', '--role', 'admin'], env);
    expect(refused).toMatchObject({ code: 1, stdout: '', stderr: '--role must be owner or staff.\n' });
  });

  it('admin create --password-stdin reads the password from standard input (without its newline)', async () => {
    const created = await runCli(['admin', 'create', '--email', 'aide@example.fr', '--password-stdin'], env, { input: 'mot de passe depuis stdin\n' });
    expect(created).toMatchObject({ code: 0, stdout: 'Account aide@example.fr created.\n', stderr: '' });
    expect(await verify(await passwordHashOf('aide@example.fr'), 'mot de passe depuis stdin')).toBe(true);
  });

  it('the account made by the command logs in to the back office of a started server', async () => {
    const server = await startServer({ ...env, LOG_LEVEL: 'warn', SECRET_KEY: 'cli-test-secret-key-0123456789abcdef', HOST: '127.0.0.1' });
    try {
      await waitForHealth(server);
      const browser = new FetchClient(server.url);
      const form = await browser.request('/admin/connexion');
      expect(form.status).toBe(200);
      const wrong = await browser.request('/admin/connexion', { form: { _csrf: csrfTokenOf(form.text), email: 'owner@example.fr', password: 'une phrase de passe assez longue' } });
      expect(wrong.status).toBe(401);
      const login = await browser.request('/admin/connexion', { form: { _csrf: csrfTokenOf(wrong.text), email: 'owner@example.fr', password: 'une autre phrase de passe' } });
      expect(login.status, login.text).toBe(303);
      expect(login.headers.get('location')).toBe('/admin');
      expect((await browser.request('/admin')).status).toBe(200);
      // An owner exists: the server offers no setup link.
      expect(server.stdout()).not.toContain('/admin/installation/');
    } finally {
      expect(await server.stop()).toEqual({ code: 0, signal: null });
    }
  });

  it.concurrent('refuses a short password with exit code 1 and the reason, creating nothing', async () => {
    const result = await runCli(['admin', 'create', '--email', 'court@example.fr', '--password', 'court'], env);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe('password: Choose a password of at least 12 characters; a passphrase works well.\n');
    const row = await database.db.selectFrom('admin_users').select('id').where('email', '=', 'court@example.fr').executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it.concurrent('says what admin create needs when --email or the password is missing', async () => {
    const result = await runCli(['admin', 'create', '--email', 'x@example.fr'], env);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'admin create needs --email and --password (or --password-stdin).\n' });
  });

  it.concurrent('answers an unknown command, an unknown option or no command with exit code 1 and the usage', async () => {
    const [unknown, option, nothing, help] = await Promise.all([
      runCli(['frobnicate'], env),
      runCli(['migrate', '--force'], env),
      runCli([], env),
      runCli(['--help'], env),
    ]);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toMatch(/^Unknown command "frobnicate"\.\n\nUsage: npx wservices <command>\n/);
    expect(option).toMatchObject({ code: 1, stdout: '' });
    expect(option.stderr).toMatch(/--force[\s\S]*Usage: npx wservices <command>/);
    expect(nothing).toMatchObject({ code: 1, stdout: '' });
    expect(nothing.stderr).toMatch(/^Usage: npx wservices <command>/);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: npx wservices <command>[\s\S]*admin create --email E --password-stdin/);
  });

  it.concurrent('stops on a bad configuration with one line per bad variable', async () => {
    const result = await runCli(['migrate'], { ...env, DATABASE_POOL_SIZE: '0', LOG_LEVEL: 'loud' });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.trim().split('\n').sort()).toEqual([
      expect.stringMatching(/^Configuration error: DATABASE_POOL_SIZE: expected a whole number between 1 and 100/),
      expect.stringMatching(/^Configuration error: LOG_LEVEL: expected one of /),
    ]);
  });
});

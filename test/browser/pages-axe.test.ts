import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describeBrowser, CHROMIUM } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations, watchAxe, type AxeWatch } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * axe-core on the pages the booking flow does not reach: the legal pages in both languages and
 * every page of the back office, at 390 px wide, with JavaScript off (as the owner's phone may
 * have it) and with it on, against the real server process on a fresh SQLite DATA_DIR.
 */

const OWNER = { email: 'axe.owner@example.fr', password: 'une phrase de passe pour axe' };

describeBrowser('accessibility of every page (axe-core)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  const watches: AxeWatch[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-axe-'));
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'axe-test-secret-key-0123456789abcdef0123' };
    [server, browser] = await Promise.all([
      startServer(env),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      }),
    ]);
    await waitForHealth(server);
    origin = new URL(server.url).origin;
    const created = await runCli(['admin', 'create', '--email', OWNER.email, '--password-stdin'], env, { input: OWNER.password });
    expect(created.code, created.stderr).toBe(0);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A job that failed for good, written into the server's database as its worker would leave it. */
  function addDeadJob(key: string) {
    const sqlite = new BetterSqlite3(path.join(dataDir, 'wservices.sqlite'), { timeout: 5000 });
    const now = new Date().toISOString();
    sqlite
      .prepare(
        `insert into jobs (id, kind, key, payload, status, run_at, attempts, max_attempts, last_error, created_at, finished_at)
         values (?, 'outbox.deliver', ?, '{}', 'dead', ?, 12, 12, '550 5.1.1 <[address]>: Recipient address rejected', ?, ?)`,
      )
      .run(key, key, now, now, now);
    sqlite.close();
  }

  /** An issued invoice as the invoices module stores it (its PDF aside), for the back office's list. */
  function addInvoice(sequence: number) {
    const sqlite = new BetterSqlite3(path.join(dataDir, 'wservices.sqlite'), { timeout: 5000 });
    const now = new Date().toISOString();
    const number = `F-2026-${String(sequence).padStart(6, '0')}`;
    sqlite
      .prepare(
        `insert into invoices (id, number, type, year, sequence, booking_id, source_key, corrects_number, issue_date, service_date, net_cents, vat_cents, gross_cents, seller, buyer, document, pdf, created_at)
         values (?, ?, 'invoice', 2026, ?, null, ?, null, '2026-11-26', '2026-11-26', 4083, 817, 4900, '{}', '{"name":"Claire Martin"}', '{}', x'25504446', ?)`,
      )
      .run(number, number, sequence, number, now);
    sqlite.close();
  }

  /** A record in the legal archive (its own file beside the database), as a port puts it there, with a PDF. */
  function addArchiveEntry(recordId: string) {
    const sqlite = new BetterSqlite3(path.join(dataDir, 'archive.sqlite'), { timeout: 5000 });
    const ground = JSON.stringify({ fr: 'Code de commerce, art. L123-22', en: 'French Commercial Code, art. L123-22' });
    sqlite
      .prepare(`insert into archive_entries (kind, record_id, customer_id, record, ground, keep_until, archived_at) values ('invoice', ?, 'c1', ?, ?, '2036-12-31', ?)`)
      .run(recordId, JSON.stringify({ number: 'F-2026-000009', buyer: '{"name":"Claire Martin"}', gross_cents: 4900 }), ground, new Date().toISOString());
    sqlite.prepare(`insert into archive_files (kind, record_id, name, content, sha256) values ('invoice', ?, 'F-2026-000009.pdf', x'25504446', 'e1b3')`).run(recordId);
    sqlite.close();
  }

  async function newPage(javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    watches.push(watchAxe(page));
    return page;
  }

  async function visit(page: Page, url: string) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    await expectNoAxeViolations(page);
  }

  async function book(page: Page, email: string) {
    await visit(page, '/services/diagnostic-informatique');
    await page.locator('a.slot').first().click();
    await page.waitForURL((url) => url.pathname.endsWith('/reserver'));
    await expectNoAxeViolations(page);
    // The form sent empty: every error beside its field.
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await page.waitForLoadState();
    await expect.poll(() => page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'the booking form with its errors');
    await page.getByLabel('Nom', { exact: true }).fill('Lefèvre');
    await page.getByLabel('Prénom', { exact: true }).fill('Anne');
    await page.getByLabel('Pays de résidence', { exact: true }).selectOption('FR');
    await page.getByLabel('Adresse e-mail', { exact: true }).fill(email);
    await page.getByLabel('Téléphone', { exact: true }).fill('06 11 22 33 44');
    await page.getByLabel('J’ai lu et j’accepte les conditions générales de vente').check();
    // The first slot falls inside the 14-day withdrawal period: the customer asks for the early start.
    await page.getByLabel(/^Je demande que la prestation commence à la date choisie/).check();
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await page.waitForURL(/\?confirmee=1$/);
    await expectNoAxeViolations(page);
  }

  for (const javaScriptEnabled of [false, true]) {
    it(`the legal pages, the customer's booking page and the whole back office hold, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
      const page = await newPage(javaScriptEnabled);
      for (const url of ['/politique-de-confidentialite', '/conditions-generales-de-vente', '/mentions-legales', '/en/privacy-policy', '/en/terms-of-sale', '/en/legal-notice', '/en/services/diagnostic-informatique']) {
        await visit(page, url);
      }
      await book(page, `axe.${javaScriptEnabled ? 'js' : 'nojs'}@example.fr`);
      // The customer's private page, without the confirmation banner.
      await visit(page, new URL(page.url()).pathname);

      await visit(page, '/admin/connexion');
      await page.locator('input[name="email"]').fill(OWNER.email);
      await page.locator('input[name="password"]').fill('pas le bon mot de passe');
      await page.locator('form button[type="submit"]').click();
      await page.waitForLoadState();
      await expectNoAxeViolations(page, 'the login page with its error');
      await page.locator('input[name="email"]').fill(OWNER.email);
      await page.locator('input[name="password"]').fill(OWNER.password);
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname === '/admin');
      await expectNoAxeViolations(page);

      addDeadJob(`axe-${javaScriptEnabled ? 'js' : 'nojs'}`);
      addInvoice(javaScriptEnabled ? 2 : 1);
      addArchiveEntry(javaScriptEnabled ? 'archived-js' : 'archived-nojs');
      for (const url of ['/admin/reservations', '/admin/reservations/nouvelle', '/admin/prestations', '/admin/prestations/nouvelle', '/admin/horaires', '/admin/fermetures', '/admin/courriels', '/admin/clients', '/admin/export', '/admin/factures', '/admin/paiements', '/admin/parametres', '/admin/parametres/api', '/admin/archives']) {
        await visit(page, url);
      }
      // The jobs page with a failed job: its warning, its error and its retry button.
      await visit(page, '/admin/taches');
      expect(await page.getByRole('button', { name: 'Relancer' }).count()).toBeGreaterThan(0);
      // One of each detail page, reached by its link.
      for (const [list, link] of [
        ['/admin/reservations', 'a[href^="/admin/reservations/"]:not([href$="/nouvelle"])'],
        ['/admin/clients', 'a[href^="/admin/clients/"]'],
        ['/admin/prestations', 'a[href^="/admin/prestations/"]:not([href$="/nouvelle"])'],
        ['/admin/courriels', 'a[href^="/admin/courriels/"]:not([href$=".eml"])'],
        ['/admin/archives', 'a[href^="/admin/archives/invoice/"]'],
      ] as const) {
        await visit(page, list);
        const href = await page.locator(link).first().getAttribute('href');
        expect(href, `a link on ${list}`).toBeTruthy();
        await visit(page, href!);
      }
      await page.context().close();
    });
  }

  it('had axe check every page the tabs showed', () => {
    expect(watches.flatMap((watch) => watch.unchecked())).toEqual([]);
  });
});

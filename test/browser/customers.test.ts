import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations, watchAxe } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * The owner's day with customers, in a real browser with JavaScript off on a 390 px wide
 * phone screen: a booking taken for a caller, the customer found by a search without accents,
 * a note, an edit with its history, the accountant's export. No page may be wider than the screen.
 */
const OWNER = { email: 'owner@wservicesparis.com', password: 'une phrase de passe assez longue' };

describeBrowser('customers in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-browser-'));
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-test-secret-key-0123456789abcdef' };
    const created = await runCli(['admin', 'create', '--email', OWNER.email, '--password', OWNER.password], env);
    expect(created.code, created.stderr).toBe(0);
    [server, browser] = await Promise.all([
      startServer(env),
      launchChromium(),
    ]);
    await waitForHealth(server);
    origin = new URL(server.url).origin;
  });

  afterAll(async () => {
    await browser?.close();
    const exit = await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(exit).toEqual({ code: 0, signal: null });
  });

  /** The page fits the phone's width: nothing to scroll sideways (wide tables scroll inside their own box); and axe finds nothing. */
  async function fitsTheScreen(page: Page): Promise<void> {
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll, page.url()).toBeLessThanOrEqual(widths.client);
    await expectNoAxeViolations(page);
  }

  it('takes a booking for a caller, finds the customer, notes, edits and exports, with JavaScript off at 390 px', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    context.on('request', (request) => {
      if (new URL(request.url()).origin !== origin) foreignRequests.push(request.url());
    });
    const page = await context.newPage();
    const axe = watchAxe(page);

    await page.goto('/admin/clients');
    await expectNoAxeViolations(page, 'the login page');
    await page.getByLabel('Adresse e-mail').fill(OWNER.email);
    await page.getByLabel('Mot de passe').fill(OWNER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/clients');
    await fitsTheScreen(page);
    await expect.poll(() => page.getByRole('link', { name: 'Clients' }).getAttribute('aria-current')).toBe('page');

    // A caller: the owner books them on a weekday next week.
    const day = DateTime.now().setZone('Europe/Paris').plus({ weeks: 1 }).startOf('week').plus({ days: 1 }).toISODate()!;
    await page.goto('/admin/reservations');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Nouvelle réservation' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/reservations/nouvelle');
    await expectNoAxeViolations(page);
    await page.getByLabel('Prestation', { exact: true }).selectOption('diagnostic-informatique');
    await page.getByLabel('Jour', { exact: true }).fill(day);
    await page.getByRole('button', { name: 'Voir les horaires' }).click();
    await page.waitForURL((url) => url.searchParams.get('jour') === day);
    await fitsTheScreen(page);
    await page.getByLabel('Nom', { exact: true }).fill('Perrin');
    await page.getByLabel('Prénom', { exact: true }).fill('Élodie');
    await page.getByLabel('Adresse e-mail').fill('Elodie.Perrin@example.fr');
    await page.getByLabel('Téléphone', { exact: true }).fill('06 98 76 54 32');
    await page.getByRole('button', { name: 'Enregistrer la réservation' }).click();
    await page.waitForURL((url) => /^\/admin\/reservations\/[0-9a-f-]{36}$/.test(url.pathname));
    await fitsTheScreen(page);
    expect(await page.locator('main').innerText()).toContain('Élodie Perrin');

    // Found again by a search without the accent.
    await page.goto('/admin/clients');
    await page.getByLabel('Rechercher un client').fill('elodie');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === 'elodie');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'PERRIN Élodie' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/clients/'));
    await fitsTheScreen(page);
    expect(await page.locator('main').innerText()).toContain('Elodie.Perrin@example.fr');

    await page.getByLabel('Nouvelle note').fill('Appeler plutôt le matin.');
    await page.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect.poll(() => page.locator('#notes').innerText()).toContain('Appeler plutôt le matin.');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Modifier les coordonnées' }).click();
    await fitsTheScreen(page);
    await page.getByLabel('Société (facultatif)').fill('Perrin & Fils');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL((url) => url.searchParams.get('enregistre') === '1');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Coordonnées enregistrées.');
    expect(text).toContain('Perrin & Fils');
    expect(text).toContain(OWNER.email);
    await expectNoAxeViolations(page);

    // The accountant's file, with the owner's session.
    await page.getByRole('link', { name: 'Exports' }).click();
    await fitsTheScreen(page);
    const csv = await page.request.get('/admin/export/clients.csv');
    expect(csv.status()).toBe(200);
    const body = (await csv.body()).toString('utf8');
    expect(body.startsWith('\ufeffNom;Prénom;Société;E-mail;')).toBe(true);
    expect(body).toContain('Perrin;Élodie;Perrin & Fils;Elodie.Perrin@example.fr;06 98 76 54 32;');

    expect(axe.unchecked()).toEqual([]);
    await context.close();
    expect(foreignRequests).toEqual([]);
  });

  it('produces a customer’s data export and erases them, every page checked, with JavaScript off at 390 px', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const axe = watchAxe(page);
    await page.goto('/admin/clients');
    await expectNoAxeViolations(page, 'the login page');
    await page.getByLabel('Adresse e-mail').fill(OWNER.email);
    await page.getByLabel('Mot de passe').fill(OWNER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/clients');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'PERRIN Élodie' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/clients/'));
    await fitsTheScreen(page);
    const customerPage = page.url();

    await page.getByRole('button', { name: 'Produire l’export de ses données' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/export-donnees'));
    await fitsTheScreen(page);
    const link = await page.locator('main a code').innerText();
    const zip = await page.request.get(new URL(link).pathname);
    expect(zip.status()).toBe(200);
    expect(zip.headers()['content-type']).toBe('application/zip');
    // A link mistyped or cut: a clear page, in French and in English.
    for (const url of ['/mes-donnees/lien-inconnu', '/en/my-data/unknown-link']) {
      expect((await page.goto(url))?.status()).toBe(404);
      await fitsTheScreen(page);
    }

    await page.goto(customerPage);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Effacer ce client' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/effacer'));
    await fitsTheScreen(page);
    expect(await page.locator('main').innerText()).toContain('exports de vos données en attente de téléchargement');
    await page.getByRole('button', { name: 'Effacer définitivement' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/effacer'));
    await fitsTheScreen(page);
    expect(await page.locator('h1').innerText()).toBe('Rapport d’effacement');
    expect(axe.unchecked()).toEqual([]);
    await context.close();
  });
});


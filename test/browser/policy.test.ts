import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations, watchAxe } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * A new version of the privacy policy, in a real browser without JavaScript, at 1280 and 390 px:
 * the owner renames the business (the policy changes), reads on « Confidentialité » what changed
 * and the new text, and publishes it; a visitor then sees the notice on the site and follows it to
 * the changes and to the new version. The record of processing too. axe on every page.
 */
const OWNER = { email: 'owner@example.fr', password: 'une phrase de passe assez longue' };

describeBrowser('the privacy policy’s announcement in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  const env = () => ({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-policy-secret-key-0123456789abcdef' });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-policy-'));
    const created = await runCli(['admin', 'create', '--email', OWNER.email, '--password', OWNER.password], env());
    expect(created.code).toBe(0);
    [server, browser] = await Promise.all([
      startServer(env()),
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

  for (const width of [1280, 390]) {
    it(`the owner previews and publishes a new policy at ${width} px, and a visitor sees the notice`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width, height: 900 } });
      const foreign: string[] = [];
      context.on('request', (request) => {
        if (new URL(request.url()).origin !== origin) foreign.push(request.url());
      });
      const page = await context.newPage();
      const axe = watchAxe(page);
      const fitsTheScreen = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

      await page.goto('/admin/parametres');
      await expectNoAxeViolations(page, 'the login page');
      await page.getByLabel('Adresse e-mail').fill(OWNER.email);
      await page.getByLabel('Mot de passe').fill(OWNER.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/parametres');
      await expectNoAxeViolations(page, 'the settings page');

      // A new name: the policy names the business, so a new version is in force at once.
      await page.getByLabel('Nom affiché').fill(`Atelier ${width}`);
      // The profile of a first start has no SIRET yet; saving asks for one.
      await page.getByLabel('Numéro SIRET').fill('732 829 320 00074');
      await page.getByLabel(/Franchise en base de TVA/).check();
      await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
      await page.waitForURL((url) => url.search === '?enregistre=1');
      await expectNoAxeViolations(page, 'the saved settings');

      await page.goto('/admin');
      await expectNoAxeViolations(page, 'the dashboard with the policy to publish');
      await fitsTheScreen();
      await page.getByRole('link', { name: 'Relire et publier' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/politique');
      const pending = page.locator('section[aria-labelledby="pending-heading"]');
      expect(await pending.innerText()).toContain(`Ajouté\u00a0: Cette politique décrit les données personnelles que traite Atelier ${width}`);
      await page.getByText('Aperçu de la nouvelle version').click();
      expect(await page.locator('.policy-preview__body').innerText()).toContain('7. Exercer vos droits');
      await expectNoAxeViolations(page, 'the policy to publish, with its changes and preview');
      await fitsTheScreen();

      await page.getByRole('button', { name: 'Publier et informer les clients' }).click();
      await page.waitForURL((url) => url.search === '?publiee=1');
      expect(await page.getByRole('status').innerText()).toContain('La nouvelle politique est publiée');
      await expectNoAxeViolations(page, 'the policy published');
      await fitsTheScreen();

      await page.getByRole('link', { name: 'Consulter le registre' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/registre');
      expect(await page.locator('h1').innerText()).toBe('Registre des activités de traitement');
      await expectNoAxeViolations(page, 'the record of processing');
      await fitsTheScreen();

      // A visitor (no session) sees the notice on the site, and follows it.
      const visitor = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width, height: 900 } });
      visitor.on('request', (request) => {
        if (new URL(request.url()).origin !== origin) foreign.push(request.url());
      });
      const tab = await visitor.newPage();
      const visitorAxe = watchAxe(tab);
      await tab.goto('/services');
      const notice = tab.locator('.policy-notice');
      expect(await notice.innerText()).toMatch(/^Notre politique de confidentialité a changé le \S+ \d{1,2} \S+ \d{4}\. Voir les changements$/);
      await expectNoAxeViolations(tab, 'the services with the notice');
      expect(await tab.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await notice.getByRole('link', { name: 'Voir les changements' }).click();
      await tab.waitForURL((url) => url.pathname === '/politique-de-confidentialite/changements');
      expect(await tab.locator('main').innerText()).toContain(`Cette politique décrit les données personnelles que traite Atelier ${width}`);
      await expectNoAxeViolations(tab, 'the changes page');
      expect(await tab.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await tab.getByRole('link', { name: 'Lire cette version en entier' }).click();
      await tab.waitForURL((url) => url.pathname === '/politique-de-confidentialite');
      expect(await tab.locator('main').innerText()).toContain('/mes-droits');
      await expectNoAxeViolations(tab, 'the new version of the policy');
      expect(await tab.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await tab.getByRole('link', { name: 'English' }).click();
      await tab.waitForURL((url) => url.pathname === '/en/privacy-policy');
      expect(await tab.locator('.policy-notice').innerText()).toContain('Our privacy policy changed on');
      await expectNoAxeViolations(tab, 'the English policy with the notice');

      expect(axe.unchecked()).toEqual([]);
      expect(visitorAxe.unchecked()).toEqual([]);
      expect(foreign).toEqual([]);
      await visitor.close();
      await context.close();
    });
  }
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations, watchAxe } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * The owner edits the business profile from a phone, without JavaScript: a SIRET typed with
 * spaces, the VAT exemption, a logo that is refused (an SVG with a script) then one that is
 * taken, and the public site's header shows it at once.
 */
const OWNER = { email: 'owner@example.fr', password: 'une phrase de passe assez longue' };

describeBrowser('the settings page in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  const env = () => ({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-settings-secret-key-0123456789abcdef' });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-settings-'));
    const created = await runCli(['admin', 'create', '--email', OWNER.email, '--password', OWNER.password], env());
    expect(created.code).toBe(0);
    writeFileSync(path.join(dataDir, 'logo.png'), await sharp({ create: { width: 360, height: 120, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 1 } } }).png().toBuffer());
    writeFileSync(path.join(dataDir, 'piege.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
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
    it(`edits the profile and the logo at ${width} px without JavaScript, and the site shows them at once`, async () => {
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
      await fitsTheScreen();

      // A wrong check digit is explained beside the field; nothing is saved.
      await page.getByLabel('Numéro SIRET').fill('732 829 320 00075');
      await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
      await expectNoAxeViolations(page, 'the settings page with errors');
      await fitsTheScreen();
      expect(await page.locator('#f-siret-error').innerText()).toContain('sa clé de contrôle ne correspond pas');

      await page.getByLabel('Numéro SIRET').fill('732 829 320 00074');
      await page.getByLabel('Nom affiché').fill(`Atelier ${width}`);
      await page.getByLabel(/Franchise en base de TVA/).check();
      await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
      await page.waitForURL((url) => url.search === '?enregistre=1');
      expect(await page.getByRole('status').innerText()).toContain('Paramètres enregistrés');
      await expectNoAxeViolations(page, 'the saved settings');
      expect(await page.getByLabel('Numéro SIRET').inputValue()).toBe('73282932000074');

      // An SVG with a script is refused, with its reason beside the file field.
      await page.getByLabel('Fichier du logo').setInputFiles(path.join(dataDir, 'piege.svg'));
      await page.getByRole('button', { name: 'Envoyer le logo' }).click();
      expect(await page.locator('#f-logo-error').innerText()).toContain('contient un script');
      await expectNoAxeViolations(page, 'the refused logo');
      await fitsTheScreen();

      await page.getByLabel('Fichier du logo').setInputFiles(path.join(dataDir, 'logo.png'));
      await page.getByRole('button', { name: 'Envoyer le logo' }).click();
      await page.waitForURL((url) => url.search === '?enregistre=logo');
      await expectNoAxeViolations(page, 'the settings page with its logo');
      await fitsTheScreen();

      await page.goto('/');
      const logo = page.locator('header .brand img');
      await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      expect(await page.locator('header .brand').innerText()).toBe(`Atelier ${width}`);
      expect(await page.locator('link[rel=icon]').getAttribute('href')).toMatch(/^\/logo\/[0-9a-f]{32}-32\.png$/);
      await expectNoAxeViolations(page, 'the home page with the logo');
      await fitsTheScreen();
      await page.goto('/mentions-legales');
      expect(await page.locator('main').innerText()).toContain('73282932000074');
      await expectNoAxeViolations(page, 'the legal notice');

      expect(axe.unchecked()).toEqual([]);
      expect(foreign).toEqual([]);
      await context.close();
    });
  }
});

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchChromium, fitsTheScreen } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { watchAxe } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * A person exercises a right in a real browser on a 390 px wide phone, JavaScript off: the form
 * (a missing message first), the « check your mailbox » page, the mailed link and its button,
 * then the owner finds the request in the back office and opens it. axe-core checks every page.
 */
const OWNER = { email: 'owner@wservicesparis.com', password: 'une phrase de passe assez longue' };
const EMAIL = 'jeanne.leroy@example.fr';

describeBrowser('rights requests in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-browser-rights-'));
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-rights-secret-key-0123456789abcdef', JOBS_POLL_MS: '100' };
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

  /** The confirmation link of the mail the server wrote as an .eml file (the outbox delivers it within a moment). */
  async function confirmationLink(): Promise<string> {
    const dir = path.join(dataDir, 'mail');
    for (let attempt = 0; attempt < 100; attempt++) {
      for (const file of existsSync(dir) ? readdirSync(dir).sort() : []) {
        const mail = await simpleParser(readFileSync(path.join(dir, file)));
        const link = mail.text?.match(/https?:\/\/\S+\/mes-droits\/confirmer\/[A-Za-z0-9_-]+/)?.[0];
        if (link) return link;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no confirmation mail arrived');
  }

  it('files a question, confirms it from the mail, and the owner sees it, with JavaScript off at 390 px', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    context.on('request', (request) => {
      if (new URL(request.url()).origin !== origin) foreignRequests.push(request.url());
    });
    const page = await context.newPage();
    const axe = watchAxe(page);

    await page.goto('/politique-de-confidentialite');
    await fitsTheScreen(page, 'the privacy policy, which names the form');
    expect(await page.locator('main').innerText()).toContain('/mes-droits');
    await page.goto('/en/my-rights');
    await fitsTheScreen(page, 'the English rights form');
    await page.goto('/mes-droits');
    await fitsTheScreen(page, 'the rights form');
    expect(await page.locator('main').innerText()).toContain('Nous vous envoyons une copie de toutes les informations');

    // A question without its text first: the message stands beside the field.
    await page.getByLabel('Poser une question sur mes informations').check();
    await page.getByLabel('Votre adresse e-mail').fill(EMAIL);
    // An heir's request: the deceased person's address, optional, shown without any script; mistyped first.
    expect(await page.locator('main').innerText()).toContain('Je fais cette demande pour un proche décédé');
    await page.getByLabel('Adresse e-mail de la personne décédée').fill('papa.example.fr');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await expect.poll(() => page.locator('#f-deceasedEmail-error').innerText()).toContain('Saisissez l’adresse e-mail de la personne décédée');
    await fitsTheScreen(page, 'the rights form with a mistyped deceased person’s address');
    await page.getByLabel('Adresse e-mail de la personne décédée').fill('papa@example.fr');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await expect.poll(() => page.locator('#f-details-error').innerText()).toContain('Écrivez votre demande en quelques mots.');
    await fitsTheScreen(page, 'the rights form with an error');
    await page.getByLabel('Votre message').fill('Quelles informations gardez-vous sur moi ?');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Regardez votre boîte e-mail');
    await fitsTheScreen(page, 'the "check your mailbox" page');

    const link = new URL(await confirmationLink());
    await page.goto(link.pathname);
    await fitsTheScreen(page, 'the confirmation link’s page');
    await page.getByRole('button', { name: 'Confirmer ma demande' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Votre demande est confirmée');
    await fitsTheScreen(page, 'the confirmed page');
    expect(await page.locator('main').innerText()).toMatch(/au plus tard le \S+ \d{1,2} \S+ \d{4}/);

    await page.goto('/admin/demandes');
    await fitsTheScreen(page, 'the login page');
    await page.getByLabel('Adresse e-mail').fill(OWNER.email);
    await page.getByLabel('Mot de passe').fill(OWNER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/demandes');
    await fitsTheScreen(page, 'the requests list');
    expect(await page.locator('main').innerText()).toContain(EMAIL);
    await page.locator('td a').first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/demandes/'));
    await fitsTheScreen(page, 'the request’s page');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Quelles informations gardez-vous sur moi ?');
    expect(text).toContain('Confirmée par la personne');
    expect(text).toContain('Directives laissées par la personne décédée (papa@example.fr)');
    expect(text).toContain('Aucune directive n’a été laissée avec l’adresse papa@example.fr.');

    await page.goto('/admin');
    await fitsTheScreen(page, 'the dashboard with its count');
    expect(await page.locator('main').innerText()).toContain('1 demande RGPD à traiter');

    expect(axe.unchecked()).toEqual([]);
    await context.close();
    expect(foreignRequests).toEqual([]);
  });
});

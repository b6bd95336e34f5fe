import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchChromium, fitsTheScreen } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { expectNoAxeViolations, watchAxe } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * The team in a real browser with JavaScript off: the owner invites a member, the member accepts
 * the invitation, turns on two-factor authentication (QR code made by the server, no script) and
 * logs in again with a recovery code. On a 390 px wide phone and on a desktop screen; axe on every page.
 */
const OWNER = { email: 'owner@wservicesparis.com', password: 'une phrase de passe assez longue' };

describeBrowser('the team in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-browser-'));
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-test-secret-key-0123456789abcdef', OUTBOX_POLL_MS: '200' };
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

  /** The path of the last invitation link mailed to `email` (the outbox, read from the server's database). */
  async function invitationLink(email: string): Promise<string> {
    const database = openDatabase({ databaseUrl: undefined, dataDir, poolSize: 1 });
    try {
      const row = await database.db.selectFrom('outbox_messages').select('text_body').where('kind', '=', 'admin-invitation').where('recipient', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow();
      return /https?:\/\/[^/\s]+(\/admin\/invitation\/\S+)/.exec(row.text_body)![1]!;
    } finally {
      await database.close();
    }
  }

  for (const [label, viewport] of [
    ['390 px', { width: 390, height: 844 }],
    ['desktop', { width: 1280, height: 900 }],
  ] as const) {
    it(`invitation, acceptance and two-factor enrolment, with JavaScript off (${label})`, async () => {
      const member = `membre-${viewport.width}@example.fr`;
      const ownerContext = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport });
      const owner = await ownerContext.newPage();
      const ownerAxe = watchAxe(owner);
      await owner.goto('/admin/equipe');
      await expectNoAxeViolations(owner, 'the login page');
      await owner.getByLabel('Adresse e-mail').fill(OWNER.email);
      await owner.getByLabel('Mot de passe').fill(OWNER.password);
      await owner.getByRole('button', { name: 'Se connecter' }).click();
      await owner.waitForURL((url) => url.pathname === '/admin/equipe');
      await fitsTheScreen(owner, 'the team page');
      await owner.getByLabel('Adresse e-mail de la personne invitée').fill(member);
      await owner.getByLabel('Rôle').selectOption('staff');
      await owner.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      await owner.waitForURL((url) => url.search === '?fait=invitation');
      await expect.poll(() => owner.getByText(member).count()).toBeGreaterThan(0);
      await fitsTheScreen(owner, 'the team page after an invitation');
      expect(ownerAxe.unchecked()).toEqual([]);
      await ownerContext.close();

      const link = await invitationLink(member);
      const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport });
      const page = await context.newPage();
      const axe = watchAxe(page);
      await page.goto(link);
      await fitsTheScreen(page, 'the invitation page');
      await page.getByLabel('Mot de passe').fill('court');
      await page.getByRole('button', { name: 'Créer mon compte' }).click();
      await fitsTheScreen(page, 'the invitation page with an error');
      await page.getByLabel('Mot de passe').fill('la phrase de passe du membre');
      await page.getByRole('button', { name: 'Créer mon compte' }).click();
      await page.waitForURL((url) => url.pathname === '/admin');
      await fitsTheScreen(page, 'the dashboard of a staff member');
      expect(await page.getByRole('link', { name: 'Équipe' }).count()).toBe(0);

      await page.getByRole('link', { name: 'Mon compte' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/compte');
      await fitsTheScreen(page, 'my account');
      await page.getByRole('link', { name: 'Activer la double authentification' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/compte/double-authentification');
      await fitsTheScreen(page, 'the enrolment page');
      // The QR code is an image the server made: it is shown without any script.
      const qr = page.getByRole('img', { name: 'Code QR à scanner avec votre application d’authentification' });
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      const secret = (await page.locator('.totp-secret').textContent())!.replace(/\s/g, '');
      await page.getByLabel('Code à six chiffres').fill('000000');
      await page.getByRole('button', { name: 'Activer' }).click();
      await fitsTheScreen(page, 'the enrolment page with an error');
      const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
      await page.getByLabel('Code à six chiffres').fill(code);
      await page.getByRole('button', { name: 'Activer' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Vos codes de secours' }).count()).toBe(1);
      await fitsTheScreen(page, 'the recovery codes');
      const recovery = (await page.locator('.recovery-codes code').allTextContents()).map((c) => c.trim());
      expect(recovery).toHaveLength(10);

      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/connexion');
      await expectNoAxeViolations(page, 'the login page');
      await page.getByLabel('Adresse e-mail').fill(member);
      await page.getByLabel('Mot de passe').fill('la phrase de passe du membre');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/connexion/code');
      await fitsTheScreen(page, 'the code page');
      await page.getByLabel('Code à six chiffres ou code de secours').fill(recovery[0]!);
      await page.getByRole('button', { name: 'Vérifier' }).click();
      await page.waitForURL((url) => url.pathname === '/admin');
      await expectNoAxeViolations(page, 'the dashboard after a recovery code');

      await page.goto('/admin/export');
      await fitsTheScreen(page, 'the 403 page');
      await page.goto('/admin/mot-de-passe-oublie');
      await fitsTheScreen(page, 'the forgotten-password page');
      expect(axe.unchecked()).toEqual([]);
      await context.close();
    });
  }
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * The owner restricts a customer's processing, records an objection and a recipient told, from a
 * phone (390 px, JavaScript off); axe on every page, none wider than the screen.
 */
const OWNER = { email: 'owner@wservicesparis.com', password: 'une phrase de passe assez longue' };

describeBrowser('data rights on a customer’s page in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;

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
    // A customer, through the public API: a free slot of next week.
    const monday = DateTime.now().setZone('Europe/Paris').plus({ weeks: 1 }).startOf('week').toISODate()!;
    const friday = DateTime.fromISO(monday).plus({ days: 4 }).toISODate()!;
    const slots = (await (await fetch(`${origin}/api/v1/services/diagnostic-informatique/slots?from=${monday}&to=${friday}`)).json()) as { start: string }[];
    const booked = await fetch(`${origin}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start: slots[0]!.start, requestEarlyPerformance: true, customer: { lastName: 'Perrin', firstName: 'Élodie', country: 'FR', email: 'elodie.perrin@example.fr', phone: '06 98 76 54 32' } }),
    });
    expect(booked.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    const exit = await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(exit).toEqual({ code: 0, signal: null });
  });

  async function fitsTheScreen(page: Page): Promise<void> {
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll, page.url()).toBeLessThanOrEqual(widths.client);
    await expectNoAxeViolations(page);
  }

  it('restricts, records an objection and a recipient told, then lifts, with JavaScript off at 390 px', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto('/admin/clients');
    await page.getByLabel('Adresse e-mail').fill(OWNER.email);
    await page.getByLabel('Mot de passe').fill(OWNER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/clients');
    await page.getByRole('link', { name: 'PERRIN Élodie' }).click();
    await page.waitForURL((url) => /^\/admin\/clients\/[^/]+$/.test(url.pathname));
    const customerPage = new URL(page.url()).pathname;
    await expect.poll(() => page.getByText('Aucune limitation ni opposition en cours.').count()).toBe(1);
    await fitsTheScreen(page);

    await page.getByRole('link', { name: 'Limiter le traitement…' }).click();
    await fitsTheScreen(page);
    // Without a reason: the message beside the field, on an accessible page.
    await page.getByRole('button', { name: 'Limiter le traitement' }).click();
    await expect.poll(() => page.getByText('Indiquez le motif de la limitation.').count()).toBeGreaterThan(0);
    await fitsTheScreen(page);
    await page.getByLabel('Motif de la limitation').fill('Conteste l’exactitude de son adresse');
    await page.getByRole('button', { name: 'Limiter le traitement' }).click();
    await page.waitForURL((url) => url.pathname === customerPage);
    await expect.poll(() => page.getByText(/^Traitement limité depuis le /).count()).toBe(1);
    await fitsTheScreen(page);

    await page.getByRole('link', { name: 'Enregistrer une opposition à la prospection…' }).click();
    await fitsTheScreen(page);
    await page.getByRole('button', { name: 'Enregistrer l’opposition' }).click();
    await page.waitForURL((url) => url.pathname === customerPage);
    await expect.poll(() => page.getByText('Opposé à la prospection', { exact: true }).count()).toBe(1);

    await page.getByRole('link', { name: 'Noter qu’un destinataire a été informé…' }).click();
    await fitsTheScreen(page);
    await page.getByLabel('Destinataire').selectOption({ index: 1 });
    await page.getByLabel('Changement notifié').selectOption('restriction');
    await page.getByLabel('Ce qui a été transmis').fill('Rien à transmettre\u00a0: il ne garde pas de données de cette personne');
    await page.getByLabel('Comment').fill('Vérifié dans son espace client');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL((url) => url.pathname === customerPage);
    await expect.poll(() => page.getByRole('cell', { name: 'Vérifié dans son espace client' }).count()).toBe(1);
    await fitsTheScreen(page);

    await page.goto('/admin/clients');
    await expect.poll(() => page.getByText('Traitement limité', { exact: true }).count()).toBe(1);
    await fitsTheScreen(page);

    await page.goto(customerPage);
    await page.getByRole('link', { name: 'Lever la limitation…' }).click();
    await fitsTheScreen(page);
    await page.getByRole('button', { name: 'Lever la limitation' }).click();
    await page.waitForURL((url) => url.pathname === customerPage);
    await expect.poll(() => page.getByRole('link', { name: 'Limiter le traitement…' }).count()).toBe(1);
    await context.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * A payment taken on site, recorded from the booking's page in a real browser with JavaScript
 * off on a 390 px wide phone screen: a refused amount shown beside its field, then a partial
 * payment, its badge in the agenda, and the ledger verified by the command.
 */
const OWNER = { email: 'owner@wservicesparis.com', password: 'une phrase de passe assez longue' };

describeBrowser('payments in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  let day: string;
  const env = () => ({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-payments-secret-key-0123456789abcdef' });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-payments-'));
    const created = await runCli(['admin', 'create', '--email', OWNER.email, '--password', OWNER.password], env());
    expect(created.code).toBe(0);
    [server, browser] = await Promise.all([
      startServer(env()),
      launchChromium(),
    ]);
    await waitForHealth(server);
    origin = new URL(server.url).origin;
    const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (await fetch(`${origin}/api/v1/services/diagnostic-informatique/slots?from=${from}&to=${to}`)).json()) as { start: string }[];
    day = slots[0]!.start.slice(0, 10);
    const booked = await fetch(`${origin}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        service: 'diagnostic-informatique',
        start: slots[0]!.start,
        customer: { lastName: 'Payeur', firstName: 'Paul', country: 'FR', email: 'paul.payeur@example.fr', phone: '06 12 34 56 78' },
        requestEarlyPerformance: true,
      }),
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

  it('records a payment from the booking page at 390 px without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    const foreign: string[] = [];
    context.on('request', (request) => {
      if (new URL(request.url()).origin !== origin) foreign.push(request.url());
    });
    const page = await context.newPage();
    await page.goto(`/admin/agenda?date=${day}&vue=jour`);
    await page.getByLabel('Adresse e-mail').fill(OWNER.email);
    await page.getByLabel('Mot de passe').fill(OWNER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/agenda');
    await expect.poll(() => page.locator('.payment-badge').first().textContent()).toBe('Non payé');

    // From the agenda, one tap to the booking's payment form.
    await page.getByRole('link', { name: 'Encaisser le paiement de Paul Payeur' }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/reservations/') && url.hash === '#paiements');
    const bookingUrl = page.url().replace(/#.*$/, '');
    await fitsTheScreen(page);
    const section = page.locator('#paiements');
    await expect.poll(() => section.getByRole('heading', { level: 2 }).textContent()).toBe('Paiements Non payé');

    // Too much: the form again, the message beside the amount, nothing recorded.
    await section.getByLabel('Moyen de paiement').selectOption('cash');
    await section.getByLabel('Montant (€)').fill('490');
    await section.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/paiement'));
    await fitsTheScreen(page);
    expect(await page.locator('#f-amount-error').textContent()).toBe('Ce montant dépasse le reste à payer (49,00\u00a0€). Vérifiez la somme saisie.');
    await expect.poll(() => page.getByLabel('Montant (€)').inputValue()).toBe('490');

    await page.getByLabel('Montant (€)').fill('20,00');
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await page.waitForURL((url) => url.href.startsWith(bookingUrl) && url.hash === '#paiements');
    await fitsTheScreen(page);
    expect(await section.getByRole('heading', { level: 2 }).textContent()).toBe('Paiements Partiellement payé');
    expect(await section.textContent()).toContain('Reste à payer\u00a0: 29,00\u00a0€.');

    await page.goto(`/admin/agenda?date=${day}&vue=jour`);
    await fitsTheScreen(page);
    expect(await page.locator('.payment-badge').first().textContent()).toBe('Partiellement payé');
    expect(foreign).toEqual([]);
    await context.close();

    const verify = await runCli(['ledger', 'verify'], env());
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^The payment ledger is intact: 1 record checked/);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * A payment taken on site while the SIRET is missing, in a real browser with JavaScript off on a
 * 390 px wide phone: the payment is kept and the invoice waits (said on the booking and listed on
 * /admin/factures); the owner completes the settings (VAT on debits ticked), issues it, and the
 * customer downloads it from the booking's private link.
 */
const OWNER = { email: 'owner@wservicesparis.com', password: 'une phrase de passe assez longue' };

describeBrowser('invoices issued by payments in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  let day: string;
  let manageUrl: string;
  const env = () => ({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-invoicing-secret-key-0123456789abcdef' });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-invoicing-'));
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
        customer: { lastName: 'Payeur', firstName: 'Paul', country: 'FR', email: 'paul.payeur@example.fr', phone: '06 12 34 56 78', address: { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' } },
        requestEarlyPerformance: true,
      }),
    });
    expect(booked.status).toBe(201);
    manageUrl = ((await booked.json()) as { manageUrl: string }).manageUrl;
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

  it('keeps the payment, shows the waiting invoice, issues it once the SIRET is given, and the customer downloads it', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`/admin/agenda?date=${day}&vue=jour`);
    await page.getByLabel('Adresse e-mail').fill(OWNER.email);
    await page.getByLabel('Mot de passe').fill(OWNER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/agenda');
    await page.getByRole('link', { name: 'Paul Payeur' }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/reservations/'));
    const section = page.locator('#paiements');
    await section.getByLabel('Moyen de paiement').selectOption('cash');
    await section.getByLabel('Montant (€)').fill('49');
    await section.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await page.waitForURL((url) => url.hash === '#paiements');
    await fitsTheScreen(page);
    expect(await section.textContent()).toContain('Facture en attente');

    await section.getByRole('link', { name: 'Émettre la facture depuis la page des factures' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/factures');
    await fitsTheScreen(page);
    expect(await page.getByRole('heading', { name: 'Factures en attente' }).count()).toBe(1);
    // Still no SIRET: refused, said at the top of the page.
    await page.getByRole('button', { name: /^Émettre la facture de / }).click();
    await fitsTheScreen(page);
    expect(await page.locator('.notice--warning').first().textContent()).toContain('SIRET');

    await page.goto('/admin/parametres');
    await page.getByLabel('Numéro SIRET').fill('732 829 320 00074');
    await page.getByRole('textbox', { name: 'Numéro de TVA' }).fill('FR44 732 829 320');
    await page.getByLabel('TVA acquittée sur les débits').check();
    await page.getByLabel(/Taux annuel des pénalités de retard/).fill('12,5');
    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await fitsTheScreen(page);
    expect(await page.getByRole('status').innerText()).toContain('Paramètres enregistrés');

    await page.goto('/admin/factures');
    await page.getByRole('button', { name: /^Émettre la facture de / }).click();
    await page.waitForURL((url) => url.searchParams.get('emise') === 'F-2026-000001' || /^F-\d{4}-000001$/.test(url.searchParams.get('emise') ?? ''));
    await fitsTheScreen(page);
    expect(await page.getByRole('status').innerText()).toMatch(/La facture F-\d{4}-000001 est émise\./);
    expect(await page.getByRole('heading', { name: 'Factures en attente' }).count()).toBe(0);
    await context.close();

    // The customer, on their private link, in French and in English.
    const customer = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', viewport: { width: 390, height: 844 } });
    const own = await customer.newPage();
    await own.goto(manageUrl);
    await fitsTheScreen(own);
    const link = own.getByRole('link', { name: /^Facture F-\d{4}-000001 du .* — 49,00\s€ \(PDF\)$/ });
    const href = await link.getAttribute('href');
    const pdf = await customer.request.get(new URL(href!, manageUrl).href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await own.getByRole('link', { name: 'English' }).click();
    await fitsTheScreen(own);
    expect(await own.getByRole('link', { name: /^Invoice F-\d{4}-000001 of / }).count()).toBe(1);
    await customer.close();

    const verify = await runCli(['ledger', 'verify'], env());
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/\nThe invoice chain is intact: 1 document checked/);
  });
});

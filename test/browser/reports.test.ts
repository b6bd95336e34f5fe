import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * The owner's « Paiements » page, the invoices of a period and the exports page, in a real browser
 * with JavaScript off on a 390 px wide phone screen: a payment recorded, then seen on the period's
 * page (cards, no sideways scroll, no axe violation), a bad period refused beside its field, and
 * the accountant's payments file downloaded from the exports page's own button.
 */
const OWNER = { email: 'owner@wservicesparis.com', password: 'une phrase de passe assez longue' };

describeBrowser('the owner’s payments and exports in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  let reference: string;
  let day: string;
  const env = () => ({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-reports-secret-key-0123456789abcdef' });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-reports-'));
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
        customer: { lastName: 'Comptable', firstName: 'Céline', country: 'FR', email: 'celine.comptable@example.fr', phone: '06 12 34 56 78' },
        requestEarlyPerformance: true,
      }),
    });
    expect(booked.status).toBe(201);
    reference = ((await booked.json()) as { reference: string }).reference;
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

  it('shows a period’s payments as cards at 390 px, refuses a bad period beside its field, and downloads the accountant’s file', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 }, acceptDownloads: true });
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
    await page.getByRole('link', { name: 'Céline Comptable' }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/reservations/'));
    const section = page.locator('#paiements');
    await section.getByLabel('Moyen de paiement').selectOption('cheque');
    await section.getByLabel('Montant (€)').fill('49');
    await section.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await page.waitForURL((url) => url.hash === '#paiements');

    // The navigation leads to the period's payments (this month by default).
    await page.getByRole('link', { name: 'Paiements', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/admin/paiements');
    await fitsTheScreen(page);
    expect(await page.locator('.totals').textContent()).toContain('Chèque');
    const card = page.locator('table.table-cards tbody tr').first();
    expect(await card.textContent()).toContain(reference);
    // On a phone each row is a card: its cells stacked, each named by its column.
    expect(await card.evaluate((row) => getComputedStyle(row).display)).toBe('block');
    expect(await card.locator('td').nth(3).evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe('"Montant\u00a0: "');

    // A period that ends before it starts: the message beside the field, no table.
    await page.getByLabel('Du').fill('2026-12-31');
    await page.getByLabel('Au (inclus)').fill('2026-01-01');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForLoadState();
    await fitsTheScreen(page);
    expect(await page.locator('#f-to-error').textContent()).toBe('La date de fin doit être la même que la date de début ou postérieure.');
    expect(await page.locator('table').count()).toBe(0);

    await page.goto('/admin/factures');
    await fitsTheScreen(page);

    // The exports page: one period, a button per file (formaction, no script).
    await page.goto('/admin/export');
    await fitsTheScreen(page);
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('Du').fill(`${today.slice(0, 7)}-01`);
    await page.getByLabel('Au (inclus)').fill(today);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Paiements et corrections (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe(`paiements-${today.slice(0, 7)}-01-${today}.csv`);
    const rows = parse(readFileSync((await download.path())!, 'utf8'), { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['Moyen de paiement'], r.Montant, r.Réservation, r['Enregistré par']])).toEqual([['Chèque', '49,00', reference, OWNER.email]]);
    expect(foreign).toEqual([]);
    await context.close();
  });
});

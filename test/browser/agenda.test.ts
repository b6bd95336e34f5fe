import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations, watchAxe } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * The owner's agenda in a real browser, without JavaScript, on a desktop screen and at
 * 390 px: the day grid, the week grid (a list of days on a phone), the date field.
 */
const OWNER = { email: 'owner@example.fr', password: 'une phrase de passe assez longue' };

describeBrowser('the owner’s agenda in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  let day: string;
  let workshopDay: string;
  const foreignRequests: string[] = [];
  const env = () => ({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-agenda-secret-key-0123456789abcdef' });

  async function api<T>(url: string, body?: unknown): Promise<{ status: number; json: T }> {
    const response = await fetch(`${origin}${url}`, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {});
    return { status: response.status, json: (await response.json()) as T };
  }

  async function bookFirstSlot(service: string, names: string[]): Promise<string> {
    const from = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const slots = (await api<{ start: string }[]>(`/api/v1/services/${service}/slots?from=${from}&to=${to}`)).json;
    const start = slots[0]!.start;
    for (const lastName of names) {
      const created = await api(`/api/v1/bookings`, {
        service,
        start,
        customer: { lastName, firstName: 'Claire', country: 'FR', email: `${lastName.toLowerCase()}@example.fr`, phone: '06 12 34 56 78' },
        // The first slots fall inside the 14-day withdrawal period: the customer asks for the early start.
        requestEarlyPerformance: true,
      });
      expect(created.status).toBe(201);
    }
    return start;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-agenda-'));
    const created = await runCli(['admin', 'create', '--email', OWNER.email, '--password', OWNER.password], env());
    expect(created.code).toBe(0);
    [server, browser] = await Promise.all([
      startServer(env()),
      launchChromium(),
    ]);
    await waitForHealth(server);
    origin = new URL(server.url).origin;
    const checkUp = await bookFirstSlot('diagnostic-informatique', ['Grille']);
    day = checkUp.slice(0, 10);
    workshopDay = (await bookFirstSlot('atelier-numerique', ['Un', 'Deux', 'Trois'])).slice(0, 10);
  });

  afterAll(async () => {
    await browser?.close();
    const exit = await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(exit).toEqual({ code: 0, signal: null });
  });

  const axeWatches: Array<ReturnType<typeof watchAxe>> = [];

  async function ownerPage(width: number): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width, height: 900 } });
    context.on('request', (request) => {
      const url = new URL(request.url());
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== origin) foreignRequests.push(request.url());
    });
    const page = await context.newPage();
    axeWatches.push(watchAxe(page));
    await page.goto('/admin/connexion');
    await expectNoAxeViolations(page, 'the login page');
    await page.getByLabel('Adresse e-mail').fill(OWNER.email);
    await page.getByLabel('Mot de passe').fill(OWNER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${origin}/admin`);
    await expectNoAxeViolations(page, 'the dashboard');
    return page;
  }

  /** Wider than the screen: the page would scroll sideways. */
  const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

  it('shows the day grid and the week grid on a desktop screen, without JavaScript', async () => {
    const page = await ownerPage(1280);
    await expect.poll(() => page.locator('#today-heading').count()).toBe(1);
    await page.getByRole('link', { name: 'Agenda', exact: true }).click();
    await page.waitForURL(`${origin}/admin/agenda`);
    await expectNoAxeViolations(page, 'today’s agenda');
    await page.getByLabel('Aller au').fill(day);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(`${origin}/admin/agenda?date=${day}&vue=jour`);
    await expectNoAxeViolations(page, 'the day view');
    const table = page.locator('table.agenda-table');
    await expect.poll(() => table.isVisible()).toBe(true);
    const cell = table.locator('td', { hasText: 'Claire Grille' });
    expect(await cell.locator('a[href^="tel:+33"]').count()).toBe(1);
    expect(await cell.innerText()).toContain('Diagnostic informatique');

    await page.getByRole('link', { name: 'Semaine', exact: true }).click();
    expect(page.url()).toContain('vue=semaine');
    await expectNoAxeViolations(page, 'the week view');
    expect(await page.locator('table.agenda-table--week').isVisible()).toBe(true);
    expect(await page.locator('.agenda-list').isVisible()).toBe(false);
    expect(await page.locator('table.agenda-table--week thead th').nth(1).innerText()).toMatch(/^Lun\. /);
    await page.goto(`/admin/agenda?date=${workshopDay}&vue=semaine`);
    await expectNoAxeViolations(page, 'the week of the workshop');
    expect(await page.locator('table.agenda-table--week').innerText()).toContain('3/6');
    expect(await page.locator('td.agenda-slot--closed').count()).toBeGreaterThan(0);
    expect(await overflows(page)).toBe(false);
    await page.context().close();
  });

  it('fits 390 px: the day grid in the screen, the week as a list of days', async () => {
    const page = await ownerPage(390);
    expect(await overflows(page)).toBe(false);
    await page.goto(`/admin/agenda?date=${day}&vue=jour`);
    await expectNoAxeViolations(page, 'the day view at 390 px');
    expect(await page.locator('table.agenda-table--day').isVisible()).toBe(true);
    expect(await overflows(page)).toBe(false);
    await page.goto(`/admin/agenda?date=${day}&vue=semaine`);
    await expectNoAxeViolations(page, 'the week list at 390 px');
    expect(await page.locator('table.agenda-table--week').isVisible()).toBe(false);
    const list = page.locator('.agenda-list');
    expect(await list.isVisible()).toBe(true);
    expect(await list.innerText()).toContain('Claire Grille');
    expect(await list.locator('a[href^="tel:+33"]').count()).toBeGreaterThanOrEqual(4);
    expect(await overflows(page)).toBe(false);
    // The feed address can be selected and copied; the webcal link is there.
    expect(await page.getByLabel('Adresse privée de l’abonnement (à copier)').inputValue()).toMatch(/^http:\/\/localhost:\d+\/agenda\/[A-Za-z0-9_-]{43}\/reservations\.ics$/);
    expect(await page.locator('a[href^="webcal://"]').count()).toBe(1);
    await page.context().close();
    expect(foreignRequests).toEqual([]);
    expect(axeWatches.flatMap((watch) => watch.unchecked())).toEqual([]);
  });
});

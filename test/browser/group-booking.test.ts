import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations, watchAxe } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * A group booking of 3 places in a real browser, on a phone-sized screen (390 px) with
 * JavaScript off: the demo workshop's sessions, the number of places in the form, the
 * confirmation with the price of 3 places, and the places left afterwards.
 */

describeBrowser('a group booking in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  const foreignRequests: string[] = [];
  const axeWatches: Array<ReturnType<typeof watchAxe>> = [];
  const OWNER = { email: 'owner@example.fr', password: 'une phrase de passe assez longue' };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-browser-group-'));
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-test-secret-key-0123456789abcdef' };
    [server, browser] = await Promise.all([
      startServer(env),
      launchChromium(),
    ]);
    await waitForHealth(server);
    origin = new URL(server.url).origin;
    const created = await runCli(['admin', 'create', '--email', OWNER.email, '--password-stdin'], env, { input: OWNER.password });
    expect(created.code, created.stderr).toBe(0);
  });

  afterAll(async () => {
    await browser?.close();
    const exit = await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(exit).toEqual({ code: 0, signal: null });
  });

  /** True when the page is no wider than the screen (nothing to scroll sideways). */
  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  function bookingsOf(email: string): { quantity: number; price_cents: number; session_id: string | null; status: string }[] {
    const sqlite = new BetterSqlite3(path.join(dataDir, 'wservices.sqlite'), { readonly: true });
    try {
      return sqlite.prepare('select quantity, price_cents, session_id, status from bookings where customer_email = ?').all(email) as never;
    } finally {
      sqlite.close();
    }
  }

  it('books 3 places of a workshop session at 390 px with JavaScript off, in French', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http') && url.origin !== origin) foreignRequests.push(request.url());
    });
    const page = await context.newPage();
    axeWatches.push(watchAxe(page));
    await page.goto('/');
    await expectNoAxeViolations(page, 'the home page');
    await page.getByRole('link', { name: 'Atelier numérique en petit groupe', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/services/atelier-numerique');
    await expectNoAxeViolations(page, 'the workshop page');
    expect(await page.locator('main').innerText()).toContain('par place');
    expect(await fitsWidth(page)).toBe(true);

    // The days with a session are links; the first one is selected, its session listed with its places.
    const slot = page.locator('a.slot').first();
    expect(await slot.innerText()).toMatch(/\d{1,2}\sh(\s\d{2})?\s*6 places/);
    await slot.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/services/atelier-numerique/reserver');
    await expectNoAxeViolations(page, 'the booking form of a session');
    expect(await fitsWidth(page)).toBe(true);

    const places = page.getByLabel('Nombre de places', { exact: true });
    expect(await places.getAttribute('type')).toBe('number');
    expect(await places.getAttribute('max')).toBe('4');
    expect(await places.inputValue()).toBe('1');
    await places.fill('3');
    await page.getByLabel('Nom', { exact: true }).fill('Lefèvre');
    await page.getByLabel('Prénom', { exact: true }).fill('Anne');
    await page.getByLabel('Pays de résidence', { exact: true }).selectOption('FR');
    await page.getByLabel('Adresse e-mail', { exact: true }).fill('anne.groupe@example.fr');
    await page.getByLabel('Téléphone', { exact: true }).fill('06 34 56 78 90');
    await page.getByLabel('J’ai lu et j’accepte les conditions générales de vente').check();
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();

    await page.waitForURL(/\/reservation\/[0-9A-Z]{5}-[0-9A-Z]{5}\/[^/?]+\?confirmee=1$/);
    await expectNoAxeViolations(page, 'the confirmation of 3 places');
    const confirmation = await page.locator('main').innerText();
    expect(confirmation).toContain('105,00\u00a0€ TTC');
    expect(confirmation).toContain('3\u00a0places × 35,00\u00a0€');
    expect(await fitsWidth(page)).toBe(true);
    const [booking] = bookingsOf('anne.groupe@example.fr');
    expect(booking).toMatchObject({ quantity: 3, price_cents: 10500, status: 'confirmed' });
    expect(booking!.session_id).not.toBeNull();

    // Three of the session's six places are gone.
    await page.goto('/services/atelier-numerique');
    await expectNoAxeViolations(page, 'the workshop page with 3 places left');
    expect(await page.locator('a.slot').first().innerText()).toMatch(/\d{1,2}\sh(\s\d{2})?\s*3 places/);
    await context.close();
  });

  it('lets the owner see the places booked, schedule a session and cancel one after confirming, at 390 px without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    axeWatches.push(watchAxe(page));
    await page.goto('/admin/connexion');
    await expectNoAxeViolations(page, 'the login page');
    await page.getByLabel('Adresse e-mail', { exact: true }).fill(OWNER.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(OWNER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/admin');
    await expectNoAxeViolations(page, 'the dashboard');
    await page.goto('/admin/prestations');
    await expectNoAxeViolations(page, 'the services list');
    await page.getByRole('link', { name: 'Séances', exact: true }).click();
    await page.waitForURL(/\/admin\/prestations\/[^/]+\/seances$/);
    await expectNoAxeViolations(page, 'the sessions of the workshop');
    expect(await fitsWidth(page)).toBe(true);
    // The session booked above: 3 of 6 places.
    expect(await page.locator('tbody tr').first().innerText()).toMatch(/3\/6/);

    const date = new Date(Date.now() + 20 * 24 * 3_600_000).toISOString().slice(0, 10);
    await page.getByLabel('Date', { exact: true }).fill(date);
    await page.getByLabel('Heure de début').fill('18h');
    await page.getByLabel('Nombre de places', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Programmer la séance' }).click();
    await page.waitForURL(/\/admin\/seances\/[^/]+$/);
    await expectNoAxeViolations(page, 'the session just scheduled');
    expect(await page.locator('h1').innerText()).toMatch(/^Séance du .* à 18\u00a0h$/);
    expect(await fitsWidth(page)).toBe(true);

    await page.getByRole('link', { name: 'Annuler la séance…' }).click();
    await page.waitForURL(/\/annuler$/);
    await expectNoAxeViolations(page, 'the session cancellation page');
    expect(await page.locator('main').innerText()).toContain('Personne n’a réservé cette séance');
    expect(await fitsWidth(page)).toBe(true);
    await page.getByRole('button', { name: 'Oui, annuler la séance' }).click();
    await page.waitForURL(/\/admin\/seances\/[^/]+$/);
    await expectNoAxeViolations(page, 'the cancelled session');
    expect(await page.locator('main').innerText()).toContain('Cette séance est annulée.');
    await context.close();
  });

  it('asked nothing of another host, and every page it showed was checked with axe-core', () => {
    expect(foreignRequests).toEqual([]);
    expect(axeWatches.flatMap((watch) => watch.unchecked())).toEqual([]);
  });
});

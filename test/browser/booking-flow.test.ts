import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describeBrowser, CHROMIUM } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations, watchAxe, type AxeWatch } from '../support/axe.js';
import { startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * The booking flow in a real browser (Debian's chromium through playwright-core), against the
 * real server process on a fresh SQLite DATA_DIR: once with JavaScript off (plain links and a
 * form post), once with it on (the slot picker island fetches a day's slots in place), in
 * French and in English. axe-core checks every page the tabs show.
 */

describeBrowser('booking in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  /** Every request to another host, and every console error, of every page of the run. */
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];
  const axeWatches: AxeWatch[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-browser-'));
    [server, browser] = await Promise.all([
      startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-test-secret-key-0123456789abcdef' }),
      chromium.launch({
        executablePath: CHROMIUM,
        // Playwright turns the back/forward cache off; browsers have it on, and the forms must cope with it.
        ignoreDefaultArgs: ['--disable-back-forward-cache'],
        // launch() gives every run a fresh, temporary user-data-dir of its own.
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      }),
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

  async function newPage(options: { javaScriptEnabled: boolean; locale: string }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled, locale: options.locale, baseURL: origin });
    context.on('request', (request) => {
      const url = new URL(request.url());
      if ((url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') && url.origin !== origin) foreignRequests.push(request.url());
    });
    const page = await context.newPage();
    axeWatches.push(watchAxe(page));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    return { context, page };
  }

  /**
   * Sends each form post to the server at once but holds its answer for `ms`, as a slow
   * network would, so that a second click lands while the first submission is in flight.
   * Returns the posts the browser made.
   */
  async function holdFormPosts(page: Page, ms: number): Promise<string[]> {
    const posts: string[] = [];
    await page.route(
      (url) => url.pathname.endsWith('/reserver') || url.pathname.endsWith('/book'),
      async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        posts.push(route.request().url());
        const response = await route.fetch({ maxRedirects: 0 });
        await new Promise((resolve) => setTimeout(resolve, ms));
        // The browser may have dropped this navigation for a newer one: nobody is left to answer.
        await route.fulfill({ response }).catch(() => undefined);
      },
    );
    return posts;
  }

  /** Two clicks 150 ms apart, where a person double-clicks. */
  async function doubleClick(page: Page, selector: string) {
    const box = (await page.locator(selector).boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(150);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** The fields of the page's form that no label names (there should be none). */
  function unlabelledFields(page: Page): Promise<string[]> {
    return page.locator('form input:not([type="hidden"]), form select, form textarea').evaluateAll((fields) =>
      fields.filter((field) => !(field as HTMLInputElement).labels?.length || !(field as HTMLInputElement).labels![0]!.textContent!.trim()).map((field) => field.outerHTML),
    );
  }

  function bookingsOf(email: string): { reference: string; status: string; locale: string; source: string }[] {
    const sqlite = new BetterSqlite3(path.join(dataDir, 'wservices.sqlite'), { readonly: true });
    try {
      return sqlite.prepare('select reference, status, locale, source from bookings where customer_email = ?').all(email) as never;
    } finally {
      sqlite.close();
    }
  }

  it('books with JavaScript off, in French: home → service → day → slot → form (labels, keyboard) → confirmation', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false, locale: 'fr-FR' });
    await page.goto('/');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Diagnostic informatique', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/services/diagnostic-informatique');
    await expectNoAxeViolations(page);

    // Another day than the one shown first: a plain link, a new page.
    const dayLinks = page.locator('a.day');
    expect(await dayLinks.count()).toBeGreaterThan(1);
    const day = dayLinks.nth(1);
    const dayHref = (await day.getAttribute('href'))!;
    const date = new URL(dayHref, origin).searchParams.get('date')!;
    await day.click();
    await page.waitForURL((url) => url.searchParams.get('date') === date);
    await expect.poll(() => page.locator('a.day[aria-current="date"]').getAttribute('href')).toBe(dayHref);
    await expectNoAxeViolations(page);

    const slot = page.locator('a.slot').first();
    const slotHref = (await slot.getAttribute('href'))!;
    expect(new URL(slotHref, origin).searchParams.get('start')!.startsWith(date)).toBe(true);
    await slot.click();
    await page.waitForURL((url) => url.pathname === '/services/diagnostic-informatique/reserver');
    await expectNoAxeViolations(page);

    expect(await unlabelledFields(page)).toEqual([]);
    await page.getByLabel('Nom', { exact: true }).fill('Martin');
    await page.getByLabel('Prénom', { exact: true }).fill('Claire');
    await page.getByLabel('Pays de résidence', { exact: true }).selectOption('FR');
    await page.getByLabel('Adresse e-mail', { exact: true }).fill('claire.sansjs@example.fr');
    await page.getByLabel('J’ai lu et j’accepte les conditions générales de vente').check();
    // A slot of the next days is inside the 14-day withdrawal period: the customer asks for the early start.
    await page.getByLabel(/^Je demande que la prestation commence à la date choisie/).check();
    const phone = page.getByLabel('Téléphone', { exact: true });
    await phone.fill('06 12 34 56 78');
    // Enter in a text field submits the form, as it does for anyone using the keyboard; pressed
    // twice, with no script to stop the second, the server's idempotency key must keep it to one booking.
    const posts = await holdFormPosts(page, 400);
    await phone.focus();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(150);
    await page.keyboard.press('Enter');

    // The second Enter makes the browser drop the first navigation; waitForURL may be watching the
    // dropped one (net::ERR_ABORTED), so wait on the address the tab ends on, then on its load.
    await expect
      .poll(() => page.url(), { timeout: 15_000 })
      .toMatch(/\/reservation\/[0-9A-Z]{5}-[0-9A-Z]{5}\/[^/?]+\?confirmee=1$/);
    await page.waitForLoadState('load');
    const reference = new URL(page.url()).pathname.split('/')[2]!;
    await expect.poll(() => page.locator('main').innerText()).toContain(reference);
    expect(await page.locator('main').innerText()).toContain('C’est réservé');
    await expectNoAxeViolations(page);
    expect(posts).toHaveLength(2);
    expect(bookingsOf('claire.sansjs@example.fr')).toEqual([{ reference, status: 'confirmed', locale: 'fr', source: 'web' }]);
    await context.close();
  });

  it('books with JavaScript on, in English at /en/: a day click fetches its slots in place and updates the URL; a double click books once', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: true, locale: 'en-GB' });
    await page.goto('/en/');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Small-group digital workshop', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/en/services/atelier-numerique');
    // Hydrated: the island's script ran.
    await page.waitForFunction(() => document.querySelector('script[type="module"]') !== null && performance.getEntriesByType('resource').some((e) => e.name.includes('/assets/app.')));
    await expectNoAxeViolations(page);

    // A mark on the window survives only if the page is not reloaded.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const dayLinks = page.locator('a.day');
    expect(await dayLinks.count()).toBeGreaterThan(1);
    const day = dayLinks.nth(1);
    const dayHref = (await day.getAttribute('href'))!;
    const date = new URL(dayHref, origin).searchParams.get('date')!;
    const [slotsResponse] = await Promise.all([
      page.waitForResponse((response) => response.url().includes('/api/v1/services/atelier-numerique/slots') && response.url().includes(`from=${date}`)),
      day.click(),
    ]);
    expect(slotsResponse.status()).toBe(200);
    await page.waitForURL((url) => url.searchParams.get('date') === date);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await expect.poll(() => page.locator('a.day[aria-current="date"]').getAttribute('href')).toBe(dayHref);
    const slots = page.locator('a.slot');
    await expect.poll(() => slots.count()).toBeGreaterThan(0);
    for (const href of await slots.evaluateAll((links) => links.map((a) => a.getAttribute('href')!))) {
      expect(new URL(href, origin).searchParams.get('start')!.startsWith(date)).toBe(true);
    }
    expect(await page.locator('#slots-heading').innerText()).toContain('2. Choose a time');
    // The island lists the same slots, with the same links, as the page the server renders for that day.
    const serverHtml = await (await fetch(`${origin}${dayHref}`, { headers: { 'accept-language': 'en' } })).text();
    const serverSlotLinks = [...serverHtml.matchAll(/<a class="slot" href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(await slots.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(serverSlotLinks);
    const serverTimes = [...serverHtml.matchAll(/<span class="slot__time">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(await page.locator('.slot__time').allInnerTexts()).toEqual(serverTimes);
    const serverHeading = /<h2 id="slots-heading"[^>]*>([^<]+(?:<!-- -->[^<]*)*)<\/h2>/.exec(serverHtml)![1]!.replaceAll('<!-- -->', '');
    expect(await page.locator('#slots-heading').innerText()).toBe(serverHeading);
    expect(await slots.first().innerText()).toMatch(/\d{2}:\d{2}\s*6 places left/);
    await expectNoAxeViolations(page, 'the service page after the island loaded another day');

    await slots.first().click();
    await page.waitForURL((url) => url.pathname === '/en/services/atelier-numerique/book');
    await expectNoAxeViolations(page);
    expect(await unlabelledFields(page)).toEqual([]);
    await page.getByLabel('Last name', { exact: true }).fill('Smith');
    await page.getByLabel('First name', { exact: true }).fill('Jane');
    await page.getByLabel('Country of residence', { exact: true }).selectOption('GB');
    await page.getByLabel('Email address', { exact: true }).fill('jane.withjs@example.co.uk');
    await page.getByLabel('Phone', { exact: true }).fill('+44 20 7946 0958');
    await page.getByLabel('I have read and accept the terms of sale').check();

    expect(await page.getByRole('button', { name: 'Confirm the booking' }).count()).toBe(1);
    const posts = await holdFormPosts(page, 400);
    await doubleClick(page, 'form[data-submit-once] button[type="submit"]');
    await page.waitForURL(/\/en\/booking\/[0-9A-Z]{5}-[0-9A-Z]{5}\/[^/?]+\?confirmee=1$/);
    const reference = new URL(page.url()).pathname.split('/')[3]!;
    await expect.poll(() => page.locator('main').innerText()).toContain(reference);
    expect(await page.locator('main').innerText()).toContain('You are booked!');
    await expectNoAxeViolations(page);
    expect(posts).toEqual([`${origin}/en/services/atelier-numerique/book`]);
    expect(bookingsOf('jane.withjs@example.co.uk')).toEqual([{ reference, status: 'confirmed', locale: 'en', source: 'web' }]);
    await context.close();
  });

  it('with JavaScript on, a late answer for an earlier day click does not overwrite the day clicked last', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: true, locale: 'fr-FR' });
    await page.goto('/services/diagnostic-informatique');
    await expectNoAxeViolations(page);
    const dayLinks = page.locator('a.day');
    const [first, second] = [dayLinks.nth(1), dayLinks.nth(2)];
    const firstDate = new URL((await first.getAttribute('href'))!, origin).searchParams.get('date')!;
    const secondDate = new URL((await second.getAttribute('href'))!, origin).searchParams.get('date')!;
    // The first day's slots come back slowly, after the second day's.
    await page.route('**/api/v1/services/*/slots?*', async (route) => {
      if (new URL(route.request().url()).searchParams.get('from') === firstDate) await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    });
    const late = page.waitForResponse((response) => response.url().includes(`from=${firstDate}`));
    await first.click();
    await second.click();
    await (await late).finished();
    await page.waitForTimeout(150);
    expect(new URL(page.url()).searchParams.get('date')).toBe(secondDate);
    expect(await page.locator('a.day[aria-current="date"]').count()).toBe(1);
    expect(new URL((await page.locator('a.day[aria-current="date"]').getAttribute('href'))!, origin).searchParams.get('date')).toBe(secondDate);
    const hrefs = await page.locator('a.slot').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(new URL(href, origin).searchParams.get('start')!.startsWith(secondDate)).toBe(true);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('with JavaScript on, a submission lost on the way can be sent again after Back', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: true, locale: 'fr-FR' });
    await page.goto('/services/diagnostic-informatique');
    await expectNoAxeViolations(page);
    const day = page.locator('a.day').nth(3);
    const date = new URL((await day.getAttribute('href'))!, origin).searchParams.get('date')!;
    await day.click();
    await page.waitForURL((url) => url.searchParams.get('date') === date);
    await expect.poll(() => page.locator('a.slot').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await page.locator('a.slot').first().click();
    await page.waitForURL((url) => url.pathname === '/services/diagnostic-informatique/reserver');
    await expectNoAxeViolations(page);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByLabel('Nom', { exact: true }).fill('Durand');
    await page.getByLabel('Prénom', { exact: true }).fill('Paul');
    await page.getByLabel('Pays de résidence', { exact: true }).selectOption('FR');
    await page.getByLabel('Adresse e-mail', { exact: true }).fill('paul.retour@example.fr');
    await page.getByLabel('Téléphone', { exact: true }).fill('06 23 45 67 89');
    await page.getByLabel('J’ai lu et j’accepte les conditions générales de vente').check();
    await page.getByLabel(/^Je demande que la prestation commence à la date choisie/).check();

    // The connection drops: the browser shows its error page, the customer goes back.
    const offline = (url: URL) => url.pathname === '/services/diagnostic-informatique/reserver';
    await page.route(offline, (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await page.waitForURL((url) => url.protocol === 'chrome-error:');
    await page.unroute(offline);
    await page.goBack({ waitUntil: 'commit' });
    // Restored from the back/forward cache, with the script's state as it was when the form was sent.
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    await page.getByRole('button', { name: 'Confirmer la réservation' }).click({ timeout: 15_000 });
    await page.waitForURL(/\/reservation\/[0-9A-Z]{5}-[0-9A-Z]{5}\/[^/?]+\?confirmee=1$/, { timeout: 15_000 });
    await expectNoAxeViolations(page);
    expect(bookingsOf('paul.retour@example.fr')).toHaveLength(1);
    await context.close();
  });

  it('asked nothing of another host, logged no console error, and had axe check every page it showed', () => {
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(axeWatches.flatMap((watch) => watch.unchecked())).toEqual([]);
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations, watchAxe } from '../support/axe.js';
import { runCli, startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * A closure over a booking, as the owner does it from a phone without JavaScript: he closes the
 * day, the back office lists the booking it covers, he cancels it after a confirmation page,
 * and the customer is told by mail.
 */
const OWNER = { email: 'owner@example.fr', password: 'une phrase de passe assez longue' };

describeBrowser('a closure over a booking in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  let bookedStart: string;
  const env = () => ({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-closure-secret-key-0123456789abcdef' });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-closure-'));
    const created = await runCli(['admin', 'create', '--email', OWNER.email, '--password', OWNER.password], env());
    expect(created.code).toBe(0);
    [server, browser] = await Promise.all([
      startServer(env()),
      launchChromium(),
    ]);
    await waitForHealth(server);
    origin = new URL(server.url).origin;
    // A customer books the first free check-up slot from the third day on.
    const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (await fetch(`${origin}/api/v1/services/diagnostic-informatique/slots?from=${from}&to=${to}`)).json()) as { start: string }[];
    bookedStart = slots[0]!.start;
    const booked = await fetch(`${origin}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        service: 'diagnostic-informatique',
        start: bookedStart,
        customer: { lastName: 'Fermé', firstName: 'Paul', country: 'FR', email: 'paul.ferme@example.fr', phone: '06 12 34 56 78' },
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

  const cancellationMails = () =>
    readdirSync(path.join(dataDir, 'mail'))
      .filter((name) => name.endsWith('.eml'))
      .map((name) => readFileSync(path.join(dataDir, 'mail', name), 'utf8'))
      .filter((mail) => /^To: .*paul\.ferme@example\.fr/im.test(mail) && /^Subject: .*annul/im.test(mail));

  it('lists the booking a new closure covers and cancels it after confirmation, at 390 px without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    const foreign: string[] = [];
    context.on('request', (request) => {
      if (new URL(request.url()).origin !== origin) foreign.push(request.url());
    });
    const page = await context.newPage();
    const axe = watchAxe(page);
    const fitsTheScreen = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await page.goto('/admin/fermetures');
    await expectNoAxeViolations(page, 'the login page');
    await page.getByLabel('Adresse e-mail').fill(OWNER.email);
    await page.getByLabel('Mot de passe').fill(OWNER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/fermetures');
    await expectNoAxeViolations(page, 'the closures page');
    await fitsTheScreen();

    // The day of the booking, in Paris.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(bookedStart));
    await page.getByLabel('Premier jour').fill(day);
    await page.getByLabel('Dernier jour').fill(day);
    await page.getByLabel(/^Motif/).fill('Congés');
    await page.getByRole('button', { name: 'Ajouter une fermeture' }).click();
    await page.waitForURL((url) => /^\/admin\/fermetures\/[^/]+\/reservations$/.test(url.pathname));
    await expectNoAxeViolations(page, 'the bookings the closure covers');
    await fitsTheScreen();
    const covered = await page.locator('main').innerText();
    expect(covered).toContain('1\u00a0réservation tombe pendant cette fermeture.');
    expect(covered).toContain('Paul Fermé');
    const listUrl = page.url();

    await page.getByRole('link', { name: 'Annuler', exact: true }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/annuler'));
    await expectNoAxeViolations(page, 'the cancellation confirmation');
    await fitsTheScreen();
    expect(cancellationMails()).toEqual([]);
    await page.getByRole('button', { name: 'Oui, annuler la réservation' }).click();
    await page.waitForURL(listUrl);
    await expectNoAxeViolations(page, 'the list after the cancellation');
    expect(await page.locator('main').innerText()).toContain('Aucune réservation n’est concernée.');

    // The customer is told: the outbox writes the mail to DATA_DIR/mail when no SMTP server is set.
    await expect.poll(() => cancellationMails().length, { timeout: 15_000 }).toBe(1);
    expect(cancellationMails()[0]).toMatch(/Cong=C3=A9s|Congés/);

    expect(axe.unchecked()).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });
});

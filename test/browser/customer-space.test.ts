import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchChromium, fitsTheScreen } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations, watchAxe } from '../support/axe.js';
import { startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * The customer's own space in a real browser on a 390 px wide phone, JavaScript off: ask for a
 * link, read it from the mail the server wrote under DATA_DIR/mail, sign in, move a booking,
 * update the phone (a wrong one first), cancel, sign out. axe-core checks every page; no page
 * may be wider than the screen. Then the English pages with JavaScript on.
 */
const EMAIL = 'claire.martin@example.fr';

describeBrowser('customer space in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let origin: string;
  let manageUrl: string;
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-browser-space-'));
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-space-secret-key-0123456789abcdef', JOBS_POLL_MS: '100' };
    [server, browser] = await Promise.all([
      startServer(env),
      launchChromium(),
    ]);
    await waitForHealth(server);
    origin = new URL(server.url).origin;

    // A booking three days ahead or later (well before the 24-hour cut-off), taken through the API.
    const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (await fetch(`${origin}/api/v1/services/diagnostic-informatique/slots?from=${from}&to=${to}`)).json()) as { start: string }[];
    const created = await fetch(`${origin}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        service: 'diagnostic-informatique',
        start: slots[0]!.start,
        customer: { lastName: 'Martin', firstName: 'Claire', country: 'FR', email: EMAIL, phone: '06 12 34 56 78' },
        requestEarlyPerformance: true,
      }),
    });
    expect(created.status).toBe(201);
    // Another customer's booking, for the private link.
    const other = await fetch(`${origin}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        service: 'diagnostic-informatique',
        start: slots[1]!.start,
        customer: { lastName: 'Durand', firstName: 'Paul', country: 'FR', email: 'paul.durand@example.fr', phone: '06 12 34 56 79' },
        requestEarlyPerformance: true,
      }),
    });
    expect(other.status).toBe(201);
    manageUrl = ((await other.json()) as { manageUrl: string }).manageUrl;
  });

  afterAll(async () => {
    await browser?.close();
    const exit = await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(exit).toEqual({ code: 0, signal: null });
  });

  /** The sign-in link of the latest sign-in mail the server wrote as an .eml file (the outbox delivers it within a moment). */
  async function signInLinkFromMail(seen: number): Promise<string> {
    const dir = path.join(dataDir, 'mail');
    for (let attempt = 0; attempt < 100; attempt++) {
      const links: string[] = [];
      for (const file of existsSync(dir) ? readdirSync(dir).sort() : []) {
        const mail = await simpleParser(readFileSync(path.join(dir, file)));
        const link = mail.text?.match(/https?:\/\/\S+\/mon-espace\/connexion\/[A-Za-z0-9_-]+/)?.[0];
        if (link) links.push(link);
      }
      if (links.length > seen) return links.at(-1)!;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no sign-in mail arrived');
  }

  it('signs in by mail, moves a booking, updates the phone, cancels and signs out, with JavaScript off at 390 px', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    context.on('request', (request) => {
      if (new URL(request.url()).origin !== origin) foreignRequests.push(request.url());
    });
    const page = await context.newPage();
    const axe = watchAxe(page);

    await page.goto('/');
    await fitsTheScreen(page, 'the home page with « Mon espace » in its header');
    await page.getByRole('link', { name: 'Mon espace' }).click();
    await page.waitForURL((url) => url.pathname === '/mon-espace');
    await fitsTheScreen(page, 'the sign-in form');

    // A malformed address first: the message stands beside the field.
    await page.getByLabel('Votre adresse e-mail').fill('claire.martin');
    await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click();
    await expect.poll(() => page.locator('#f-email-error').innerText()).toContain('Saisissez une adresse e-mail valide');
    await fitsTheScreen(page, 'the sign-in form with an error');
    await page.getByLabel('Votre adresse e-mail').fill(EMAIL);
    await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Regardez votre boîte e-mail');
    await fitsTheScreen(page, 'the "check your mailbox" page');

    const link = new URL(await signInLinkFromMail(0));
    await page.goto(link.pathname);
    await fitsTheScreen(page, 'the sign-in link’s page');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/mon-espace');
    await fitsTheScreen(page, 'the space');
    expect(await page.locator('main').innerText()).toContain('Bonjour Claire Martin');

    // Move the booking: open it, then the day picker.
    await page.getByRole('link', { name: /Voir, déplacer ou annuler/ }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/mon-espace/reservations/'));
    await fitsTheScreen(page, 'a booking in the space');
    const before = await page.locator('.details').first().innerText();
    await page.getByRole('link', { name: 'Déplacer la réservation' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/deplacer'));
    await fitsTheScreen(page, 'the day picker');
    // Up to a week ahead, day by day, until a day offers a free time.
    for (let i = 0; i < 7 && (await page.getByRole('radio').count()) === 0; i++) {
      await page.getByRole('link', { name: 'Jour suivant' }).click();
      await page.waitForLoadState();
      await fitsTheScreen(page, 'the day picker, another day');
    }
    const radios = page.getByRole('radio');
    expect(await radios.count()).toBeGreaterThan(0);
    await radios.last().check();
    await page.getByRole('button', { name: 'Déplacer à cet horaire' }).click();
    await page.waitForURL((url) => url.searchParams.get('deplacee') === '1');
    await fitsTheScreen(page, 'the booking moved');
    expect(await page.locator('main').innerText()).toContain('Votre réservation est déplacée.');
    expect(await page.locator('.details').first().innerText()).not.toBe(before);

    // The phone: a wrong one is refused beside the field, then a right one is saved.
    await page.getByRole('link', { name: 'Revenir à mon espace' }).click();
    await page.waitForURL((url) => url.pathname === '/mon-espace');
    await fitsTheScreen(page);
    await page.getByRole('link', { name: 'Modifier mon téléphone ou mon adresse' }).click();
    await page.waitForURL((url) => url.pathname === '/mon-espace/coordonnees');
    await fitsTheScreen(page, 'the contact form');
    await page.getByLabel('Téléphone (facultatif)').fill('06 12 34');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.locator('#f-phone-error').innerText()).toContain('Saisissez un numéro de téléphone valide');
    await fitsTheScreen(page, 'the contact form with an error');
    await page.getByLabel('Téléphone (facultatif)').fill('06 98 76 54 32');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL((url) => url.searchParams.get('enregistre') === '1');
    await fitsTheScreen(page, 'the space after saving');
    const space = await page.locator('main').innerText();
    expect(space).toContain('Vos coordonnées sont enregistrées.');
    expect(space).toContain('+33 6 98 76 54 32');

    // Cancel, after the confirmation page.
    await page.getByRole('link', { name: /Voir, déplacer ou annuler/ }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/mon-espace/reservations/'));
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Annuler la réservation' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/annuler'));
    await fitsTheScreen(page, 'the cancellation confirmation');
    await page.getByRole('button', { name: 'Oui, annuler la réservation' }).click();
    await page.waitForURL((url) => url.searchParams.get('annulee') === '1');
    await fitsTheScreen(page, 'the space after cancelling');
    expect(await page.locator('main').innerText()).toContain('Vous n’avez aucune réservation à venir.');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL((url) => url.searchParams.get('deconnecte') === '1');
    await fitsTheScreen(page, 'signed out');
    expect(await page.locator('main').innerText()).toContain('Vous êtes déconnecté.');

    // The link has served: it now says so, with the form to ask for another.
    await page.goto(link.pathname);
    await fitsTheScreen(page, 'a used link');
    expect(await page.locator('main').innerText()).toContain('Ce lien de connexion n’est plus valable');

    expect(axe.unchecked()).toEqual([]);
    await context.close();
    expect(foreignRequests).toEqual([]);
  });

  it('shows the English pages without violations, JavaScript on', async () => {
    const context = await browser.newContext({ locale: 'en-GB', baseURL: origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const axe = watchAxe(page);
    await page.goto('/en/my-space');
    await fitsTheScreen(page);
    await page.getByLabel('Your e-mail address').fill('nobody@example.com');
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Check your mailbox');
    await fitsTheScreen(page);
    await page.goto('/en/my-space/sign-in/not-a-real-token');
    await fitsTheScreen(page);
    expect(await page.locator('main').innerText()).toContain('This sign-in link is no longer valid');
    expect(axe.unchecked()).toEqual([]);
    await context.close();
  });

  it('moves a booking from its private link with the same day picker', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const axe = watchAxe(page);
    await page.goto(new URL(manageUrl).pathname);
    await fitsTheScreen(page, 'the private link');
    expect(await page.locator('main').innerText()).toMatch(/Vous pouvez déplacer ou annuler cette réservation en ligne, sans frais, jusqu’au .+ \(24\u00a0heures avant son début\)/);
    await page.getByRole('link', { name: 'Déplacer la réservation' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/deplacer'));
    await fitsTheScreen(page, 'the private link’s day picker');
    for (let i = 0; i < 7 && (await page.getByRole('radio').count()) === 0; i++) {
      await page.getByRole('link', { name: 'Jour suivant' }).click();
      await page.waitForLoadState();
      await fitsTheScreen(page, 'the private link’s day picker, another day');
    }
    await page.getByRole('radio').last().check();
    await page.getByRole('button', { name: 'Déplacer à cet horaire' }).click();
    await page.waitForURL((url) => url.searchParams.get('deplacee') === '1');
    await fitsTheScreen(page, 'the private link after the move');
    expect(await page.locator('main').innerText()).toContain('Votre réservation est déplacée.');
    expect(axe.unchecked()).toEqual([]);
    await context.close();
  });
});

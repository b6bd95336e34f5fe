import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe.js';
import { startFakeStripe, type FakeStripe } from '../support/fakes/stripe.js';
import { startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * Where a booking's payment stands, in a real browser, 390 px wide, JavaScript off, axe-core on
 * every page: the private page and the customer's space show « En attente de votre paiement »
 * with « Reprendre le paiement », which leads back to the same Stripe checkout (the local fake);
 * once paid there, both say « Payée ».
 */
const EMAIL = 'claire.paiement@example.fr';

describeBrowser('payment state in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let stripe: FakeStripe;
  let origin: string;
  let slots: { start: string }[];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-payment-state-'));
    stripe = await startFakeStripe();
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-payment-state-key-0123456789abcdef', STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url };
    [server, browser] = await Promise.all([
      startServer(env),
      launchChromium(),
    ]);
    await waitForHealth(server);
    origin = new URL(server.url).origin;
    stripe.webhookUrl = `${origin}/webhooks/stripe`;
    const db = new Database(path.join(dataDir, 'wservices.sqlite'));
    db.prepare(`update services set payment_options = '["on_site","stripe"]' where slug = 'diagnostic-informatique'`).run();
    db.close();
    // Slots beyond the 14-day withdrawal period.
    const from = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    slots = (await (await fetch(`${origin}/api/v1/services/diagnostic-informatique/slots?from=${from}&to=${to}`)).json()) as { start: string }[];
  });

  afterAll(async () => {
    await browser?.close();
    const exit = await server?.stop();
    await stripe?.close();
    rmSync(dataDir, { recursive: true, force: true });
    expect(exit).toEqual({ code: 0, signal: null });
  });

  async function fitsTheScreen(page: Page, what: string): Promise<void> {
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll, page.url()).toBeLessThanOrEqual(widths.client);
    await expectNoAxeViolations(page, what);
  }

  async function bookOnline(start: string): Promise<{ reference: string; manageUrl: string }> {
    const response = await fetch(`${origin}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'diagnostic-informatique', start, customer: { lastName: 'Martin', firstName: 'Claire', country: 'FR', email: EMAIL, phone: '06 12 34 56 78' }, payment: 'stripe' }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { reference: string; manageUrl: string };
  }

  /** Pays on the fake Stripe's hosted page, then waits to be back on our site. */
  async function payAtStripe(page: Page): Promise<void> {
    await page.waitForURL((url) => url.origin === new URL(stripe.url).origin);
    expect(await page.getByRole('heading', { name: 'Pay 49.00 EUR' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL((url) => url.origin === origin);
  }

  async function signInLinkFromMail(): Promise<string> {
    const dir = path.join(dataDir, 'mail');
    for (let attempt = 0; attempt < 100; attempt++) {
      for (const file of existsSync(dir) ? readdirSync(dir).sort().reverse() : []) {
        const mail = await simpleParser(readFileSync(path.join(dir, file)));
        const link = mail.text?.match(/https?:\/\/\S+\/mon-espace\/connexion\/[A-Za-z0-9_-]+/)?.[0];
        if (link) return link;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no sign-in mail arrived');
  }

  it('shows « En attente de votre paiement » on the private page, resumes the Stripe checkout, then shows « Payée »', async () => {
    const created = await bookOnline(slots[0]!.start);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(new URL(created.manageUrl).pathname);
    await fitsTheScreen(page, 'the private page of a booking awaiting its payment');
    const section = page.getByRole('region', { name: 'Paiement' });
    expect(await section.innerText()).toContain('En attente de votre paiement');
    expect(await section.innerText()).toMatch(/encore (29|30)\u00a0min/);
    expect(await page.getByText('Confirmée', { exact: true }).count()).toBe(0);

    await section.getByRole('button', { name: 'Reprendre le paiement' }).click();
    await payAtStripe(page);
    await page.waitForURL((url) => url.searchParams.get('confirmee') === '1');
    await fitsTheScreen(page, 'the private page once paid');
    expect(await page.getByRole('region', { name: 'Paiement' }).innerText()).toContain('Payée');
    expect(await page.getByText('Confirmée', { exact: true }).count()).toBe(1);
    // One checkout for the attempt: resuming it made no second session.
    expect(stripe.sessions.size).toBe(1);
    await context.close();
  });

  it('shows « En attente de votre paiement » in the customer’s space and resumes the checkout from there', async () => {
    // A slot the first booking does not overlap (the service lasts an hour, with its buffers).
    const created = await bookOnline(slots.find((s) => Date.parse(s.start) >= Date.parse(slots[0]!.start) + 3 * 3_600_000)!.start);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto('/mon-espace');
    await page.getByLabel('Votre adresse e-mail').fill(EMAIL);
    await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Regardez votre boîte e-mail');
    await page.goto(new URL(await signInLinkFromMail()).pathname);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/mon-espace');
    await fitsTheScreen(page, 'the space with a booking awaiting its payment');
    const card = page.locator('li.card', { hasText: created.reference });
    expect(await card.innerText()).toContain('En attente de votre paiement');
    expect(await card.innerText()).toContain('En attente de paiement');
    expect(await card.innerText()).not.toContain('Confirmée');
    // The booking paid in the first test reads « Payée ».
    expect(await page.locator('main').innerText()).toContain('Payée');

    await card.getByRole('button', { name: `Reprendre le paiement — ${created.reference}` }).click();
    await payAtStripe(page);
    await page.goto('/mon-espace');
    await fitsTheScreen(page, 'the space once paid');
    expect(await page.locator('li.card', { hasText: created.reference }).innerText()).toContain('Payée');
    expect(await page.locator('li.card', { hasText: created.reference }).innerText()).toContain('Confirmée');
    await context.close();
  });
});

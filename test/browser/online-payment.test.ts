import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe.js';
import { startFakeStripe, type FakeStripe } from '../support/fakes/stripe.js';
import { startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * A booking paid online in a real browser, 390 px wide, JavaScript off: the booking form offers
 * « Payer en ligne par carte (Stripe) », our page moves on to the fake Stripe's hosted checkout,
 * « Pay » completes it there (the fake signs and sends the webhook to the server), and Stripe's
 * return lands on our page, which finds the booking confirmed and paid.
 */

describeBrowser('online payment in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let stripe: FakeStripe;
  let origin: string;
  let start: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-online-'));
    stripe = await startFakeStripe();
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-online-secret-key-0123456789abcdef', STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url };
    [server, browser] = await Promise.all([
      startServer(env),
      launchChromium(),
    ]);
    await waitForHealth(server);
    origin = new URL(server.url).origin;
    stripe.webhookUrl = `${origin}/webhooks/stripe`;
    // The owner's choice for the check-up (the service form's « Paiement » boxes): on site or by card online.
    const db = new Database(path.join(dataDir, 'wservices.sqlite'));
    db.prepare(`update services set payment_options = '["on_site","stripe"]' where slug = 'diagnostic-informatique'`).run();
    db.close();
    // A slot beyond the 14-day withdrawal period: no early-start request to tick.
    const from = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (await fetch(`${origin}/api/v1/services/diagnostic-informatique/slots?from=${from}&to=${to}`)).json()) as { start: string }[];
    start = slots[0]!.start;
  });

  afterAll(async () => {
    await browser?.close();
    const exit = await server?.stop();
    await stripe?.close();
    rmSync(dataDir, { recursive: true, force: true });
    expect(exit).toEqual({ code: 0, signal: null });
  });

  async function fitsTheScreen(page: Page): Promise<void> {
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll, page.url()).toBeLessThanOrEqual(widths.client);
    await expectNoAxeViolations(page);
  }

  it('books a paid service, pays on the provider’s page and sees the booking confirmed and paid', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', baseURL: origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`/services/diagnostic-informatique/reserver?start=${encodeURIComponent(start)}`);
    await fitsTheScreen(page);
    expect(await page.getByLabel('Payer sur place, le jour de la prestation').isChecked()).toBe(true);
    await page.getByLabel('Nom', { exact: true }).fill('Martin');
    await page.getByLabel('Prénom', { exact: true }).fill('Claire');
    await page.getByLabel('Pays de résidence', { exact: true }).selectOption('FR');
    await page.getByLabel('Adresse e-mail', { exact: true }).fill('claire.en-ligne@example.fr');
    await page.getByLabel('Téléphone', { exact: true }).fill('06 12 34 56 78');
    await page.getByLabel('Payer en ligne par carte (Stripe)').check();
    await page.getByLabel('J’ai lu et j’accepte les conditions générales de vente').check();
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();

    // Our page moves on to Stripe's hosted checkout (the fake's), which the browser reaches itself.
    await page.waitForURL((url) => url.origin === new URL(stripe.url).origin);
    expect(await page.getByRole('heading', { name: 'Pay 49.00 EUR' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Pay' }).click();

    // Back on our site: the webhook has confirmed the payment; the booking's page says it is confirmed.
    await page.waitForURL((url) => url.origin === origin && url.searchParams.get('confirmee') === '1');
    await fitsTheScreen(page);
    expect(await page.getByText('Confirmée', { exact: true }).count()).toBe(1);
    expect(stripe.deliveries).toEqual([expect.objectContaining({ type: 'checkout.session.completed', status: 200 })]);

    // Paid: what the booking's API says with its manage token (the last part of the page's address).
    const [, , reference, token] = new URL(page.url()).pathname.split('/');
    const read = await fetch(`${origin}/api/v1/bookings/${reference}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await read.json()).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    await context.close();
  });

  it('comes back from the provider without paying: the page offers to pay again or on site, in English too', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', baseURL: origin, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const later = new Date(Date.parse(start) + 2 * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (await fetch(`${origin}/api/v1/services/diagnostic-informatique/slots?from=${later}&to=${later}`)).json()) as { start: string }[];
    await page.goto(`/en/services/diagnostic-informatique/book?start=${encodeURIComponent(slots[0]!.start)}`);
    await page.getByLabel('Last name', { exact: true }).fill('Smith');
    await page.getByLabel('First name', { exact: true }).fill('Jane');
    await page.getByLabel('Country of residence', { exact: true }).selectOption('GB');
    await page.getByLabel('Email address', { exact: true }).fill('jane.online@example.co.uk');
    await page.getByLabel('Phone', { exact: true }).fill('+44 20 7946 0958');
    await page.getByLabel('Pay online by card (Stripe)').check();
    await page.getByLabel('I have read and accept the terms of sale').check();
    await page.getByRole('button', { name: 'Confirm the booking' }).click();
    await page.waitForURL((url) => url.origin === new URL(stripe.url).origin);
    await page.getByRole('link', { name: 'Back' }).click();

    await page.waitForURL((url) => url.origin === origin);
    await fitsTheScreen(page);
    expect(await page.getByRole('heading', { name: 'Payment not made' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Pay on site instead, on the day' }).click();
    await page.waitForURL((url) => url.searchParams.get('confirmee') === '1');
    await fitsTheScreen(page);
    expect(await page.getByText('Confirmed', { exact: true }).count()).toBe(1);
    await context.close();
  });
});

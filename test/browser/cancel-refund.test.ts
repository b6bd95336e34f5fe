import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations, watchAxe, type AxeWatch } from '../support/axe.js';
import { startFakeStripe, type FakeStripe } from '../support/fakes/stripe.js';
import { startServer, waitForHealth, type ServerProcess } from '../support/processes.js';

/**
 * A customer cancels a paid booking from its private link, in a real browser: the cancel page
 * says what will be refunded and how before they confirm (booking-refund.ts: before the cut-off,
 * everything), the booking's page then says the refund is on its way, and the server's job asks
 * the fake Stripe for it. Paid through the real Stripe SDK against the fake (signed webhook).
 * axe on every page, at 390 px without JavaScript and on a desktop screen with it.
 */

describeBrowser('cancelling a paid booking in a real browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let stripe: FakeStripe;
  let origin: string;
  let slots: string[];
  const watches: AxeWatch[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wservices-cancel-refund-'));
    stripe = await startFakeStripe();
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'browser-cancel-refund-key-0123456789abcdef', STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_BASE: stripe.url };
    [server, browser] = await Promise.all([
      startServer(env),
      launchChromium(),
    ]);
    await waitForHealth(server);
    origin = new URL(server.url).origin;
    stripe.webhookUrl = `${origin}/webhooks/stripe`;
    // The check-up paid by card online, or a 30 % deposit online and the rest on site.
    const db = new Database(path.join(dataDir, 'wservices.sqlite'));
    db.prepare(`update services set payment_options = '["on_site","stripe"]', deposit_percent = 30 where slug = 'diagnostic-informatique'`).run();
    db.close();
    // Slots beyond the 14-day withdrawal period, well before their cut-off: a free cancellation online.
    const from = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    slots = ((await (await fetch(`${origin}/api/v1/services/diagnostic-informatique/slots?from=${from}&to=${to}`)).json()) as { start: string }[]).map((s) => s.start);
  });

  afterAll(async () => {
    await browser?.close();
    const exit = await server?.stop();
    await stripe?.close();
    rmSync(dataDir, { recursive: true, force: true });
    expect(watches.flatMap((w) => w.unchecked())).toEqual([]);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  /** Books through the API and pays on the fake Stripe's page (its webhook confirms the booking): the private link's path. */
  async function paidBooking(payment: 'stripe' | 'deposit_stripe', start: string, email: string, locale: 'fr' | 'en'): Promise<string> {
    const response = await fetch(`${origin}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': locale },
      body: JSON.stringify({ service: 'diagnostic-informatique', start, customer: { lastName: 'Martin', firstName: 'Claire', country: 'FR', email, phone: '06 12 34 56 78' }, payment, locale }),
    });
    const created = (await response.json()) as { paymentUrl: string; manageUrl: string };
    expect(response.status).toBe(201);
    await stripe.complete(/\/pay\/(\w+)$/.exec(created.paymentUrl)![1]!);
    return new URL(created.manageUrl).pathname;
  }

  async function open(width: number, javaScriptEnabled: boolean, locale: string): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled, locale, baseURL: origin, viewport: { width, height: 844 } });
    const page = await context.newPage();
    watches.push(watchAxe(page));
    return page;
  }

  async function checked(page: Page, what: string): Promise<void> {
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll, what).toBeLessThanOrEqual(widths.client);
    await expectNoAxeViolations(page, what);
  }

  const refundsAsked = () => stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');

  it('shows what will be refunded before the customer confirms, then the refund on its way (390 px, no JavaScript)', async () => {
    const privatePath = await paidBooking('stripe', slots[0]!, 'claire.rembourse@example.fr', 'fr');
    const page = await open(390, false, 'fr-FR');
    await page.goto(privatePath);
    await checked(page, 'the private page of a paid booking');
    await page.getByRole('link', { name: 'Annuler la réservation' }).click();

    await page.waitForURL((url) => url.pathname.endsWith('/annuler'));
    await checked(page, 'the cancel page with its refund');
    const refund = page.getByRole('region', { name: 'Votre remboursement' });
    expect(await refund.innerText()).toContain('Vous avez payé 49,00\u00a0€. Vous annulez dans le délai prévu\u00a0: cette somme vous sera remboursée en totalité.');
    expect(await refund.innerText()).toContain('Le remboursement passe par le moyen de paiement que vous aviez utilisé\u00a0; il apparaît sur votre compte sous 5 à 10\u00a0jours ouvrés selon votre banque.');
    // Keeping it is one click away and changes nothing.
    await page.getByRole('link', { name: 'Non, garder ma réservation' }).click();
    await page.waitForURL((url) => url.pathname === privatePath);
    await checked(page, 'the private page, kept');
    expect(await page.getByText('Confirmée', { exact: true }).count()).toBe(1);
    expect(refundsAsked()).toEqual([]);

    await page.getByRole('link', { name: 'Annuler la réservation' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/annuler'));
    await checked(page, 'the cancel page again');
    await page.getByRole('button', { name: 'Annuler et me faire rembourser 49,00\u00a0€' }).click();

    await page.waitForURL((url) => url.searchParams.get('annulee') === '1');
    await checked(page, 'the private page, cancelled');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Votre réservation est annulée.');
    expect(text).toContain('Un remboursement de 49,00\u00a0€ est en cours, par le moyen de paiement que vous aviez utilisé.');
    // The server's refund job asks Stripe for exactly what was paid.
    await expect.poll(() => refundsAsked().length, { timeout: 15_000 }).toBe(1);
    expect(refundsAsked()[0]!.params).toMatchObject({ amount: '4900' });
    await page.context().close();
  });

  it('says a deposit comes back in full, in English on a desktop screen with JavaScript', async () => {
    const privatePath = await paidBooking('deposit_stripe', slots[1]!, 'jane.deposit@example.co.uk', 'en');
    const page = await open(1280, true, 'en-GB');
    await page.goto(privatePath.startsWith('/en/') ? privatePath : `/en${privatePath.replace('/reservation/', '/booking/')}`);
    await checked(page, 'the private page of a booking with a deposit');
    await page.getByRole('link', { name: 'Cancel the booking' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/cancel'));
    await checked(page, 'the cancel page of a booking with a deposit');
    const refund = page.getByRole('region', { name: 'Your refund' });
    expect(await refund.innerText()).toContain('You paid a deposit of €14.70. You are cancelling in time: it will be refunded in full.');
    await page.getByRole('button', { name: 'Cancel and get €14.70 back' }).click();
    await page.waitForURL((url) => url.searchParams.get('annulee') === '1');
    await checked(page, 'the private page of the cancelled deposit booking');
    expect(await page.locator('main').innerText()).toContain('A refund of €14.70 is on its way');
    await expect.poll(() => refundsAsked().length, { timeout: 15_000 }).toBe(2);
    expect(refundsAsked()[1]!.params).toMatchObject({ amount: '1470' });
    await page.context().close();
  });
});

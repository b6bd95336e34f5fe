import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { expectNoAxeViolations } from './axe.js';

/** Debian's chromium, which .ci/run installs; the browser tests say they were skipped without it. */
export const CHROMIUM = '/usr/bin/chromium';

/** `describe` for a browser test, skipped (and saying why) when chromium is not installed. */
export function describeBrowser(title: string, tests: () => void): void {
  if (existsSync(CHROMIUM)) describe(title, tests);
  else describe.skip(`${title} — skipped: ${CHROMIUM} is missing`, tests);
}

/** Chromium headless, quiet: no network of its own, nothing but the pages the test opens. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Nothing wider than the screen (a 390 px phone), and no axe-core violation on the page. */
export async function fitsTheScreen(page: Page, what?: string): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll, page.url()).toBeLessThanOrEqual(widths.client);
  await expectNoAxeViolations(page, what);
}

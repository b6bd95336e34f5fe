import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './axe.js';

/** Debian's chromium, which .ci/run installs; the browser tests say they were skipped without it. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * `describe` for a browser test. Without chromium it is skipped, saying why, on a developer's
 * machine; under CI (CI set, as .ci/run's runners set it) it fails instead, so that a missing
 * install step can never pass as a green run with the browser tests left out.
 */
export function describeBrowser(title: string, tests: () => void): void {
  if (existsSync(CHROMIUM)) describe(title, tests);
  else if (runningUnderCi()) describe(title, () => it(`needs ${CHROMIUM}`, () => expect.fail(`${CHROMIUM} is missing: .ci/run installs Debian's chromium (apt-get install chromium)`)));
  else describe.skip(`${title} — skipped: ${CHROMIUM} is missing`, tests);
}

function runningUnderCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
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

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * axe-core (unmodified, MPL-2.0) on the pages the browser tests visit. Every browser test calls
 * `expectNoAxeViolations(page)` on each page it reaches, and `watchAxe(page)` proves that none was
 * forgotten: it records each page the tab navigates to, so that a test can assert at its end that
 * every one was checked.
 *
 * Playwright evaluates scripts through the DevTools protocol, which works on a tab whose
 * JavaScript is off too, so the page checked is the one a visitor without JavaScript gets; but
 * such a tab runs no timer, and axe defers its steps with setTimeout(…, 0). For the time of the
 * run there, setTimeout runs zero-delay callbacks as promise reactions (which do run) and ignores
 * the longer ones (axe's guards against assets that never arrive).
 */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Every rule axe runs by default: WCAG 2.0–2.2 A and AA, and its best practices. */
const runOptions: RunOptions = { resultTypes: ['violations'] };

export async function axeViolations(page: Page): Promise<Result[]> {
  const timersOff = !(await timersRun(page));
  const injected = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!injected) await page.evaluate(axeSource);
  const run = page.evaluate(
    async ({ options, timersOff }) => {
      const w = window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResults> }; setTimeout: unknown };
      const setTimeoutOfPage = window.setTimeout;
      if (timersOff) {
        w.setTimeout = (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
          // Not queueMicrotask: on such a tab its callbacks never run; a promise's do.
          if (!delay || delay <= 1) void Promise.resolve().then(() => callback(...args));
          return 0;
        };
      }
      try {
        return await w.axe.run(document, options);
      } finally {
        w.setTimeout = setTimeoutOfPage;
      }
    },
    { options: runOptions as never, timersOff },
  );
  const results = await Promise.race([
    run,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`axe-core did not finish on ${page.url()} within 30 s`)), 30_000).unref()),
  ]);
  return results.violations;
}

const timersRunIn = new WeakMap<BrowserContext, boolean>();

/** Whether the page runs timers, that is whether its JavaScript is on (evaluation itself always works); a context's setting. */
async function timersRun(page: Page): Promise<boolean> {
  const known = timersRunIn.get(page.context());
  if (known !== undefined) return known;
  const probe = page.evaluate(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 0))).catch(() => false);
  const run = await Promise.race([probe, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500))]);
  timersRunIn.set(page.context(), run);
  return run;
}

/** Runs axe on the page as it is now and fails, listing each violation and where, if there is any. */
export async function expectNoAxeViolations(page: Page, what?: string): Promise<void> {
  const url = page.url();
  const violations = await axeViolations(page);
  axeChecked.get(page)?.add(pageKey(url));
  if (violations.length) throw new Error(`axe-core found ${violations.length} accessibility violation(s) on ${what ? `${what} (${url})` : url}:\n\n${formatViolations(violations)}`);
}

export function formatViolations(violations: Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.map((node) => {
        const summary = (node.failureSummary ?? '').split('\n').map((line) => `        ${line}`).join('\n');
        return `    at ${node.target.join(' ')}\n      ${node.html.slice(0, 300)}\n${summary}`;
      });
      return `- ${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help}\n  ${violation.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n\n');
}

const axeChecked = new WeakMap<Page, Set<string>>();

/** A page is its URL without the fragment; error pages and about:blank are not the site's. */
function pageKey(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}

export interface AxeWatch {
  /** The pages the tab showed that expectNoAxeViolations never checked. */
  unchecked(): string[];
}

/**
 * Records every page the tab shows (each navigation of its main frame, including the in-place
 * URL changes a script makes), so that a test can prove each was checked by axe.
 */
export function watchAxe(page: Page): AxeWatch {
  const visited = new Set<string>();
  const checked = new Set<string>();
  axeChecked.set(page, checked);
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const url = frame.url();
    if (/^https?:/.test(url)) visited.add(pageKey(url));
  });
  return { unchecked: () => [...visited].filter((url) => !checked.has(url)) };
}

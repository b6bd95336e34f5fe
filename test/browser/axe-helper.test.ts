import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectNoAxeViolations, watchAxe } from '../support/axe.js';

/**
 * The axe helper of the browser tests fails on a page with violations, with JavaScript on and
 * off, says what and where; and its watch reports a page nobody checked.
 */

const pages: Record<string, string> = {
  '/good': '<!doctype html><html lang="fr"><head><title>Bien</title></head><body><main><h1>Bonjour</h1><p>Un texte lisible.</p></main></body></html>',
  '/bad':
    '<!doctype html><html lang="fr"><head><title>Mal</title></head><body><main><h1>Formulaire</h1>' +
    '<form><input type="text" name="nom"><img src="/photo.png"></form>' +
    '<p style="color:#bbb;background:#fff">Texte pâle</p></main></body></html>',
};

describeBrowser('the axe-core helper', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const body = pages[new URL(request.url ?? '/', 'http://x').pathname];
      response.writeHead(body ? 200 : 404, { 'content-type': body ? 'text/html; charset=utf-8' : 'text/plain' }).end(body ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`fails on violations and names them, JavaScript ${javaScriptEnabled ? 'on' : 'off'}; passes a clean page`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const watch = watchAxe(page);
      await page.goto(`${origin}/good`);
      await expectNoAxeViolations(page);
      await page.goto(`${origin}/bad`);
      const error = await expectNoAxeViolations(page, 'the bad page').then(
        () => null,
        (thrown: Error) => thrown,
      );
      expect(error?.message).toMatch(/^axe-core found 3 accessibility violation\(s\) on the bad page \(http:\/\/127\.0\.0\.1:\d+\/bad\):/);
      for (const rule of ['label', 'image-alt', 'color-contrast']) expect(error?.message).toContain(`- ${rule} (`);
      expect(error?.message).toContain('at input');
      expect(watch.unchecked()).toEqual([]);
      await page.goto(`${origin}/good?again`);
      expect(watch.unchecked()).toEqual([`${origin}/good?again`]);
      await context.close();
    });
  }
});

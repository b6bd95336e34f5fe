import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

/** Search engines need absolute hreflang links, each page naming itself, its twin, and the default. */
describe('language alternates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { env: { BASE_URL: 'https://www.example.fr' } });
  });
  afterAll(() => t?.close());

  const alternates = (html: string) =>
    Object.fromEntries([...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/gi)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]));

  it.each([
    ['/', '/en/'],
    ['/services', '/en/services'],
    ['/services/diagnostic-informatique?from=2026-11-30', '/en/services/diagnostic-informatique'],
    ['/conditions-generales-de-vente', '/en/terms-of-sale'],
  ])('%s and its English twin %s link to each other with absolute URLs, French as x-default', async (frUrl, enUrl) => {
    const frPath = frUrl.split('?')[0]!;
    const expected = { fr: `https://www.example.fr${frPath}`, en: `https://www.example.fr${enUrl}`, 'x-default': `https://www.example.fr${frPath}` };
    const french = await t.app.inject(frUrl);
    expect(french.statusCode).toBe(200);
    expect(alternates(french.body)).toEqual(expected);
    const english = await t.app.inject(enUrl);
    expect(english.statusCode).toBe(200);
    expect(alternates(english.body)).toEqual(expected);
  });
});

import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

/** Lighthouse found every page and asset sent uncompressed. */
describe('compression', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { env: { PAGE_CACHE_MS: '60000' } });
  });
  afterAll(() => t?.close());

  const decode = (encoding: string | undefined, body: Buffer) =>
    (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8');

  it.each(['/', '/services/diagnostic-informatique', '/en/services', '/api/openapi.json'])(
    '%s: brotli or gzip as the client asks, the same content, the security headers kept; identity for a client that does not ask',
    async (url) => {
      const plain = await t.app.inject(url);
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      for (const [accept, expected] of [
        ['br, gzip', 'br'],
        ['gzip, deflate, br;q=0.5', 'gzip'],
        ['gzip', 'gzip'],
        ['identity', undefined],
      ] as const) {
        const response = await t.app.inject({ url, headers: { 'accept-encoding': accept } });
        expect(response.statusCode, accept).toBe(200);
        expect(response.headers['content-encoding'], accept).toBe(expected);
        if (expected) expect(String(response.headers.vary), accept).toMatch(/accept-encoding/i);
        expect(response.headers['content-security-policy'], accept).toContain("default-src 'self'");
        expect(response.headers['x-content-type-options'], accept).toBe('nosniff');
        const text = decode(expected, response.rawPayload);
        // Pages with a per-request form key differ; these are the same for every visitor.
        expect(text, accept).toBe(plain.body);
        if (expected) expect(response.rawPayload.length, accept).toBeLessThan(plain.rawPayload.length / 2);
      }
    },
  );

  it('sends a short answer (under 1 kB) as it is', async () => {
    const response = await t.app.inject({ url: '/healthz', headers: { 'accept-encoding': 'br, gzip' } });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.json()).toEqual({ status: 'ok', db: 'sqlite' });
  });

  it('serves the script and the stylesheet precompressed once at start: the bytes sent are those made then', async () => {
    for (const url of [t.app.assets.scriptUrl, t.app.assets.styleUrl]) {
      const asset = t.app.assets.files.get(url)!;
      for (const [accept, encoding, bytes] of [
        ['br, gzip', 'br', asset.br],
        ['gzip', 'gzip', asset.gzip],
        ['', undefined, asset.body],
      ] as const) {
        const response = await t.app.inject({ url, headers: accept ? { 'accept-encoding': accept } : {} });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-encoding'], `${url} ${accept}`).toBe(encoding);
        expect(response.headers.vary).toBe('accept-encoding');
        expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(response.rawPayload.equals(bytes), `${url} ${accept}`).toBe(true);
        expect(decode(encoding, response.rawPayload)).toBe(asset.body.toString('utf8'));
      }
      expect(asset.br.length).toBeLessThan(asset.body.length / 2);
    }
  });
});

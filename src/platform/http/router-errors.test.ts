import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

/** Errors the router raises before any route is found go through the same path as every other answer. */
describe('router errors', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    t = await createTestApp('sqlite', { env: { LOG_LEVEL: 'info' }, logStream: { write: (line) => void lines.push(JSON.parse(line)) } });
  });
  afterAll(() => t?.close());

  const cases = [
    { name: 'bad percent-encoding', url: '/services/%E2%98', status: 400, code: 'BAD_URL', fr: 'Cette adresse est mal formée' },
    { name: 'an over-long parameter', url: `/services/${'a'.repeat(300)}`, status: 414, code: 'URL_TOO_LONG', fr: 'Cette adresse est trop longue' },
  ];

  it.each(cases)('$name: the site’s error page, with the security headers, and a log line', async ({ url, status, code, fr }) => {
    lines.length = 0;
    const response = await t.app.inject({ url });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain(fr);
    expect(response.body).toContain('<html lang="fr"');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(lines.some((line) => line.code === `FST_ERR_${code === 'BAD_URL' ? 'BAD_URL' : 'MAX_PARAM_LENGTH'}` && line.msg === 'malformed request URL')).toBe(true);
  });

  it.each(cases)('$name under /api: the documented JSON error shape, in the reader’s language', async ({ status, code, url }) => {
    const response = await t.app.inject({ url: url.replace('/services/', '/api/v1/services/') + '/slots', headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code, message: expect.stringMatching(/^This address is/) } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

/** The headers helmet sets (security.ts), on every kind of answer: what Mozilla Observatory grades. */
const SECURITY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];
/** Helmet's defaults first, then the site's own directives: no other host, no inline script or style, no framing. */
const POLICY =
  "default-src 'self';base-uri 'self';font-src 'self';form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self';connect-src 'self'";
const SECURE_POLICY = POLICY.replace(";connect-src 'self'", ";upgrade-insecure-requests;connect-src 'self'");

describe('security headers', () => {
  let t: TestApp;
  let secure: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    secure = await createTestApp('sqlite', { env: { BASE_URL: 'https://rendez-vous.example.fr' } });
  });
  afterAll(async () => {
    await t?.close();
    await secure?.close();
  });

  const answers = (app: TestApp) => [
    // A page twice: the second comes from the page cache.
    () => app.app.inject({ url: '/' }),
    () => app.app.inject({ url: '/' }),
    () => app.app.inject({ url: '/page-qui-n-existe-pas' }),
    () => app.app.inject({ url: '/api/v1/services' }),
    () => app.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: { nothing: true } }),
    () => app.app.inject({ url: '/admin' }),
  ];

  it('are the same on a page, a cached page, a 404, the API, a refused request and a redirect', async () => {
    for (const answer of answers(t)) {
      const response = await answer();
      const url = `${response.raw.req.method} ${response.raw.req.url} → ${response.statusCode}`;
      for (const name of SECURITY_HEADERS) expect(response.headers[name], `${name} on ${url}`).toBeDefined();
      expect(response.headers['content-security-policy'], url).toBe(POLICY);
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('add HSTS and upgrade-insecure-requests under an https address, and only there', async () => {
    for (const answer of answers(secure)) {
      const response = await answer();
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(response.headers['content-security-policy']).toBe(SECURE_POLICY);
    }
  });
});

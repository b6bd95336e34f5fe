import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { ManualClock } from '../clock.js';
import { createPageCache } from './page-cache.js';

describe('page cache', () => {
  it('renders once, again after a change or after its time to live, and not at all when off', async () => {
    const clock = new ManualClock('2026-11-26T07:00:00Z');
    const cache = createPageCache({ ttlMs: 2000, clock });
    let renders = 0;
    const render = async () => `page ${++renders}`;
    expect(await cache.remember('a', render)).toBe('page 1');
    expect(await cache.remember('a', render)).toBe('page 1');
    cache.invalidate();
    expect(await cache.remember('a', render)).toBe('page 2');
    clock.advance(1999);
    expect(await cache.remember('a', render)).toBe('page 2');
    clock.advance(1);
    expect(await cache.remember('a', render)).toBe('page 3');
    clock.advance(-10_000);
    expect(await cache.remember('a', render)).toBe('page 4');
    const off = createPageCache({ ttlMs: 0, clock });
    expect(await off.remember('a', render)).toBe('page 5');
    expect(await off.remember('a', render)).toBe('page 6');
  });

  it('does not keep a page whose data changed while it was rendered', async () => {
    const cache = createPageCache({ ttlMs: 60_000, clock: new ManualClock('2026-11-26T07:00:00Z') });
    let renders = 0;
    expect(
      await cache.remember('a', async () => {
        cache.invalidate();
        return `page ${++renders}`;
      }),
    ).toBe('page 1');
    expect(await cache.remember('a', async () => `page ${++renders}`)).toBe('page 2');
  });

  it('never keeps a failed render', async () => {
    const cache = createPageCache({ ttlMs: 60_000, clock: new ManualClock('2026-11-26T07:00:00Z') });
    await expect(cache.remember('a', async () => Promise.reject(new Error('no such service')))).rejects.toThrow('no such service');
    expect(await cache.remember('a', async () => 'page')).toBe('page');
  });
});

describe('cached public pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t?.close());

  it('serves a service page from memory, and shows a booking made through this instance at once', async () => {
    const url = '/services/diagnostic-informatique?date=2026-11-30';
    const first = await t.app.inject(url);
    expect(first.body).toContain('2026-11-30T10%3A00%3A00%2B01%3A00');
    t.db.queries.length = 0;
    const second = await t.app.inject(url);
    expect(second.body).toBe(first.body);
    // Only the business profile's version is read (settings: another instance's save shows at once, cache or not).
    expect(t.db.queries).toEqual(["select version from business_settings where id = 'business'"]);

    const booked = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: { service: 'diagnostic-informatique', start: MONDAY_10, customer: customer(), requestEarlyPerformance: true } });
    expect(booked.statusCode).toBe(201);
    const after = await t.app.inject(url);
    expect(after.body).not.toContain('2026-11-30T10%3A00%3A00%2B01%3A00');
  });

  it('never caches a page with a visitor’s own content', async () => {
    const form = `/services/diagnostic-informatique/reserver?start=${encodeURIComponent('2026-11-30T14:00:00+01:00')}`;
    const a = await t.app.inject(form);
    const b = await t.app.inject(form);
    const key = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
    expect(key(a.body)).toBeTruthy();
    expect(key(a.body)).not.toBe(key(b.body));
  });
});

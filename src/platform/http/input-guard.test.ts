import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, customer, MONDAY_10, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';

describeEachDialect('NUL characters', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  it('are refused with a 400 in the reader’s language, wherever they come, and nothing is written', async () => {
    const before = await t.db.database.db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const attempts = [
      t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { 'accept-language': 'en' }, payload: { service: 'diagnostic-informatique', start: MONDAY_10, customer: customer({ company: 'A\u0000B' }) } }),
      t.app.inject({ method: 'GET', url: '/api/v1/services/diagnostic-informatique/slots?from=2026-11-30%00&to=2026-11-30' }),
      t.app.inject({ method: 'GET', url: '/services/diagnostic%00' }),
      t.app.inject({ method: 'POST', url: '/services/diagnostic-informatique/reserver', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'customer.lastName=A%00B&start=x' }),
      t.app.inject({ method: 'POST', url: '/admin/connexion', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%00@b.fr&password=x' }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.statusCode, response.body.slice(0, 200)).toBe(400);
    const english = await attempts[0]!;
    expect(english.json()).toEqual({ error: { code: 'NUL_CHARACTER', message: 'A field contains a NUL character, which cannot be stored. Remove it and try again.' } });
    const after = await t.db.database.db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
